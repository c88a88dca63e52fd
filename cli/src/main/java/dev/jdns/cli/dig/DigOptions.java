package dev.jdns.cli.dig;

/**
 * dig's query options ({@code +tcp}, {@code +norec}, ...) with dig's defaults. Mutable while the arguments are
 * parsed; a batch line starts from a {@link #copy()} of the command line's options, as in dig.
 */
final class DigOptions {

    /** dig's default EDNS buffer size since BIND 9.16 (DNS Flag Day 2020). */
    static final int DEFAULT_BUFSIZE = 1232;

    boolean shortOutput;
    boolean tcp;
    boolean recurse = true;
    boolean dnssec;
    /** AD in the query: dig sets it by default, asking whether the answer was validated (RFC 6840 §5.7). */
    boolean adflag = true;
    /** CD in the query: the resolver should return data it could not validate (RFC 4035 §3.2.2). */
    boolean cdflag;
    int bufsize = DEFAULT_BUFSIZE;
    int timeSeconds = 5;
    /** +time given: the walk of +trace/+explain waits that long per server; else as jdns resolver waits. */
    boolean timeGiven;
    int tries = 3;
    boolean nsid;
    boolean cmd = true;
    boolean comments = true;
    boolean question = true;
    boolean answer = true;
    boolean authority = true;
    boolean additional = true;
    boolean stats = true;
    boolean json;
    boolean trace;
    boolean explain;

    DigOptions copy() {
        DigOptions copy = new DigOptions();
        copy.shortOutput = shortOutput;
        copy.tcp = tcp;
        copy.recurse = recurse;
        copy.dnssec = dnssec;
        copy.adflag = adflag;
        copy.cdflag = cdflag;
        copy.bufsize = bufsize;
        copy.timeSeconds = timeSeconds;
        copy.timeGiven = timeGiven;
        copy.tries = tries;
        copy.nsid = nsid;
        copy.cmd = cmd;
        copy.comments = comments;
        copy.question = question;
        copy.answer = answer;
        copy.authority = authority;
        copy.additional = additional;
        copy.stats = stats;
        copy.json = json;
        copy.trace = trace;
        copy.explain = explain;
        return copy;
    }

    /** {@code +[no]all}: every display option at once, as dig does. */
    void setAllDisplay(boolean on) {
        cmd = on;
        comments = on;
        question = on;
        answer = on;
        authority = on;
        additional = on;
        stats = on;
    }
}
