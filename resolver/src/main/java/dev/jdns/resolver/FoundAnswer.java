package dev.jdns.resolver;

import dev.jdns.resolver.core.StepAnswer;

/** One pipeline stage's answer for one name, with where it was found. */
record FoundAnswer(StepAnswer answer, AnswerSource source) {}
