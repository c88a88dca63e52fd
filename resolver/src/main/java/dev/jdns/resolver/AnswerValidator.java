package dev.jdns.resolver;

import dev.jdns.resolver.core.Question;

/**
 * Answers recursive questions validated (DNSSEC), on top of a {@link Resolver}; {@link RecursiveHandler} uses one
 * when trust anchors are configured. Implemented by {@code dev.jdns.resolver.validate.Validator}.
 */
public interface AnswerValidator {

    /**
     * Answers a recursive question, validated unless the client set CD.
     *
     * @param dnssecOk           the client set DO: DNSSEC records go in the reply (RFC 4035 §3.2.1)
     * @param checkingDisabled   the client set CD: it validates itself and gets the data as it is (RFC 4035 §3.2.2)
     * @param authenticRequested the client set AD in its query (RFC 6840 §5.7)
     * @param scope              whether the response policy applies (a name it decides is answered unvalidated)
     */
    ValidatedAnswer resolve(Question question, boolean dnssecOk, boolean checkingDisabled,
            boolean authenticRequested, PolicyScope scope);

    /** As {@link #resolve(Question, boolean, boolean, boolean, PolicyScope)}, without response policy. */
    default ValidatedAnswer resolve(Question question, boolean dnssecOk, boolean checkingDisabled,
            boolean authenticRequested) {
        return resolve(question, dnssecOk, checkingDisabled, authenticRequested, PolicyScope.NONE);
    }
}
