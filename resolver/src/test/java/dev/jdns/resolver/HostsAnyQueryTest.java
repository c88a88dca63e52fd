package dev.jdns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdns.resolver.core.UpstreamSockets;
import dev.jdns.transport.DnsServer;
import dev.jdns.transport.ServerOptions;
import dev.jdns.transport.testing.LoopbackClient;
import dev.jdns.transport.testing.LoopbackServers;
import dev.jdns.transport.testing.TestQueries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An ANY question for a hosts-file name with addresses of both families gets both RRsets (found by
 * RecursiveQueryFuzzTest: the two were put in one RRset, dnsjava threw, and the client got SERVFAIL).
 */
class HostsAnyQueryTest {

    @TempDir
    Path dir;

    @Test
    void anyForAHostWithBothFamiliesAnswersBothRRsets() throws IOException {
        Path hosts = Files.writeString(dir.resolve("hosts"), """
                192.0.2.10   www.lab.test
                2001:db8::10 www.lab.test
                """);
        Resolver resolver = new ResolverBuilder()
                .hostsFile(hosts)
                .upstreamSockets(UpstreamSockets.mapped(Map.of())) // never a packet upstream
                .build();
        DnsServer server = LoopbackServers.start(new RecursiveHandler(resolver),
                ServerOptions.defaults().withHandlerMayBlock(true), "127.0.0.1");
        try {
            Message reply = LoopbackClient.udp(LoopbackServers.address(server),
                    TestQueries.query("www.lab.test.", Type.ANY)).orElseThrow();

            assertEquals(Rcode.NOERROR, reply.getRcode());
            List<Integer> types = reply.getSection(Section.ANSWER).stream().map(Record::getType).toList();
            assertEquals(List.of(Type.A, Type.AAAA), types);
        } finally {
            server.close();
        }
    }
}
