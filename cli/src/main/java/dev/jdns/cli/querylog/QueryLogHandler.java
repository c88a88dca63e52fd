package dev.jdns.cli.querylog;

import dev.jdns.resolver.core.ResolutionObserver;
import dev.jdns.transport.Query;
import dev.jdns.transport.QueryHandler;
import dev.jdns.transport.ReplyReuse;
import dev.jdns.transport.Response;
import org.xbill.DNS.Header;
import org.xbill.DNS.Rcode;

/**
 * A handler that logs every query its delegate answers. The front end's reply cache is off behind it (no
 * {@link #replyReuse()}): a reply sent from there never reaches a handler, and the log must have a line for every
 * query. What it costs the query is a few field reads and one non-blocking offer to the {@link QueryLog}.
 */
public final class QueryLogHandler implements QueryHandler {

    /** Add to the resolver's observers when the query log is on: it gives each line its source and upstream count. */
    public static final ResolutionObserver RESOLUTION_TALLY = QueryTally.OBSERVER;

    private final QueryHandler delegate;
    private final QueryLog log;
    private final String defaultSource;

    /** @param defaultSource the source logged when the resolver took no step ("zone" for serve) */
    public QueryLogHandler(QueryHandler delegate, QueryLog log, String defaultSource) {
        this.delegate = delegate;
        this.log = log;
        this.defaultSource = defaultSource;
    }

    @Override
    public Response handle(Query query) {
        long wall = System.currentTimeMillis();
        long start = System.nanoTime();
        QueryTally tally = QueryTally.start();
        Response response = null;
        try {
            response = delegate.handle(query);
            return response;
        } finally {
            QueryTally.finish();
            Header header = header(response);
            log.offer(new QueryLogEntry(wall, query.client(), query.protocol(), query.question(),
                    rcode(response, header), flags(header), tally.source(defaultSource), tally.upstream(),
                    System.nanoTime() - start));
        }
    }

    @Override
    public ReplyReuse replyReuse() {
        return null;
    }

    @Override
    public boolean mayBlock() {
        return delegate.mayBlock();
    }

    /** The header of the (first) reply; null for none, or a transfer's stream. */
    private static Header header(Response response) {
        return switch (response) {
            case Response.Single single -> single.message().getHeader();
            case Response.Signed signed -> header(signed.reply());
            case Response.TurnedAway turnedAway -> header(turnedAway.reply());
            case null, default -> null;
        };
    }

    /** A failing handler is answered SERVFAIL by the front end; a stream (AXFR) starts NOERROR. */
    private static int rcode(Response response, Header header) {
        if (header != null) {
            return header.getRcode();
        }
        return switch (response) {
            case null -> Rcode.SERVFAIL;
            case Response.Drop drop -> QueryLogEntry.NO_REPLY;
            default -> Rcode.NOERROR;
        };
    }

    private static int flags(Header header) {
        int flags = 0;
        if (header != null) {
            for (int flag : QueryLogEntry.FLAG_ORDER) {
                if (header.getFlag(flag)) {
                    flags |= 1 << flag;
                }
            }
        }
        return flags;
    }
}
