package dev.jdns.cli.querylog;

import dev.jdns.cli.JsonReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.cli.metrics.QueryLogMetrics;
import dev.jdns.transport.Protocol;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The query log's queue: a writer that falls behind costs dropped lines, counted, never a waiting query. */
class QueryLogTest {

    private static final int CAPACITY = 2;
    private static final int OFFERED_WHILE_STUCK = 10;

    @Test
    void aFullQueueDropsAndCountsLinesWithoutBlocking() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StringWriter written = new StringWriter();
        Writer stuck = new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) {
                writing.countDown();
                try {
                    release.await(); // the disk is stuck
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.write(buffer, offset, length);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        QueryLog log = new QueryLog(stuck, CAPACITY, true);
        PrometheusRegistry registry = new PrometheusRegistry();
        QueryLogMetrics.register(registry, log::dropped);
        log.offer(entry());
        assertTrue(writing.await(60, TimeUnit.SECONDS), "the writer took the first line");
        for (int i = 0; i < OFFERED_WHILE_STUCK; i++) {
            log.offer(entry()); // returns at once: CAPACITY wait, the rest are dropped
        }
        assertEquals(OFFERED_WHILE_STUCK - CAPACITY, log.dropped());
        assertTrue(scrape(registry).contains("jdns_query_log_dropped_total " + (OFFERED_WHILE_STUCK - CAPACITY)
                + ".0"), scrape(registry));
        release.countDown();
        log.close();
        assertEquals(1 + CAPACITY, log.written());
        assertEquals(1 + CAPACITY, written.toString().lines().count());
    }

    @Test
    void aLineIsOneJsonObjectWithEveryField() {
        Map<?, ?> line = (Map<?, ?>) JsonReader.read(entry().json());
        assertEquals("192.0.2.9", line.get("client"));
        assertEquals(53000L, line.get("port"));
        assertEquals("udp", line.get("protocol"));
        assertEquals("www.example.com.", line.get("name"));
        assertEquals("AAAA", line.get("type"));
        assertEquals("NXDOMAIN", line.get("rcode"));
        assertEquals(java.util.List.of("qr", "rd", "ra"), line.get("flags"));
        assertEquals("upstream", line.get("source"));
        assertEquals(3L, line.get("upstream"));
        assertEquals(1.5, line.get("latency_ms"));
        assertEquals("2026-12-06T16:00:00Z", line.get("time"));
    }

    private static QueryLogEntry entry() {
        return new QueryLogEntry(1_796_572_800_000L, new InetSocketAddress("192.0.2.9", 53000), Protocol.UDP,
                Record.newRecord(Name.fromConstantString("www.example.com."), Type.AAAA, DClass.IN), Rcode.NXDOMAIN,
                (1 << Flags.QR) | (1 << Flags.RD) | (1 << Flags.RA), "upstream", 3, 1_500_000);
    }

    private static String scrape(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(text, registry.scrape());
        return text.toString(StandardCharsets.UTF_8);
    }
}
