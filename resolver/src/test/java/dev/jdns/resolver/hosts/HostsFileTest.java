package dev.jdns.resolver.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

class HostsFileTest {

    private static final String HOSTS = """
            # The usual suspects
            127.0.0.1   localhost
            ::1         localhost ip6-localhost   # trailing comment
            192.0.2.10  Web.Lab.Test web www.lab.test
            192.0.2.11  web.lab.test
            2001:db8::10 web.lab.test
              \t
            192.0.2.10  other.lab.test
            not-an-address  broken.lab.test
            192.0.2.12
            192.0.2.13  bad..name ok.lab.test
            """;

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong();
    private final Ticker clock = nanos::get;

    @Test
    void aNameGetsEveryAddressFromEveryLineInFileOrder() throws Exception {
        HostsFile hosts = hostsWith(HOSTS);

        assertEquals(List.of("192.0.2.10", "192.0.2.11"), addresses(hosts, "web.lab.test.", Type.A));
        assertEquals(List.of("2001:db8:0:0:0:0:0:10"), addresses(hosts, "WEB.lab.test.", Type.AAAA));
        assertEquals(List.of("192.0.2.10"), addresses(hosts, "www.lab.test.", Type.A), "alias");
        assertEquals(List.of("192.0.2.10"), addresses(hosts, "web.", Type.A), "relative names become absolute");
        assertEquals(List.of("0:0:0:0:0:0:0:1"), addresses(hosts, "ip6-localhost.", Type.AAAA));
        assertEquals(List.of("192.0.2.13"), addresses(hosts, "ok.lab.test.", Type.A), "bad names are skipped");
    }

    @Test
    void recordsKeepTheFirstSpellingAndTheConfiguredTtl() throws Exception {
        Record first = hostsWith(HOSTS).lookup(name("web.lab.test."), Type.A, DClass.IN).orElseThrow()
                .records().get(0);

        assertEquals("Web.Lab.Test.", first.getName().toString());
        assertEquals(HostsFile.DEFAULT_TTL.toSeconds(), first.getTTL());
    }

    @Test
    void otherTypesAtAnOwnedNameAreNoDataAndUnknownNamesFallThrough() throws Exception {
        HostsFile hosts = hostsWith(HOSTS);

        assertTrue(hosts.lookup(name("web.lab.test."), Type.MX, DClass.IN).orElseThrow().noData());
        assertTrue(hosts.lookup(name("other.lab.test."), Type.AAAA, DClass.IN).orElseThrow().noData());
        assertEquals(Optional.empty(), hosts.lookup(name("elsewhere.test."), Type.A, DClass.IN));
        assertEquals(Optional.empty(), hosts.lookup(name("broken.lab.test."), Type.A, DClass.IN));
        assertEquals(Optional.empty(), hosts.lookup(name("web.lab.test."), Type.A, DClass.CH));
        assertEquals(3, hosts.lookup(name("web.lab.test."), Type.ANY, DClass.IN).orElseThrow().records().size());
    }

    @Test
    void everyAddressHasAPtrToTheFirstNameListingIt() throws Exception {
        HostsFile hosts = hostsWith(HOSTS);

        assertEquals(List.of("Web.Lab.Test."), ptrTargets(hosts, "192.0.2.10"));
        assertEquals(List.of("web.lab.test."), ptrTargets(hosts, "2001:db8::10"));
        assertEquals(List.of("localhost."), ptrTargets(hosts, "::1"));
        assertTrue(hosts.lookup(ReverseMap.fromAddress("192.0.2.10"), Type.A, DClass.IN).orElseThrow().noData());
    }

    @Test
    void changedFileIsReReadAtMostOncePerCheckInterval() throws Exception {
        HostsFile hosts = hostsWith("192.0.2.1 host.lab.test\n");
        rewrite("192.0.2.2 host.lab.test\n", Duration.ofSeconds(10));

        assertEquals(List.of("192.0.2.1"), addresses(hosts, "host.lab.test.", Type.A), "not checked yet");
        nanos.addAndGet(HostsFile.CHECK_INTERVAL.toNanos());
        assertEquals(List.of("192.0.2.2"), addresses(hosts, "host.lab.test.", Type.A));
    }

    @Test
    void unchangedStampMeansNoReRead() throws Exception {
        HostsFile hosts = hostsWith("192.0.2.1 host.lab.test\n");
        FileTime before = Files.getLastModifiedTime(file());
        Files.writeString(file(), "192.0.2.9 host.lab.test\n");
        Files.setLastModifiedTime(file(), before);

        nanos.addAndGet(HostsFile.CHECK_INTERVAL.toNanos());
        assertEquals(List.of("192.0.2.1"), addresses(hosts, "host.lab.test.", Type.A));
    }

    @Test
    void missingFileAnswersNothingUntilItAppears() throws Exception {
        HostsFile hosts = new HostsFile(file(), HostsFile.DEFAULT_TTL, clock);
        assertEquals(Optional.empty(), hosts.lookup(name("host.lab.test."), Type.A, DClass.IN));

        Files.writeString(file(), "192.0.2.1 host.lab.test\n");
        nanos.addAndGet(HostsFile.CHECK_INTERVAL.toNanos());
        assertEquals(List.of("192.0.2.1"), addresses(hosts, "host.lab.test.", Type.A));

        Files.delete(file());
        nanos.addAndGet(HostsFile.CHECK_INTERVAL.toNanos());
        assertEquals(Optional.empty(), hosts.lookup(name("host.lab.test."), Type.A, DClass.IN));
    }

    private HostsFile hostsWith(String text) throws IOException {
        Files.writeString(file(), text);
        return new HostsFile(file(), HostsFile.DEFAULT_TTL, clock);
    }

    private void rewrite(String text, Duration later) throws IOException {
        Instant modified = Files.getLastModifiedTime(file()).toInstant();
        Files.writeString(file(), text);
        Files.setLastModifiedTime(file(), FileTime.from(modified.plus(later)));
    }

    private Path file() {
        return dir.resolve("hosts");
    }

    private static List<String> addresses(HostsFile hosts, String owner, int type) throws Exception {
        return hosts.lookup(name(owner), type, DClass.IN).orElseThrow().records().stream()
                .map(record -> record instanceof ARecord a
                        ? a.getAddress().getHostAddress()
                        : ((AAAARecord) record).getAddress().getHostAddress())
                .toList();
    }

    private static List<String> ptrTargets(HostsFile hosts, String address) throws Exception {
        return hosts.lookup(ReverseMap.fromAddress(address), Type.PTR, DClass.IN).orElseThrow().records().stream()
                .map(record -> ((PTRRecord) record).getTarget().toString())
                .toList();
    }

    private static Name name(String text) {
        return Name.fromConstantString(text);
    }
}
