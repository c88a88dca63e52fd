#!/usr/bin/env bash
# Online signing cost: how long `jdns serve --dnssec all` takes to sign a zone of NAMES names at start (NSEC and
# NSEC3), in wall time and CPU time, next to dnssec-signzone signing the same zone with the same key.
#   bench/dnssec-sign.sh [NAMES]        (default 10000)
# The zone: NAMES owners, mostly A, every 10th with an AAAA, every 7th a TXT, every 50th a delegation with glue
# (half of them with a DS). Loopback only (127.53.6.1); no query is sent beyond jdns's own start.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
names=${1:-10000}
work=$(mktemp -d /tmp/jdns-dnssec-sign.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$root/jdns" --version >/dev/null

zone="$work/big.example.zone"
{
    echo '$ORIGIN big.example.'; echo '$TTL 3600'
    echo '@ SOA ns1 hostmaster 1 7200 3600 1209600 300'; echo '@ NS ns1'; echo 'ns1 A 192.0.2.1'
    awk -v n="$names" 'BEGIN { for (i = 0; i < n; i++) {
        if (i % 50 == 0) { printf "d%d NS ns.d%d\nns.d%d A 192.0.2.%d\n", i, i, i, i % 250 + 1
            if (i % 100 == 0) printf "d%d DS 12345 13 2 %s\n", i, "ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB"
        } else { printf "h%d A 198.51.%d.%d\n", i, int(i / 250) % 250, i % 250 + 1
            if (i % 10 == 0) printf "h%d AAAA 2001:db8::%x\n", i, i
            if (i % 7 == 0) printf "h%d TXT \"t%d\"\n", i, i } } }'
} > "$zone"

cpu_ms() { # pid: user+system CPU of the process so far, ms
    awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$1/stat"
}

for denial in nsec nsec3; do
    out="$work/serve-$denial.out"
    start=$(date +%s%N)
    "$root/jdns" serve --listen 127.53.6.1:0 --log-level info --state-dir "$work/state" --dnssec all \
        --dnssec-denial "$denial" --watch-interval 0 "$zone" >"$out" 2>&1 &
    pid=$!
    for _ in $(seq 3000); do grep -q 'listening on' "$out" && break; sleep 0.1; done
    java_pid=$(pgrep -P "$pid" java || echo "$pid")
    cpu=$(cpu_ms "$java_pid")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    signed=$(grep -o 'signed big.example. (serial [0-9]*, [0-9,]* records) in [0-9,]* ms' "$out")
    echo "jdns serve --dnssec-denial $denial: $signed; process start to listening $(( ($(date +%s%N) - start) / 1000000 )) ms wall, $cpu ms CPU"
done

for args in "" "-3 -"; do
    # shellcheck disable=SC2086
    /usr/bin/time -f "dnssec-signzone ${args:-(NSEC)}: %e s wall, %U s user + %S s sys" \
        dnssec-signzone -q -z -K "$work/state/keys" -d "$work" -S $args -o big.example -f "$work/signed" "$zone" 2>&1 | tail -1
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
