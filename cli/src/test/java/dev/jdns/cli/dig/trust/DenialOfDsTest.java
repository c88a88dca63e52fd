package dev.jdns.cli.dig.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The denial proofs the signed test hierarchy does not hold (its parent zone uses NSEC): an NSEC3 parent proving an
 * unsigned delegation, an opt-out span, too many iterations, a covered name that is no cut, a forged signature.
 * The records are signed here with a fresh ECDSA P-256 key through dnsjava.
 */
class DenialOfDsTest {

    private static final Name PARENT = Name.fromConstantString("example.");
    private static final Name CHILD = Name.fromConstantString("child.example.");
    private static DNSKEYRecord key;
    private static KeyPair pair;
    private final DenialOfDs denials = new DenialOfDs(new SignatureVerifier(Clock.systemUTC(), 8), 150);

    @BeforeAll
    static void makeKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        pair = generator.generateKeyPair();
        key = new DNSKEYRecord(PARENT, DClass.IN, 3600, 256, 3, DNSSEC.Algorithm.ECDSAP256SHA256, pair.getPublic());
    }

    @Test
    void nsec3MatchingTheChildWithNsAndNoDsIsAnUnsignedDelegation() throws Exception {
        NSEC3Record proof = nsec3(hashOf(CHILD), increment(hashOf(CHILD)), 0, 0, Type.NS);
        DsDenial denial = denials.read(CHILD, signed(proof), PARENT, List.of(key));
        assertEquals(DsDenial.Kind.UNSIGNED_DELEGATION, denial.kind());
        assertTrue(denial.insecure());
        assertTrue(denial.signature().orElseThrow().valid());
    }

    @Test
    void coveringOptOutNsec3MakesTheChildInsecure() throws Exception {
        NSEC3Record proof = nsec3(decrement(hashOf(CHILD)), increment(hashOf(CHILD)), NSEC3Record.Flags.OPT_OUT, 0,
                Type.A);
        assertEquals(DsDenial.Kind.OPT_OUT, denials.read(CHILD, signed(proof), PARENT, List.of(key)).kind());
    }

    @Test
    void coveringNsec3WithoutOptOutSaysNoCut() throws Exception {
        NSEC3Record proof = nsec3(decrement(hashOf(CHILD)), increment(hashOf(CHILD)), 0, 0, Type.A);
        DsDenial denial = denials.read(CHILD, signed(proof), PARENT, List.of(key));
        assertEquals(DsDenial.Kind.NOT_A_CUT, denial.kind());
        assertFalse(denial.insecure());
    }

    @Test
    void nsec3AboveTheIterationLimitIsInsecureWithoutHashing() throws Exception {
        NSEC3Record proof = nsec3(hashOf(CHILD), increment(hashOf(CHILD)), 0, 151, Type.NS);
        assertEquals(DsDenial.Kind.TOO_MANY_ITERATIONS,
                denials.read(CHILD, signed(proof), PARENT, List.of(key)).kind());
    }

    @Test
    void nsecAtAnApexIsNoUnsignedDelegation() throws Exception {
        NSECRecord apex = new NSECRecord(CHILD, DClass.IN, 300, Name.fromConstantString("z.example."),
                new int[] {Type.NS, Type.SOA, Type.RRSIG, Type.NSEC});
        assertEquals(DsDenial.Kind.NOT_A_CUT, denials.read(CHILD, signed(apex), PARENT, List.of(key)).kind());
    }

    @Test
    void nothingProvenWithoutNsecOrNsec3() {
        assertEquals(DsDenial.Kind.UNPROVEN, denials.read(CHILD, List.of(), PARENT, List.of(key)).kind());
    }

    @Test
    void aForgedSignatureOverTheProofDoesNotVerify() throws Exception {
        NSECRecord proof = new NSECRecord(CHILD, DClass.IN, 300, Name.fromConstantString("z.example."),
                new int[] {Type.NS, Type.RRSIG, Type.NSEC});
        List<Record> records = signed(proof);
        RRSIGRecord sig = (RRSIGRecord) records.get(1);
        byte[] forged = sig.getSignature().clone();
        forged[5] ^= 1;
        RRSIGRecord bad = new RRSIGRecord(sig.getName(), sig.getDClass(), sig.getTTL(), sig.getTypeCovered(),
                sig.getAlgorithm(), sig.getOrigTTL(), sig.getExpire(), sig.getTimeSigned(), sig.getFootprint(),
                sig.getSigner(), forged);
        DsDenial denial = denials.read(CHILD, List.of(proof, bad), PARENT, List.of(key));
        assertEquals(SignatureCheck.Result.INVALID, denial.signature().orElseThrow().result());
    }

    private static NSEC3Record nsec3(byte[] owner, byte[] next, int flags, int iterations, int... types) {
        Name name = Name.fromConstantString(base32hex(owner) + "." + PARENT);
        return new NSEC3Record(name, DClass.IN, 300, NSEC3Record.SHA1_DIGEST_ID, flags, iterations, null, next,
                types);
    }

    private static List<Record> signed(Record record) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        RRSIGRecord sig = DNSSEC.sign(new RRset(record), key, pair.getPrivate(), now.minusSeconds(60),
                now.plusSeconds(3600));
        return new ArrayList<>(List.of(record, sig));
    }

    private static byte[] hashOf(Name name) throws Exception {
        return new NSEC3Record(PARENT, DClass.IN, 0, NSEC3Record.SHA1_DIGEST_ID, 0, 0, null, new byte[20],
                new int[0]).hashName(name);
    }

    private static byte[] increment(byte[] hash) {
        byte[] next = hash.clone();
        for (int i = next.length - 1; i >= 0 && ++next[i] == 0; i--) {
            // carry
        }
        return next;
    }

    private static byte[] decrement(byte[] hash) {
        byte[] previous = hash.clone();
        for (int i = previous.length - 1; i >= 0 && previous[i]-- == 0; i--) {
            // borrow
        }
        return previous;
    }

    private static String base32hex(byte[] bytes) {
        return new org.xbill.DNS.utils.base32(org.xbill.DNS.utils.base32.Alphabet.BASE32HEX, false, true)
                .toString(bytes);
    }
}
