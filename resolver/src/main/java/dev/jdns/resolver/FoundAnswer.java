package dev.jdns.resolver;

/** One pipeline stage's answer for one name, with where it was found. */
record FoundAnswer(StepAnswer answer, AnswerSource source) {}
