#!/usr/bin/env bash
# Start-up time: `./jdns dig` against a local server (JVM start to exit) and `./jdns lab` until its resolver answers.
#   bench/startup.sh [RUNS]
# Uses hyperfine when installed (apt-get install hyperfine), else a timed loop. Loopback only (127.53.4.0/24).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
runs=${1:-10}
server=127.53.4.1 port=53540 lab_listen=127.53.4.2:53541
work=$(mktemp -d /tmp/jdns-startup.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 0.5; rm -rf "$work"' EXIT

"$root/jdns" --version >/dev/null # build first
"$here/gen.sh" "$work" "$server" "$server" 0 0
printf 'server:\n  ip-address: %s@%s\n  username: ""\n  chroot: ""\n  database: ""\n  zonesdir: "%s"\n  pidfile: "%s/nsd.pid"\n  zonelistfile: "%s/zone.list"\n  xfrdfile: "%s/xfrd.state"\n  xfrdir: "%s"\nremote-control:\n  control-enable: no\nzone:\n  name: "bench."\n  zonefile: "%s/bench.zone"\n' \
    "$server" "$port" "$work" "$work" "$work" "$work" "$work" "$work" > "$work/nsd.conf"
nsd -d -c "$work/nsd.conf" > "$work/nsd.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do dig +short +time=1 +tries=1 @"$server" -p "$port" host1.bench. | grep -q . && break; sleep 0.2; done

dig_command="$root/jdns dig +short @$server -p $port host1.bench. A"
echo "== ./jdns dig wall time (JVM start to exit), $runs runs"
if command -v hyperfine >/dev/null; then
    # The launcher's start-up settings: the AOT cache (JDNS_AOT=on, JDK 25+), the class-data archive (the default)
    # and neither (also -Xshare:off: not even the JDK's own archive).
    hyperfine --style basic --warmup 2 --runs "$runs" -n "aot cache" "JDNS_AOT=on $dig_command" \
        -n "class-data archive" "$dig_command" \
        -n "neither" "JDNS_JAVA_OPTS=-Xshare:off $dig_command" 2>&1 | grep -Ev '^ *$'
else
    start=$(date +%s%N)
    for ((i = 0; i < runs; i++)); do $dig_command >/dev/null; done
    echo "mean: $(( ($(date +%s%N) - start) / runs / 1000000 )) ms"
fi

echo "== ./jdns lab: start until its resolver answers (3 runs)"
for run in 1 2 3; do
    start=$(date +%s%N)
    "$root/jdns" lab --listen "$lab_listen" > "$work/lab-$run.out" 2>&1 &
    lab=$!
    pids+=($lab)
    answered=""
    for _ in $(seq 300); do
        if dig +short +time=1 +tries=1 @"${lab_listen%:*}" -p "${lab_listen#*:}" www.example.com. 2>/dev/null | grep -q .; then
            answered=1; break
        fi
        sleep 0.05
    done
    echo "run $run: $([ -n "$answered" ] && echo "answered after" || echo "NO ANSWER after") $(( ($(date +%s%N) - start) / 1000000 )) ms"
    kill "$lab"; wait "$lab" 2>/dev/null || true
done
