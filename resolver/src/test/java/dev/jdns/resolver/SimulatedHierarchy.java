package dev.jdns.resolver;

import dev.jdns.resolver.cache.FakeTicker;
import dev.jdns.resolver.core.Question;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.ResolutionLimits;
import dev.jdns.resolver.core.UpstreamSockets;
import dev.jdns.transport.client.DnsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A small internet on loopback: a root, the TLDs {@code test.} and {@code lab.}, and domains below them, each a
 * {@link FakeZone} behind its own public-looking address. Tests add servers before {@link #resolver()} is built.
 */
final class SimulatedHierarchy implements AutoCloseable {

    static final String ROOT = "192.0.2.1";
    static final String TLD_TEST = "192.0.2.10";
    static final String TLD_LAB = "192.0.2.20";
    static final String EXAMPLE_TEST = "192.0.2.100";
    static final String GLUELESS_TEST = "192.0.2.150";
    static final String HOSTER_LAB = "192.0.2.200";
    static final String OTHER_LAB = "192.0.2.201";
    /** The server of v6only.test., whose NS name has only an AAAA record (and no glue). */
    static final String V6ONLY_TEST = "2001:db8::150";

    /** Short, because silent servers are part of the tests; the loopback answers in well under a millisecond. */
    static final Duration UPSTREAM_TIMEOUT = Duration.ofMillis(250);

    final Upstreams upstreams = new Upstreams();
    final FakeTicker ticker = new FakeTicker();
    final List<ResolutionEvent> events = new CopyOnWriteArrayList<>();
    final Path dir;
    private ResolutionLimits limits = ResolutionLimits.DEFAULTS;
    private boolean qnameMinimisation = true;
    private UpstreamSockets sockets;
    private Resolver resolver;
    private RefreshPolicy refreshPolicy = RefreshPolicy.DEFAULTS;

    SimulatedHierarchy(Path dir) throws IOException {
        this(dir, "");
    }

    /** With {@code extraTestTldRecords} added to the {@code test.} zone (delegations for a test's own servers). */
    SimulatedHierarchy(Path dir, String extraTestTldRecords) throws IOException {
        this.dir = dir;
        Files.writeString(dir.resolve("hosts"), "10.1.1.1 myhost.local myhost\n");
        upstreams.serve(ROOT, new FakeZone(".", """
                .                      518400 NS a.root-servers.test.
                a.root-servers.test.   518400 A  %s
                test.                  86400 NS ns.nic.test.
                ns.nic.test.           86400 A  %s
                lab.                   86400 NS ns.nic.lab.
                ns.nic.lab.            86400 A  %s
                """.formatted(ROOT, TLD_TEST, TLD_LAB)));
        upstreams.serve(TLD_TEST, new FakeZone("test.", """
                example            3600 NS ns1.example
                ns1.example        3600 A  %s
                glueless           3600 NS ns.hoster.lab.
                v6only             3600 NS ns6.hoster.lab.
                """.formatted(EXAMPLE_TEST) + extraTestTldRecords));
        upstreams.serve(TLD_LAB, new FakeZone("lab.", """
                hoster             3600 NS ns1.hoster
                ns1.hoster         3600 A  %s
                other              3600 NS ns.other
                ns.other           3600 A  %s
                """.formatted(HOSTER_LAB, OTHER_LAB)));
        upstreams.serve(EXAMPLE_TEST, new FakeZone("example.test.", """
                @          NS    ns1
                ns1        A     %s
                www        A     203.0.113.1
                mail       A     203.0.113.5
                alias      CNAME www.other.lab.
                loop1      CNAME loop2
                loop2      CNAME loop1
                txtonly    TXT   "only text here"
                d          DNAME other.lab.
                hosted     CNAME myhost.local.
                """.formatted(EXAMPLE_TEST) + chain("twelve", 12) + chain("thirteen", 13)));
        upstreams.serve(HOSTER_LAB, new FakeZone("hoster.lab.", """
                @          NS    ns1
                ns1        A     %s
                ns         A     %s
                ns6        AAAA  %s
                """.formatted(HOSTER_LAB, GLUELESS_TEST, V6ONLY_TEST)));
        upstreams.serve(V6ONLY_TEST, new FakeZone("v6only.test.", """
                @          NS    ns6.hoster.lab.
                www        A     203.0.113.8
                """));
        upstreams.serve(GLUELESS_TEST, new FakeZone("glueless.test.", """
                @          NS    ns.hoster.lab.
                www        A     203.0.113.7
                """));
        upstreams.serve(OTHER_LAB, new FakeZone("other.lab.", """
                @          NS    ns
                ns         A     %s
                www        A     203.0.113.2
                host       A     203.0.113.3
                """.formatted(OTHER_LAB)));
    }

    /** {@code prefix0} -> {@code prefix1} -> ... -> {@code prefix<hops>}, which has an address: {@code hops} aliases. */
    private static String chain(String prefix, int hops) {
        StringBuilder zone = new StringBuilder();
        for (int i = 0; i < hops; i++) {
            zone.append(prefix).append(i).append(" CNAME ").append(prefix).append(i + 1).append('\n');
        }
        return zone.append(prefix).append(hops).append(" A 203.0.113.99\n").toString();
    }

    /** Sockets to use instead of the map of {@link #upstreams} (built from it, typically). */
    SimulatedHierarchy sockets(UpstreamSockets upstreamSockets) {
        this.sockets = upstreamSockets;
        return this;
    }

    SimulatedHierarchy qnameMinimisation(boolean minimise) {
        this.qnameMinimisation = minimise;
        return this;
    }

    SimulatedHierarchy limits(ResolutionLimits resolutionLimits) {
        this.limits = resolutionLimits;
        return this;
    }

    SimulatedHierarchy refreshPolicy(RefreshPolicy policy) {
        this.refreshPolicy = policy;
        return this;
    }

    Resolver resolver() throws IOException {
        if (resolver == null) {
            resolver = new ResolverBuilder()
                    .rootHints(Upstreams.rootHints(dir, ROOT))
                    .hostsFile(dir.resolve("hosts"))
                    .upstreamSockets(sockets != null ? sockets : upstreams.sockets())
                    .client(new DnsClient(UPSTREAM_TIMEOUT))
                    .ticker(ticker)
                    .limits(limits)
                    .qnameMinimisation(qnameMinimisation)
                    .refreshPolicy(refreshPolicy)
                    .observer(events::add)
                    .build();
        }
        return resolver;
    }

    Resolution ask(String name, int type) throws IOException {
        return resolver().resolve(Question.in(Name.fromConstantString(name), type), true);
    }

    Resolution ask(String name) throws IOException {
        return ask(name, Type.A);
    }

    @Override
    public void close() throws IOException {
        upstreams.close();
    }
}
