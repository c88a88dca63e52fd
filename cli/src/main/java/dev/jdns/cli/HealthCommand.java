package dev.jdns.cli;

import dev.jdns.transport.Protocol;
import dev.jdns.transport.client.DnsClient;
import dev.jdns.transport.client.DnsClientException;
import dev.jdns.transport.client.DnsReply;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jdns health}: the container and service-manager health check. One real query, so a server that accepts
 * packets but cannot answer (a resolver whose upstreams are gone, a server without the zone) is not called healthy.
 */
@Command(
        name = "health",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Ask a jdns server (or any DNS server) NAME SOA, recursion desired, and exit 0 when it answers NOERROR"
                    + " or NXDOMAIN within the timeout, 1 otherwise (no reply, SERVFAIL, REFUSED, any other error),"
                    + " with a one-line reason.",
            "For a resolver the query goes through its hosts file, cache and iteration like any client's; for an"
                    + " authoritative server give --name one of its zones (it refuses the root)."
        })
final class HealthCommand implements Callable<Integer> {

    static final int UNHEALTHY = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "ADDR:PORT", converter = ListenAddressConverter.class,
            defaultValue = "127.0.0.1:53", description = "The server to ask (default: ${DEFAULT-VALUE}).")
    InetSocketAddress server;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = ".",
            description = "The name whose SOA is asked (default: the root, '.').")
    String name;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Record question = Record.newRecord(absolute(name), Type.SOA, DClass.IN);
        String asked = ServerRunner.hostPort(server) + " " + question.getName() + " SOA";
        DnsReply reply;
        try {
            DnsClient client = new DnsClient(timeout);
            reply = client.exchange(server, client.newQuery(question, true), Protocol.UDP);
        } catch (DnsClientException e) {
            err.println("jdns health: unhealthy: " + asked + ": " + e.getMessage());
            return UNHEALTHY;
        }
        int rcode = reply.message().getRcode();
        if (!healthy(rcode)) {
            err.println("jdns health: unhealthy: " + asked + ": " + Rcode.string(rcode));
            return UNHEALTHY;
        }
        out.println("jdns health: ok: " + asked + ": " + Rcode.string(rcode) + " in " + reply.rtt().toMillis()
                + " ms");
        return 0;
    }

    /**
     * An answer, positive or negative, means the server did its work. SERVFAIL says it could not (RFC 1035
     * 4.1.1), REFUSED that it will not answer this client or name: either way the check did not get an answer.
     */
    static boolean healthy(int rcode) {
        return rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN;
    }

    private Name absolute(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new ParameterException(spec.commandLine(), "--name: " + e.getMessage());
        }
    }
}
