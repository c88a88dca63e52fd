package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.Protocol;
import dev.jdns.transport.client.DnsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * {@code --rpz} with DNSSEC validation on ({@code --trust-anchor}, over a {@link SignedHierarchy}): a name the
 * policy decides is answered as the policy says, unvalidated (never SERVFAIL for "bogus" local data), also when it
 * is the target of a signed CNAME; the validator's own DS and DNSKEY fetches are not rewritten.
 */
class ResponsePolicyValidationTest {

    @TempDir
    Path dir;

    @Test
    void policyAnswersAreGivenUnvalidatedAndTheValidatorsOwnFetchesAreNotRewritten() throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.rpz"), """
                $ORIGIN rpz.local.
                @              300 SOA   localhost. hostmaster.localhost. 1 3600 600 86400 60
                secure.lab     300 CNAME .
                www.nsec3.lab  300 A     192.0.2.99
                """);
        try (SignedHierarchy hierarchy = SignedHierarchy.start(Files.createDirectories(dir.resolve("zones")));
                ResolverService jdns = ResolverService.against(hierarchy, "--trust-anchor",
                        hierarchy.trustAnchor().toString(), "--rpz", policy.toString())) {
            Message apex = askWithDo(jdns, "secure.lab.", Type.SOA);
            assertEquals(Rcode.NXDOMAIN, apex.getRcode(), apex::toString);
            assertFalse(apex.getHeader().getFlag(Flags.AD));
            assertEquals(List.of(ExtendedErrorCodeOption.BLOCKED), ResponsePolicyZonesTest.errorCodes(apex));

            Message secure = askWithDo(jdns, "www.secure.lab.", Type.A);
            assertTrue(secure.getHeader().getFlag(Flags.AD), "secure.lab.'s DNSKEY was fetched as it is: "
                    + secure);

            Message chain = askWithDo(jdns, "alias.nsec3.lab.", Type.A);
            assertEquals(Map.of(new AnswerSummary.Key("alias.nsec3.lab.", "CNAME"), Set.of("www.nsec3.lab."),
                    new AnswerSummary.Key("www.nsec3.lab.", "A"), Set.of("192.0.2.99")),
                    withoutSignatures(AnswerSummary.of(chain).rrsets()), chain::toString);
            assertFalse(chain.getHeader().getFlag(Flags.AD));
            assertEquals(List.of(ExtendedErrorCodeOption.FORGED_ANSWER), ResponsePolicyZonesTest.errorCodes(chain));
        }
    }

    /** The RRsets without their RRSIGs (a DO client gets the signed CNAME's signature with it). */
    private static Map<AnswerSummary.Key, Set<String>> withoutSignatures(Map<AnswerSummary.Key, Set<String>> rrsets) {
        Map<AnswerSummary.Key, Set<String>> data = new java.util.TreeMap<>(rrsets);
        data.keySet().removeIf(key -> key.type().equals("RRSIG"));
        return data;
    }

    private static Message askWithDo(ResolverService resolver, String name, int type) throws Exception {
        DnsClient client = new DnsClient();
        Message query = client.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN), true, true);
        return client.exchange(resolver.address(), query, Protocol.UDP).message();
    }
}
