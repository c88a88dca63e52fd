#!/usr/bin/env bash
# Profiles jdns under dnsperf load with Java Flight Recorder and prints where the CPU goes.
#   bench/profile.sh serve|resolver|new [SECONDS]
# serve: jdns serve on the bench zone; resolver: jdns resolver answering from its cache (upstream: NSD);
# new: jdns resolver asked names it never saw (one upstream query each, to NSD serving *.wild.).
# BENCH_DNSSEC=1 (resolver, new): the upstream zones signed (sign-zones.sh) and jdns validating from the root anchor.
# Loopback only (127.53.9.0/24, port 53539); every process started is stopped by PID on exit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
mode=${1:-serve} seconds=${2:-15}
# JDNS_CMD runs another build, e.g. JDNS_CMD="java -XX:+UseSerialGC -jar /tmp/old.jar" to profile before a change.
read -r -a jdns <<< "${JDNS_CMD:-$root/jdns}"
address=127.53.9.1 upstream=127.53.9.2 leaf=127.53.9.3 port=53539
work=$(mktemp -d /tmp/jdns-profile.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 1; rm -rf "$work"' EXIT

"${jdns[@]}" --version >/dev/null # build outside the measurement
"$here/gen.sh" "$work" "$upstream" "$leaf" 1 $((seconds * 40000))
signed=
if [ -n "${BENCH_DNSSEC:-}" ]; then "$here/sign-zones.sh" "$work"; signed=.signed; fi
recording="$here/results/jdns-$mode${signed:+-dnssec}-$(date -u +%Y%m%dT%H%M%SZ).jfr"
mkdir -p "$here/results"
flight="-XX:StartFlightRecording=filename=$recording,settings=profile,dumponexit=true"
export JDNS_JAVA_OPTS="$flight"
[ -z "${JDNS_CMD:-}" ] || jdns=("${jdns[0]}" "$flight" "${jdns[@]:1}")

ready() { for _ in $(seq 100); do dig +tries=1 +time=1 +short @"$1" -p "$2" host1.bench. | grep -q . && return 0; sleep 0.2; done; exit 1; }

case $mode in
    serve)
        "${jdns[@]}" serve --listen "$address:$port" --watch-interval 0 --rate-limit 0 "$work/bench.zone" > "$work/jdns.out" 2>&1 &
        pids+=($!) ;;
    resolver|new)
        # The root and the leaf zones on two NSD instances, as bench/run.sh has them: one NSD serving both
        # would answer a name under wild. from the child zone when asked at the root's address, so jdns would never
        # see the referral, never learn the cut, and (minimising) ask twice per new name, unlike the benchmark.
        nsd_conf() { # name address zone=file...
            local name=$1 ip=$2 zone; shift 2
            printf 'server:\n  ip-address: %s@%s\n  username: ""\n  chroot: ""\n  database: ""\n  rrl-ratelimit: 0\n  zonesdir: "%s"\n  pidfile: "%s/%s.pid"\n  zonelistfile: "%s/%s.list"\n  xfrdfile: "%s/%s.xfrd"\n  xfrdir: "%s"\nremote-control:\n  control-enable: no\n' \
                "$ip" "$port" "$work" "$work" "$name" "$work" "$name" "$work" "$name" "$work"
            for zone in "$@"; do printf 'zone:\n  name: "%s"\n  zonefile: "%s/%s%s"\n' "${zone%%=*}" "$work" "${zone#*=}" "$signed"; done
        }
        nsd_conf root "$upstream" .=root.zone > "$work/root.conf"
        nsd_conf leaf "$leaf" bench.=bench.zone wild.=wild.zone > "$work/leaf.conf"
        nsd -d -c "$work/root.conf" > "$work/nsd-root.out" 2>&1 &
        pids+=($!)
        nsd -d -c "$work/leaf.conf" > "$work/nsd-leaf.out" 2>&1 &
        pids+=($!)
        ready "$leaf" "$port"
        : > "$work/empty.hosts"
        "${jdns[@]}" resolver --listen "$address:$port" --root-hints "$work/root.hints" --hosts "$work/empty.hosts" \
            --upstream-port "$port" ${signed:+--trust-anchor "$work/root.anchor"} > "$work/jdns.out" 2>&1 &
        pids+=($!)
        ready "$address" "$port"
        dnsperf -s "$address" -p "$port" -d "$work/auth.queries" -n 1 -l 60 -c 8 -q 50 >/dev/null ;;
    *) echo "usage: $0 serve|resolver|new [SECONDS]" >&2; exit 2 ;;
esac
jdns_pid=${pids[-1]}
ready "$address" "$port"
queries=("$work/auth.queries")
[ "$mode" != new ] || queries=("$work/new-0.queries" -n 1) # each name once
dnsperf -s "$address" -p "$port" -d "${queries[@]}" -l "$seconds" -c 8 -q 200 | grep -E 'Queries (per|lost)'
kill "$jdns_pid"; for _ in $(seq 100); do kill -0 "$jdns_pid" 2>/dev/null || break; sleep 0.1; done
jfr=""
for candidate in "$(command -v jfr || true)" /usr/lib/jvm/*/bin/jfr; do # 'jfr view' needs JDK 21+
    if [ -x "$candidate" ] && "$candidate" help view >/dev/null 2>&1; then jfr=$candidate; break; fi
done
[ -n "$jfr" ] || { echo "no jfr with 'view' (JDK 21+) found; recording: $recording"; exit 0; }
"$jfr" view --width 160 hot-methods "$recording" | head -30
"$jfr" view --width 160 allocation-by-class "$recording" | head -15
echo "recording: $recording"
