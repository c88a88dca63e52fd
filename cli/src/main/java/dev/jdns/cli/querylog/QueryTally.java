package dev.jdns.cli.querylog;

import dev.jdns.cli.metrics.ResolverMetrics;
import dev.jdns.resolver.core.ResolutionEvent;
import dev.jdns.resolver.core.ResolutionObserver;

/**
 * What the resolver did for the query being handled on this thread: where its answer came from and how many
 * upstream queries it cost, counted from the {@link ResolutionEvent}s the resolver emits anyway. A resolution runs on
 * the thread that handles its query (sub-resolutions too), so a thread-local tally belongs to exactly one query.
 */
final class QueryTally {

    private static final ThreadLocal<QueryTally> CURRENT = new ThreadLocal<>();

    /** Add to the resolver's observers when the query log is on. */
    static final ResolutionObserver OBSERVER = event -> {
        QueryTally tally = CURRENT.get();
        if (tally != null) {
            tally.on(event);
        }
    };

    private String source;
    private int upstream;

    static QueryTally start() {
        QueryTally tally = new QueryTally();
        CURRENT.set(tally);
        return tally;
    }

    static void finish() {
        CURRENT.remove();
    }

    private void on(ResolutionEvent event) {
        if (source == null) {
            source = ResolverMetrics.answerSource(event); // the question's own step, not a later alias target's
        }
        if (event instanceof ResolutionEvent.UpstreamReply
                || event instanceof ResolutionEvent.UpstreamFailure failure && failure.server() != null) {
            upstream++;
        }
    }

    /** @param otherwise the source when the resolver took no step (serve's zones, a refused query) */
    String source(String otherwise) {
        return source != null ? source : otherwise;
    }

    int upstream() {
        return upstream;
    }
}
