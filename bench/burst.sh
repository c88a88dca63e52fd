#!/usr/bin/env bash
# Memory under attack: the resolver's resident set before and after
#   1. a burst of NAMES never-seen names in about 4 s (dnsperf at RATE queries/s), and
#   2. BIG_NAMES distinct names each answered with a 63 KB TXT RRset (a wildcard, fetched over TCP after TC),
# for the resolver started both ways a user starts it: `./jdns resolver` (the launcher: heap from --cache-size) and
# `java -jar cli/target/jdns.jar resolver` with no JVM options (the JVM's defaults: G1, a quarter of RAM as heap).
#   bench/burst.sh [NAMES] [BIG_NAMES] [RATE]      (defaults 20000, 3000 and 5000; HOWS=launcher for one way;
#                                                   RESOLVER_ARGS="--cache-size 32m" adds resolver options)
# The upstream is one `jdns serve` (root zone with *.wild. A and *.big. TXT) on 127.53.7.2; loopback only.
# RSS: VmRSS of /proc/PID/status ("after" 3 s after the load ends); peak: VmHWM, the most it ever was.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
names=${1:-20000} big_names=${2:-3000} rate=${3:-5000}
port=53570 resolver=127.53.7.1 upstream=127.53.7.2
work=$(mktemp -d /tmp/jdns-burst.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 1; rm -rf "$work"' EXIT

"$root/jdns" --version >/dev/null # builds the jar when stale
java=$(ls -d /usr/lib/jvm/temurin-25-jdk-amd64/bin/java 2>/dev/null || command -v java)

{
    printf '$ORIGIN .\n$TTL 86400\n. IN SOA a.root. hostmaster.root. 1 3600 900 604800 300\n'
    printf '. IN NS a.root.\na.root. IN A %s\n*.wild. 300 IN A 192.0.2.1\n' "$upstream"
    awk 'BEGIN { s = sprintf("%250s", ""); gsub(/ /, "x", s)
        for (i = 0; i < 240; i++) printf "*.big. 300 IN TXT \"%d%s\"\n", i, substr(s, 1, 250 - length(i "")) }'
} > "$work/root.zone"
printf '. 3600000 NS a.root.\na.root. 3600000 A %s\n' "$upstream" > "$work/root.hints"
: > "$work/empty.hosts"

"$root/jdns" serve --listen "$upstream:$port" "$work/root.zone" > "$work/serve.out" 2>&1 & pids+=($!)

kib() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status"; }
ready() {
    for _ in $(seq 300); do
        dig +short +time=1 +tries=1 @"$1" -p "$port" "$2" 2>/dev/null | grep -q . && return 0
        sleep 0.1
    done
    echo "no answer from $1 for $2" >&2; return 1
}
queries() { # count label type run
    awk -v n="$1" -v l="$2" -v t="$3" -v r="$4" 'BEGIN { for (i = 0; i < n; i++) printf "n%d-%s.%s %s\n", i, r, l, t }'
}

ready "$upstream" a.root.
start_resolver() { # how: prints the PID once it answers (the caller records it for the cleanup)
    local args=(resolver --listen "$resolver:$port" --root-hints "$work/root.hints" --hosts "$work/empty.hosts"
        --upstream-port "$port")
    local extra; read -r -a extra <<< "${RESOLVER_ARGS:-}"
    args+=("${extra[@]}")
    if [ "$1" = launcher ]; then
        "$root/jdns" "${args[@]}" > "$work/resolver.out" 2>&1 &
    else
        "$java" -jar "$root/cli/target/jdns.jar" "${args[@]}" > "$work/resolver.out" 2>&1 &
    fi
    local pid=$!
    ready "$resolver" ready.wild.
    echo $pid
}
# Each load on a freshly started resolver, RSS read once it answers and again 3 s after the load.
for how in ${HOWS:-launcher java-jar}; do
    for load in burst big; do
        pid=$(start_resolver $how)
        pids+=("$pid")
        before=$(kib "$pid" VmRSS)
        run=$RANDOM$RANDOM
        if [ $load = burst ]; then
            what="$names new names in ~$((names / rate)) s"
            queries "$names" wild A "$run" > "$work/q"
            perf=(-Q "$rate" -l 60 -c 4)
        else
            what="$big_names names x 63 KB TXT"
            queries "$big_names" big TXT "$run" > "$work/q"
            perf=(-l 180 -c 4 -q 20)
        fi
        dnsperf -s "$resolver" -p "$port" -d "$work/q" -n 1 "${perf[@]}" 2>/dev/null \
            | awk -v h="$how" '/Queries (sent|completed)/ {printf "  %s: %s\n", h, $0}'
        sleep 3
        after=$(kib "$pid" VmRSS) peak=$(kib "$pid" VmHWM)
        echo "$how, $what: RSS $((before / 1024)) -> $((after / 1024)) MiB (+$(((after - before) / 1024)) MiB;" \
            "peak $((peak / 1024)) MiB, +$(((peak - before) / 1024)))"
        grep -i 'OutOfMemory' "$work/resolver.out" || true
        kill "$pid"; wait "$pid" 2>/dev/null || true
    done
done
