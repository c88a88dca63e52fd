#!/usr/bin/env bash
# Memory: the resolver's live heap per cached name and its RSS after NAMES fresh names (the cache bound must hold),
# and the RSS of jdns serve and NSD for a zone of ZONE_NAMES names, with the time each takes to answer.
#   bench/memory.sh [NAMES] [ZONE_NAMES]       (defaults 1000000 and 1000000; NAMES 0 measures only the zone)
# JDNS=PATH runs another launcher (a copy beside an earlier build's cli/target/jdns.jar, to compare two builds).
# Live heap: the "Total" of jcmd GC.class_histogram (which runs a full GC first). Loopback only (127.53.5.0/24).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
names=${1:-1000000} zone_names=${2:-1000000}
port=53550 resolver=127.53.5.1 root_ns=127.53.5.2 leaf_ns=127.53.5.3 serve=127.53.5.4 nsd_auth=127.53.5.5
work=$(mktemp -d /tmp/jdns-memory.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 1; rm -rf "$work"' EXIT
jcmd=$(ls /usr/lib/jvm/*/bin/jcmd | tail -1)

jdns_cmd=${JDNS:-$root/jdns}
"$jdns_cmd" --version >/dev/null
"$here/gen.sh" "$work" "$root_ns" "$leaf_ns" 1 "$names"

rss_kib() { # pid: resident set of the process tree, KiB
    local total=0 p
    for p in $1 $(ps -o pid= --ppid "$1"); do total=$((total + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status"))); done
    echo "$total"
}
live_heap() { "$jcmd" "$1" GC.class_histogram | awk '/^Total/ {print $3}'; }
ready() { # address name: polls until answered, prints the milliseconds since $start
    for _ in $(seq 1200); do
        dig +short +time=1 +tries=1 @"$1" -p "$port" "$2" 2>/dev/null | grep -q . && break
        sleep 0.1
    done
    echo $(( ($(date +%s%N) - start) / 1000000 ))
}
nsd_conf() { # address zone-origin zone-file... as pairs
    local address=$1 dir="$work/nsd-$1"; shift
    mkdir -p "$dir"
    printf 'server:\n  ip-address: %s@%s\n  username: ""\n  chroot: ""\n  database: ""\n  rrl-ratelimit: 0\n  zonesdir: "%s"\n  pidfile: "%s/nsd.pid"\n  zonelistfile: "%s/zone.list"\n  xfrdfile: "%s/xfrd.state"\n  xfrdir: "%s"\nremote-control:\n  control-enable: no\n' \
        "$address" "$port" "$dir" "$dir" "$dir" "$dir" "$dir"
    while [ $# -gt 0 ]; do printf 'zone:\n  name: "%s"\n  zonefile: "%s"\n' "$1" "$2"; shift 2; done
}

if [ "$names" -gt 0 ]; then
echo "== resolver: $names fresh names under wild. (cache bound: --cache-size default 32m)"
nsd_conf "$root_ns" . "$work/root.zone" > "$work/root.conf"
nsd_conf "$leaf_ns" wild. "$work/wild.zone" bench. "$work/bench.zone" > "$work/leaf.conf"
nsd -d -c "$work/root.conf" > "$work/root.out" 2>&1 & pids+=($!)
nsd -d -c "$work/leaf.conf" > "$work/leaf.out" 2>&1 & pids+=($!)
: > "$work/empty.hosts"
start=$(date +%s%N)
"$jdns_cmd" resolver --listen "$resolver:$port" --root-hints "$work/root.hints" --hosts "$work/empty.hosts" \
    --upstream-port "$port" > "$work/resolver.out" 2>&1 &
jdns=$!; pids+=($jdns)
echo "resolver answering after $(ready "$resolver" host1.bench.) ms; RSS $(( $(rss_kib $jdns) / 1024 )) MiB"
head -1000 "$work/new-0.queries" > "$work/warm.queries"
dnsperf -s "$resolver" -p "$port" -d "$work/warm.queries" -n 1 -l 30 -q 50 >/dev/null
base=$(live_heap $jdns)
head -50000 "$work/new-0.queries" | tail -49000 > "$work/fifty.queries"
dnsperf -s "$resolver" -p "$port" -d "$work/fifty.queries" -n 1 -l 60 -q 100 | grep -E 'Queries (completed|lost)'
after=$(live_heap $jdns)
echo "live heap: $((base / 1024)) KiB after 1000 names, $((after / 1024)) KiB after 50000:" \
    "$(( (after - base) / 49000 )) bytes per added name (answer + packet cache share + delegation bookkeeping)"
tail -n +50001 "$work/new-0.queries" > "$work/rest.queries"
dnsperf -s "$resolver" -p "$port" -d "$work/rest.queries" -n 1 -l 240 -c 8 -q 200 | grep -E 'Queries (sent|completed|lost)|per second'
echo "after all names: live heap $(( $(live_heap $jdns) / 1048576 )) MiB, RSS $(( $(rss_kib $jdns) / 1024 )) MiB"
kill $jdns
fi

echo "== authoritative: a zone of $zone_names names"
{
    printf '$ORIGIN big.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 3600 900 604800 300\n@ IN NS ns1\nns1 IN A 127.0.0.1\n'
    awk -v n="$zone_names" 'BEGIN { for (i = 0; i < n; i++)
        printf "h%d IN A 10.%d.%d.%d\n", i, int(i / 65536) % 256, int(i / 256) % 256, i % 256 }'
} > "$work/big.zone"
echo "zone file: $(( $(stat -c %s "$work/big.zone") / 1048576 )) MiB"
for server in jdns nsd; do
    start=$(date +%s%N)
    if [ $server = jdns ]; then
        JDNS_JAVA_OPTS="${BIG_ZONE_JAVA_OPTS:--Xmx2g}" "$jdns_cmd" serve --listen "$serve:$port" --watch-interval 0 --rate-limit 0 \
            "$work/big.zone" > "$work/serve.out" 2>&1 &
        address=$serve
    else
        nsd_conf "$nsd_auth" big. "$work/big.zone" > "$work/big.conf"
        nsd -d -c "$work/big.conf" > "$work/big-nsd.out" 2>&1 &
        address=$nsd_auth
    fi
    pid=$!; pids+=($pid)
    ms=$(ready "$address" "h$((zone_names - 1)).big.")
    echo "$server: answering after $ms ms; RSS $(( $(rss_kib $pid) / 1024 )) MiB" \
        "$([ $server = jdns ] && echo "; live heap $(( $(live_heap $pid) / 1048576 )) MiB")"
    kill $pid
done
