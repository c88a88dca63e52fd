package dev.jdns.authoritative;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zone cuts (RFC 1034 §4.2.1, §4.3.2 step 3b): referrals with glue, occluded names, DS answered by the parent
 * side (RFC 4035 §3.1.4.1), and a catalog serving parent and child together.
 */
class DelegationTest {

    private static final String DS_DIGEST = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF";

    @TempDir
    Path dir;

    private LoadedZone parent() throws Exception {
        return ZoneTexts.load(dir, "example.com.zone", ZoneTexts.SOA + """
                @            NS    ns1
                ns1          A     192.0.2.53
                sub          NS    ns1.sub
                sub          NS    ns1
                sub          NS    ns.example.net.
                sub          DS    12345 13 2 %s
                ns1.sub      A     192.0.2.1
                ns1.sub      AAAA  2001:db8:0:0:0:0:0:1
                below.sub    A     192.0.2.3
                insecure     NS    ns.insecure
                ns.insecure  A     192.0.2.2
                alias        CNAME www.sub
                """.formatted(DS_DIGEST));
    }

    private LoadedZone child() throws Exception {
        return ZoneTexts.load(dir, "sub.example.com.zone", ZoneTexts.SOA + """
                @            NS    ns1
                ns1          A     192.0.2.1
                www          A     192.0.2.100
                """);
    }

    private static final String SUB_NS = "sub.example.com. NS ns1.sub.example.com.; "
            + "sub.example.com. NS ns1.example.com.; sub.example.com. NS ns.example.net.";
    private static final String SUB_GLUE = "ns1.sub.example.com. A 192.0.2.1; "
            + "ns1.sub.example.com. AAAA 2001:db8:0:0:0:0:0:1; ns1.example.com. A 192.0.2.53";
    private static final String SUB_REFERRAL = SUB_NS + " | " + SUB_GLUE;
    /** With DO set the referral carries the DS RRset of the cut (RFC 4035 §3.1.4). */
    private static final String SUB_SIGNED_REFERRAL = SUB_NS + "; sub.example.com. DS 12345 13 2 " + DS_DIGEST
            + " | " + SUB_GLUE;

    @TestFactory
    Stream<DynamicTest> parentOnly() throws Exception {
        return AnswerTable.rows(parent(), """
                # Referral: AA=0, NS of the cut in authority (and DS when DO is set), in-zone NS addresses (glue)
                # in additional.
                www.sub.example.com. A       | NOERROR | | %1$s
                www.sub.example.com. A +do   | NOERROR | | %3$s
                sub.example.com. NS +do      | NOERROR | | %3$s
                sub.example.com. A           | NOERROR | | %1$s
                sub.example.com. NS          | NOERROR | | %1$s
                # Glue and other names below the cut are occluded: referred, never answered.
                ns1.sub.example.com. A       | NOERROR | | %1$s
                below.sub.example.com. A     | NOERROR | | %1$s
                x.below.sub.example.com. DS  | NOERROR | | %1$s
                # DS at the cut is the parent's data: an authoritative answer, or NODATA, never a referral.
                sub.example.com. DS          | NOERROR aa | sub.example.com. DS 12345 13 2 %2$s
                insecure.example.com. DS     | NOERROR aa | | example.com. SOA
                # A referral without DS.
                insecure.example.com. A      | NOERROR | | insecure.example.com. NS ns.insecure.example.com. | ns.insecure.example.com. A 192.0.2.2
                # An in-zone CNAME leading to a cut: the CNAME is authoritative, then the referral.
                alias.example.com. A         | NOERROR aa | alias.example.com. CNAME www.sub.example.com. | %1$s
                """.formatted(SUB_REFERRAL, DS_DIGEST, SUB_SIGNED_REFERRAL));
    }

    @TestFactory
    Stream<DynamicTest> parentAndChildServedTogether() throws Exception {
        ZoneCatalog catalog = ZoneCatalog.of(List.of(parent(), child()));
        return AnswerTable.rows(catalog, """
                # The child answers for its own names, apex included.
                www.sub.example.com. A  | NOERROR aa | www.sub.example.com. A 192.0.2.100
                sub.example.com. NS     | NOERROR aa | sub.example.com. NS ns1.sub.example.com. | | ns1.sub.example.com. A 192.0.2.1
                sub.example.com. SOA    | NOERROR aa | sub.example.com. SOA
                nope.sub.example.com. A | NXDOMAIN aa | | sub.example.com. SOA
                # RFC 4035 §3.1.4.1: DS at the child's apex comes from the parent.
                sub.example.com. DS     | NOERROR aa | sub.example.com. DS 12345 13 2 %s
                # The parent still refers for cuts we do not serve.
                www.insecure.example.com. A | NOERROR | | insecure.example.com. NS ns.insecure.example.com. | ns.insecure.example.com. A 192.0.2.2
                www.example.com. A      | NXDOMAIN aa | | example.com. SOA
                www.example.org. A      | REFUSED
                """.formatted(DS_DIGEST));
    }
}
