package dev.jdns.cli.dig;

import dev.jdns.transport.Protocol;
import dev.jdns.transport.client.DnsClient;
import dev.jdns.transport.client.DnsClientException;
import dev.jdns.transport.client.DnsReply;
import dev.jdns.transport.client.DnsTimeoutException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.xbill.DNS.Message;

/**
 * Sends a query as dig does: UDP (TCP with {@code +tcp}, or after a truncated UDP reply), each attempt bounded by
 * {@code +time}, up to {@code +tries} attempts; a refused or unreachable server is not retried, as in dig.
 */
final class StubExchange {

    /** No attempt got a reply. */
    static final class NoReplyException extends Exception {
        NoReplyException(String message) {
            super(message);
        }
    }

    private final DnsClient client;

    StubExchange(DnsClient client) {
        this.client = client;
    }

    /** The reply; failed attempts are reported on {@code err} as dig does (";; communications error ..."). */
    DnsReply send(InetSocketAddress server, Message query, DigOptions options, PrintWriter err)
            throws NoReplyException {
        Duration timeout = Duration.ofSeconds(options.timeSeconds);
        Protocol protocol = options.tcp ? Protocol.TCP : Protocol.UDP;
        for (int attempt = 1; attempt <= options.tries; attempt++) {
            try {
                return client.exchange(server, query, protocol, timeout);
            } catch (DnsTimeoutException e) {
                err.println(";; communications error to " + SocketText.of(server) + ": timed out");
            } catch (DnsClientException e) {
                err.println(";; communications error to " + SocketText.of(server) + ": " + e.getMessage());
                break;
            }
        }
        err.flush();
        throw new NoReplyException("no servers could be reached");
    }
}
