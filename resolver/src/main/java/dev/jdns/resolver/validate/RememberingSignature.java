package dev.jdns.resolver.validate;

import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JCA signature that asks {@link SignatureChecks} before verifying. dnsjava's validator verifies every RRSIG
 * through {@code DNSSEC.verify}, which takes its {@link Signature} from the JCA by algorithm name and offers no other
 * hook; so this class is registered as the first provider of the DNSSEC algorithms' signatures (one provider per
 * JVM, on the first validation), and everything it does not own goes to the next provider unchanged: signing, and
 * every verification made outside a validation (TLS, jar signatures, {@code jdns dig}'s chain of trust). The
 * verification itself is always the JDK's; what this class adds is the lookup and the budget, and only on a thread
 * that has {@link SignatureChecks} open.
 */
final class RememberingSignature extends SignatureSpi {

    static final String PROVIDER_NAME = "jdns-verified-signatures";

    /** What dnsjava's {@code DNSSEC} asks the JCA for, per DNSSEC algorithm (RFC 8624's and older ones). */
    private static final List<String> ALGORITHMS = List.of("SHA1withRSA", "SHA256withRSA", "SHA512withRSA",
            "SHA256withECDSA", "SHA384withECDSA", "Ed25519", "Ed448", "SHA1withDSA", "MD5withRSA");

    /** The providers after this one that offer each algorithm, in the JVM's order of preference. */
    private static final Map<String, Provider[]> NEXT = new ConcurrentHashMap<>();

    private final String algorithm;
    private Signature delegate;
    private PublicKey verifyingKey;
    private SignatureChecks checks;
    private final ByteArrayOutputStream signedData = new ByteArrayOutputStream(256);

    private RememberingSignature(String algorithm) {
        this.algorithm = algorithm;
    }

    /** Registers the provider once per JVM, ahead of the JDK's. */
    static synchronized void install() {
        if (Security.getProvider(PROVIDER_NAME) == null) {
            Security.insertProviderAt(new RememberingProvider(), 1);
        }
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        delegate = next(publicKey, null);
        verifyingKey = publicKey;
        checks = SignatureChecks.current().orElse(null);
        signedData.reset();
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        engineInitSign(privateKey, null);
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey, SecureRandom random) throws InvalidKeyException {
        delegate = next(privateKey, random);
        checks = null;
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        engineUpdate(new byte[] {b}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] bytes, int offset, int length) throws SignatureException {
        if (checks == null) {
            delegate.update(bytes, offset, length);
        } else {
            signedData.write(bytes, offset, length); // hashed first: the delegate sees it only on a cache miss
        }
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        return delegate.sign();
    }

    @Override
    protected boolean engineVerify(byte[] signature) throws SignatureException {
        if (checks == null) {
            return delegate.verify(signature);
        }
        byte[] data = signedData.toByteArray();
        signedData.reset();
        return checks.verify(algorithm, verifyingKey, data, signature, () -> {
            delegate.update(data);
            return delegate.verify(signature);
        });
    }

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params)
            throws java.security.InvalidAlgorithmParameterException {
        if (delegate == null) {
            throw new java.security.InvalidAlgorithmParameterException("initialise " + algorithm + " first");
        }
        delegate.setParameter(params);
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("no parameters by name");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException("no parameters by name");
    }

    /** The signature of the first provider after this one that takes {@code key}, initialised with it. */
    private Signature next(java.security.Key key, SecureRandom random) throws InvalidKeyException {
        InvalidKeyException refused = null;
        for (Provider provider : NEXT.computeIfAbsent(algorithm, RememberingSignature::providersAfterThis)) {
            try {
                Signature signature = Signature.getInstance(algorithm, provider);
                if (key instanceof PublicKey publicKey) {
                    signature.initVerify(publicKey);
                } else if (random == null) {
                    signature.initSign((PrivateKey) key);
                } else {
                    signature.initSign((PrivateKey) key, random);
                }
                return signature;
            } catch (java.security.NoSuchAlgorithmException e) {
                continue;
            } catch (InvalidKeyException e) {
                refused = e;
            }
        }
        throw refused != null ? refused : new InvalidKeyException("no provider of " + algorithm + " takes this key");
    }

    private static Provider[] providersAfterThis(String algorithm) {
        Provider[] offering = Security.getProviders("Signature." + algorithm);
        if (offering == null) {
            return new Provider[0];
        }
        return java.util.Arrays.stream(offering).filter(p -> !PROVIDER_NAME.equals(p.getName()))
                .toArray(Provider[]::new);
    }

    /** The provider: one service per algorithm, each making a {@link RememberingSignature}. */
    private static final class RememberingProvider extends Provider {

        RememberingProvider() {
            super(PROVIDER_NAME, "1", "DNSSEC signature verifications remembered by the jdns validator");
            for (String algorithm : ALGORITHMS) {
                putService(new Service(this, "Signature", algorithm, RememberingSignature.class.getName(), null,
                        null) {
                    @Override
                    public Object newInstance(Object constructorParameter) {
                        return new RememberingSignature(algorithm);
                    }
                });
            }
        }
    }
}
