package dev.jdns.resolver.validate;

import java.security.PublicKey;
import java.security.SignatureException;
import java.util.Optional;

/**
 * The signature verifications of validating one client query: looked up in {@link VerifiedSignatures} first, and
 * at most a budget of real verifications, after which every further one fails. KeyTrap (CVE-2023-50387) multiplied
 * the per-RRset bound (RRSIGs tried per RRset) by the RRsets of an answer (an alias chain of signed CNAMEs, each with
 * many signatures to try, and the key sets of every zone on the way): this budget bounds the product, as BIND bounds
 * validations per fetch. Verifications found in the cache cost nothing and count nothing, so retrying a query whose
 * chain needed more than the budget gets further each time.
 * <p>
 * Open on the validating thread for the length of one validation ({@link #open}); {@link RememberingSignature} finds
 * it through {@link #current()}. Not thread-safe: one validation, one thread.
 */
final class SignatureChecks implements AutoCloseable {

    private static final ThreadLocal<SignatureChecks> CURRENT = new ThreadLocal<>();

    private final VerifiedSignatures verified;
    private final int budget;
    private final SignatureChecks outer;
    private int spent;
    private boolean exhausted;

    private SignatureChecks(VerifiedSignatures verified, int budget, SignatureChecks outer) {
        this.verified = verified;
        this.budget = budget;
        this.outer = outer;
    }

    /** Starts counting the current thread's verifications; close it when the validation is over. */
    static SignatureChecks open(VerifiedSignatures verified, int budget) {
        RememberingSignature.install();
        SignatureChecks checks = new SignatureChecks(verified, budget, CURRENT.get());
        CURRENT.set(checks);
        return checks;
    }

    /** The validation the current thread is in, if any; outside one, signatures are verified as the JDK does. */
    static Optional<SignatureChecks> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Whether a verification was refused because the budget was spent: the verdict is not the data's fault. */
    boolean exhausted() {
        return exhausted;
    }

    int budget() {
        return budget;
    }

    /**
     * The result of verifying {@code signature} over {@code signedData} with {@code key}: from the cache, or from
     * {@code verification} (counted against the budget; remembered when it succeeds).
     */
    boolean verify(String algorithm, PublicKey key, byte[] signedData, byte[] signature,
            Verification verification) throws SignatureException {
        VerifiedSignatures.Fingerprint fingerprint =
                VerifiedSignatures.Fingerprint.of(algorithm, key, signedData, signature);
        if (verified.known(fingerprint)) {
            return true;
        }
        if (spent >= budget) {
            exhausted = true;
            throw new SignatureException("more than " + budget + " signature verifications for one query");
        }
        spent++;
        boolean valid = verification.verify();
        if (valid) {
            verified.remember(fingerprint, signedData);
        }
        return valid;
    }

    @Override
    public void close() {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }

    /** The real verification, run only on a cache miss. */
    @FunctionalInterface
    interface Verification {
        boolean verify() throws SignatureException;
    }
}
