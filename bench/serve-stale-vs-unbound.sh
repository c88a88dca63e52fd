#!/usr/bin/env bash
# Serve-stale and prefetch, jdns resolver against Unbound configured the same way, on loopback only.
# Each resolver has its own authority for stale.test (jdns serve, TTL 20, its query counter on --metrics), so the queries each one sends
# can be counted. Real time passes (about 45 s): Unbound's clock cannot be moved, so this is a script to run by
# hand, not a test. Prints what each resolver answers at each step.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jdns="$root/jdns"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

net=127.77.$((RANDOM % 200 + 20))
port=$((20000 + RANDOM % 20000))
cat > "$work/stale.test.zone" <<ZONE
\$ORIGIN stale.test.
\$TTL 20
@    SOA ns admin 1 3600 600 86400 20
@    NS  ns
ns   A   $net.10
www  A   192.0.2.1
ZONE
printf '.  3600000 NS a.root.test.\na.root.test. 3600000 A %s\n' "$net.10" > "$work/named.root"

start() { "$@" > "$work/$(basename "$1").$RANDOM.log" 2>&1 & pids+=($!); }
start "$jdns" serve --listen "$net.10:$port" --metrics "$net.10:$((port + 1))" "$work/stale.test.zone"
auth_jdns=$!
start "$jdns" serve --listen "$net.11:$port" --metrics "$net.11:$((port + 1))" "$work/stale.test.zone"
auth_unbound=$!
start "$jdns" resolver --listen "$net.1:$port" --root-hints "$work/named.root" --hosts /dev/null \
    --upstream-port "$port" --stub "stale.test=$net.10@$port" --serve-stale 1h
cat > "$work/unbound.conf" <<CONF
server:
  interface: $net.2@$port
  access-control: 127.0.0.0/8 allow
  do-not-query-localhost: no
  do-ip6: no
  username: ""
  chroot: ""
  directory: "$work"
  pidfile: "$work/unbound.pid"
  logfile: ""
  use-syslog: no
  module-config: "iterator"
  local-zone: "test." nodefault
  ede: yes
  serve-expired: yes
  serve-expired-ttl: 3600
  serve-expired-client-timeout: 1800
  ede-serve-expired: yes
  prefetch: yes
remote-control:
  control-enable: no
stub-zone:
  name: "stale.test"
  stub-addr: $net.11@$port
CONF
start unbound -d -c "$work/unbound.conf"
for server in "$net.10" "$net.11" "$net.1" "$net.2"; do # every server up (bounded: 60 tries)
    for _ in $(seq 60); do
        dig +tries=1 +time=1 -p "$port" @"$server" ns.stale.test A > /dev/null 2>&1 && break
        sleep 1
    done
done
queries() { # queries the authority at $1 has received (its Prometheus counter); 0 once it is stopped
    curl -s "http://$1:$((port + 1))/metrics" | awk '/^jdns_queries_total/ {n += $NF} END {print n + 0}'
}
base_jdns=$(queries "$net.10"); base_unbound=$(queries "$net.11") # the readiness probes are not counted

ask() { # label resolver-address name
    local out
    out=$(dig +tries=1 +time=4 -p "$port" @"$2" "$3" A 2>&1 || true)
    printf '%-8s %-26s %s TTL=%s EDE=%s\n' "$1" "$3" \
        "$(sed -n 's/.*status: \([A-Z]*\).*/\1/p' <<<"$out")" \
        "$(awk '/^[^;].*IN/ {print $2; exit}' <<<"$out")" \
        "$(sed -n 's/^; EDE: //p' <<<"$out")"
}
counts() { printf '  authority queries since start: jdns %s, unbound %s\n' "$(($(queries "$net.10") - base_jdns))" \
    "$(($(queries "$net.11") - base_unbound))"; }
both() { ask jdns "$net.1" "$1"; ask unbound "$net.2" "$1"; }

t0=$(date +%s%N)
at() { # waits until $1 seconds after t0, then says what the step is
    local wait_ms=$(( $1 * 1000 - ($(date +%s%N) - t0) / 1000000 ))
    [ "$wait_ms" -gt 0 ] && sleep "$(printf '%d.%03d' $((wait_ms / 1000)) $((wait_ms % 1000)))"
    printf 't=%.1f s: %s\n' "$(( ($(date +%s%N) - t0) / 1000000 ))e-3" "$2"
}
at 0 "first query"; both www.stale.test; both missing.stale.test; counts
at 10 "50 % of the TTL"; both www.stale.test; sleep 1; counts
at 19 "in the last tenth of the TTL"; both www.stale.test; sleep 1; counts
at 22 "past the first answer's expiry"; both www.stale.test; counts
kill "$auth_jdns" "$auth_unbound"
at 45 "both authorities stopped, data expired"; both www.stale.test; both missing.stale.test
