package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdns.transport.Protocol;
import dev.jdns.transport.client.DnsClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The resolver says why it failed or refused (RFC 8914), over real sockets against a loopback hierarchy: a zone
 * whose servers are all lame or silent, the same question again while the failure is remembered, a client outside
 * the access list, and a zone transfer asked of a resolver.
 */
class ExtendedErrorsTest {

    @TempDir
    Path dir;

    @Test
    void aZoneWithoutAUsableServerIsNoReachableAuthorityThenACachedError() throws Exception {
        try (LoopbackHierarchy hierarchy = LoopbackHierarchy.start(dir);
                ResolverService resolver = ResolverService.against(hierarchy)) {
            Message first = resolver.ask("www.deadend.test.", Type.A);
            assertEquals(Rcode.SERVFAIL, first.getRcode());
            assertEquals(List.of(ExtendedErrorCodeOption.NO_REACHABLE_AUTHORITY), codes(first));

            Message again = resolver.ask("www.deadend.test.", Type.A);
            assertEquals(Rcode.SERVFAIL, again.getRcode());
            assertEquals(List.of(ExtendedErrorCodeOption.CACHED_ERROR), codes(again));
        }
    }

    @Test
    void refusalsSayWhy() throws Exception {
        try (LoopbackHierarchy hierarchy = LoopbackHierarchy.start(dir);
                ResolverService open = ResolverService.against(hierarchy);
                ResolverService closed = ResolverService.against(hierarchy, "--allow", "192.0.2.0/24")) {
            Message outsider = closed.ask("www.example.test.", Type.A);
            assertEquals(Rcode.REFUSED, outsider.getRcode());
            assertEquals(List.of(ExtendedErrorCodeOption.PROHIBITED), codes(outsider));

            DnsClient client = new DnsClient();
            Record axfr = Record.newRecord(Name.fromString("example.test."), Type.AXFR, DClass.IN);
            Message transfer = client.exchange(open.address(), client.newQuery(axfr, true), Protocol.TCP).message();
            assertEquals(Rcode.REFUSED, transfer.getRcode());
            assertEquals(List.of(ExtendedErrorCodeOption.NOT_SUPPORTED), codes(transfer));
        }
    }

    @Test
    void answersCarryNoExtendedError() throws Exception {
        try (LoopbackHierarchy hierarchy = LoopbackHierarchy.start(dir);
                ResolverService resolver = ResolverService.against(hierarchy)) {
            Message answer = resolver.ask("www.example.test.", Type.A);
            assertEquals(Rcode.NOERROR, answer.getRcode());
            assertEquals(List.of(), codes(answer));
        }
    }

    private static List<Integer> codes(Message reply) {
        OPTRecord opt = reply.getOPT();
        if (opt == null) {
            return List.of();
        }
        return opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR).stream()
                .map(option -> ((ExtendedErrorCodeOption) option).getErrorCode())
                .toList();
    }
}
