#!/usr/bin/env bash
# jdns benchmarks: jdns serve vs NSD, jdns resolver vs Unbound, same machine, same run, same dnsperf load, on the
# mix of gen.sh (multi-record RRsets, CNAME chains, wildcard, referral, NXDOMAIN, NODATA; 3000 distinct questions).
#   bench/run.sh [--quick] [--phases "first-serve auth-udp auth-tcp first-resolver cache new"] [--jar PATH]
#                [--cache-size VALUE]
# --jar measures another build of jdns.jar (an earlier commit's, say) in the same harness; --cache-size is what the
# resolver is given (default 512m; builds before the byte-bounded caches took an entry count, e.g. 1000000, and
# then need JDNS_JAVA_OPTS=-Xmx1g, which the launcher passes on).
# BENCH_DNSSEC=1: the upstream zones (root, bench., sub.bench., wild.) are signed (sign-zones.sh) and both resolvers
# validate from the same root anchor. Unbound's aggressive NSEC (RFC 8198) is off, as jdns has none: on (its default,
# BENCH_AGGRESSIVE_NSEC=yes) its CPU per new wild. name grew run after run (476, 1556, 2630 us; off: about 290 us
# each run, measured by hand). BENCH_DO=1 also sets DO on every dnsperf query (signed answers back, AD set).
# BENCH_WARM_UP=1 starts jdns serve and jdns resolver with --warm-up (the JIT warm-up before binding; off by default).
# Loopback only (127.53.0.0/16 or BENCH_NET's, ports 53530-53531). Every process it starts is stopped by PID on exit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")

duration=8 reps=3 warmup=3 new_warmup=10 new_per_run=250000 quick=
phases="first-serve auth-udp auth-tcp first-resolver cache new"
jar="" cache_size=512m
while [ $# -gt 0 ]; do
    case $1 in
        --quick) quick=1 duration=4 reps=2 warmup=2 new_warmup=6 new_per_run=150000 ;;
        --phases) phases=$2; shift ;;
        --jar) jar=$2; shift ;;
        --cache-size) cache_size=$2; shift ;;
        *) echo "usage: $0 [--quick] [--phases \"$phases\"] [--jar PATH] [--cache-size VALUE]" >&2
           exit 2 ;;
    esac
    shift
done

dnssec=${BENCH_DNSSEC:-} signed=
if [ -n "$dnssec" ]; then signed=.signed; fi
for tool in dnsperf nsd unbound dig ${dnssec:+dnssec-keygen dnssec-signzone}; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done

# Addresses: servers under test on :53530, the upstream hierarchy (NSD) on :53531. BENCH_NET=N moves them all to
# 127.N.0.0/16, so that two benchmarks on one machine (two checkouts) cannot answer each other's queries.
net=${BENCH_NET:-53}
port=53530 upstream_port=53531
jdns_auth=127.$net.1.1 nsd_auth=127.$net.1.2
jdns_res=127.$net.2.1 unbound_res=127.$net.2.2
root_ns=127.$net.3.1 leaf_ns=127.$net.3.2

work=$(mktemp -d /tmp/jdns-bench.XXXXXX)
results="$here/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"
pids=()

stop_all() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        # Bounded wait, then force: a stuck server must not keep the benchmark's ports.
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

log() { echo "bench: $*" >&2; }

# Builds the jar now (not inside a timed phase) when it is missing or stale, then runs a snapshot of it, so that
# editing sources during a run cannot make the launcher rebuild in the middle of a measurement.
"$root/jdns" --version >/dev/null
mkdir -p "$work/snapshot/cli/target"
cp "$root/jdns" "$work/snapshot/jdns"
cp "${jar:-$root/cli/target/jdns.jar}" "$work/snapshot/cli/target/jdns.jar"
jdns="$work/snapshot/jdns"
# The snapshot's jar is a new file: the launcher writes its class-data archive (or, with JDNS_AOT=on, trains its AOT
# cache) now, before any timed part.
"$jdns" --version >/dev/null

runs_needed=$(( (reps + 1) * 2 ))
log "generating zones and queries in $work"
"$here/gen.sh" "$work" "$root_ns" "$leaf_ns" "$runs_needed" "$new_per_run"
if [ -n "$dnssec" ]; then log "signing the upstream zones"; "$here/sign-zones.sh" "$work"; fi
: > "$work/empty.hosts"

nsd_conf() { # name address port origin=zonefile...
    local name=$1 address=$2 listen_port=$3; shift 3
    local dir="$work/$name"
    mkdir -p "$dir"
    cat <<CONF
server:
  ip-address: $address@$listen_port
  server-count: 2
  username: ""
  chroot: ""
  database: ""
  verbosity: 0
  rrl-ratelimit: 0
  zonesdir: "$work"
  pidfile: "$dir/nsd.pid"
  zonelistfile: "$dir/zone.list"
  xfrdfile: "$dir/xfrd.state"
  xfrdir: "$dir"
  logfile: "$dir/nsd.log"
remote-control:
  control-enable: no
CONF
    local zone
    for zone in "$@"; do printf 'zone:\n  name: "%s"\n  zonefile: "%s"\n' "${zone%%=*}" "${zone#*=}"; done
}

start() { # name command...: starts a server in the background and records its PID and start time
    local name=$1; shift
    "$@" > "$work/$name.out" 2>&1 &
    pids+=($!)
    eval "pid_$name=$! started_$name=$(date +%s%N)"
}

stop() { # name: stops the server by its PID (bounded wait, then forced) before a fresh start
    local pid_var="pid_$1" pid
    pid=${!pid_var}
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# Polls every 20 ms until the server answers; sets ready_ms_NAME to the milliseconds since it was started (for a
# restarted server: time to first answer, the JVM's start included).
wait_ready() { # name address port qname
    local i pid_var="pid_$1" started_var="started_$1"
    for i in $(seq 1000); do
        if dig +tries=1 +time=1 +short @"$2" -p "$3" "$4" A 2>/dev/null | grep -q .; then
            eval "ready_ms_$1=$(( ($(date +%s%N) - ${!started_var}) / 1000000 ))"
            return 0
        fi
        kill -0 "${!pid_var}" 2>/dev/null || { log "$1 exited:"; cat "$work/$1.out" >&2; exit 1; }
        sleep 0.02
    done
    log "$1 did not answer at $2:$3"; cat "$work/$1.out" >&2; exit 1
}

descendants() { # pid: the pid and every process below it (NSD forks its server processes)
    local child
    echo "$1"
    for child in $(ps -o pid= --ppid "$1"); do descendants "$child"; done
}

cpu_ticks() { # pid: user+sys clock ticks of the process tree (all threads of all processes)
    local files=() pid
    for pid in $(descendants "$1"); do files+=("/proc/$pid/stat"); done
    awk '{ sub(/^.*\) /, ""); total += $12 + $13 } END { print total }' "${files[@]}" 2>/dev/null
}
ticks_per_second=$(getconf CLK_TCK)

memory_kib() { # pid field (VmRSS or VmHWM): summed over the process tree (NSD's workers share pages: an upper bound)
    local files=() pid
    for pid in $(descendants "$1"); do files+=("/proc/$pid/status"); done
    awk -v field="$2:" '$1 == field { total += $2 } END { print total + 0 }' "${files[@]}" 2>/dev/null
}

# Appends "phase server idle_mib after_mib peak_mib ready_ms" to rss.txt: idle is the RSS once the server first
# answered (recorded by ready_rss), after and peak (VmHWM, the most it ever was) now, at the end of the phase.
record_rss() { # phase server
    local pid_var="pid_$2" idle_var="idle_kib_$2" ready_var="ready_ms_$2" pid
    pid=${!pid_var}
    echo "$1 $2 $(( ${!idle_var} / 1024 )) $(( $(memory_kib "$pid" VmRSS) / 1024 ))" \
        "$(( $(memory_kib "$pid" VmHWM) / 1024 )) ${!ready_var}" | tee -a "$results/rss.txt" >&2
}

ready_rss() { # name address qname: waits for the first answer, then records the idle RSS
    wait_ready "$1" "$2" "$port" "$3"
    local pid_var="pid_$1"
    eval "idle_kib_$1=$(memory_kib "${!pid_var}" VmRSS)"
}

# "Idle" in rss.txt is the RSS at the first answer, while the JVM still compiles its start-up and trims nothing yet;
# at-rest lines show the same servers after REST_SECONDS with no query (idle column: at the first answer, after
# column: at rest), the figure of a daemon that sits waiting, which is what a user's idle resolver is.
readonly REST_SECONDS=10
record_at_rest() { # server...
    sleep "$REST_SECONDS"
    local server
    for server in "$@"; do record_rss at-rest "$server"; done
}

# One measured dnsperf run; appends "phase server qps avg_ms p50_ms p99_ms max_ms completed lost cpu_us_per_query".
# dnsperf 2.10 prints no percentiles, so every run is verbose (-v: one line per answered query with its latency,
# written to a file, which measured no slower than a quiet run) and the percentiles are computed from those lines.
# LIMIT (seconds) overrides the run's length, for the first-pass phases that stop at the end of their file.
measure() { # phase server pid address queryfile dnsperf-options...
    local phase=$1 server=$2 pid=$3 address=$4 queries=$5; shift 5
    local before after out
    out="$results/$phase-$server-$(date +%s%N).dnsperf"
    before=$(cpu_ticks "$pid")
    dnsperf -s "$address" -p "$port" -d "$queries" -l "${LIMIT:-$duration}" -t 2 -v "$@" > "$work/verbose.out" 2>&1
    after=$(cpu_ticks "$pid")
    grep -v '^> ' "$work/verbose.out" > "$out"
    # "> RCODE NAME TYPE SECONDS" per answered query; timeouts have no latency and are counted as lost.
    awk '/^> / && $NF ~ /^[0-9.]+$/ { print $NF }' "$work/verbose.out" | sort -g > "$work/latencies"
    rm -f "$work/verbose.out"
    awk -v phase="$phase" -v server="$server" -v ticks=$((after - before)) -v hz="$ticks_per_second" '
        FNR == NR { lat[++n] = $1; next }
        /Queries completed:/ { completed = $3 }
        /Queries lost:/ { lost = $3 }
        /Queries per second:/ { qps = $4 }
        /Average Latency/ && !query_latency_seen++ { avg = $4 * 1000; max = $8 * 1000 } # TCP adds connection latency
        END { cpu = completed > 0 ? ticks / hz * 1e6 / completed : 0
              p50 = n ? lat[int((n - 1) * 0.50) + 1] * 1000 : 0
              p99 = n ? lat[int((n - 1) * 0.99) + 1] * 1000 : 0
              printf "%s %s %.0f %.3f %.3f %.3f %.3f %d %d %.2f\n", phase, server, qps, avg, p50, p99, max, completed, lost, cpu }' \
        "$work/latencies" "$out" | tee -a "$results/runs.txt" >&2
}

# The dnsperf load of every phase: 16 clients (sockets) on one thread, 200 queries in flight.
load=(-c 16 -T 1 -q 200 ${BENCH_DO:+-D})

# Runs a phase: a warm-up for each server, then reps alternating jdns and the peer (A B A B ...) so that the
# noise of a shared machine hits both.
phase() { # phase jdns-name peer-name jdns-address peer-address queryfile dnsperf-options...
    local name=$1 a=$2 b=$3 a_addr=$4 b_addr=$5 queries=$6; shift 6
    local pid_a_var="pid_$a" pid_b_var="pid_$b" i
    log "phase $name: warm-up"
    dnsperf -s "$a_addr" -p "$port" -d "$queries" -l "$warmup" -t 2 "$@" >/dev/null 2>&1
    dnsperf -s "$b_addr" -p "$port" -d "$queries" -l "$warmup" -t 2 "$@" >/dev/null 2>&1
    for ((i = 0; i < reps; i++)); do
        measure "$name" "$a" "${!pid_a_var}" "$a_addr" "$queries" "$@"
        measure "$name" "$b" "${!pid_b_var}" "$b_addr" "$queries" "$@"
    done
    record_rss "$name" "$a"
    record_rss "$name" "$b"
}

# The first seconds after start: per rep, each server is restarted, polled until it answers (time to first answer,
# and the idle RSS), then sent the query file PASSES times through, no warm-up; jdns and the peer alternate. Through
# a resolver the file once is half misses (each question is in it twice); serve has no misses, so it gets the file
# several times over to last long enough to measure.
phase_first() { # phase jdns-name peer-name jdns-address peer-address ready-qname passes
    local name=$1 a=$2 b=$3 a_addr=$4 b_addr=$5 qname=$6 passes=$7 i server addr pid_var
    log "phase $name: fresh starts, $passes pass(es) over the mix, no warm-up"
    for ((i = 0; i < reps; i++)); do
        for server in "$a" "$b"; do
            if [ "$server" = "$a" ]; then addr=$a_addr; else addr=$b_addr; fi
            stop "$server"
            "start_$server"
            ready_rss "$server" "$addr" "$qname"
            pid_var="pid_$server"
            LIMIT=60 measure "$name" "$server" "${!pid_var}" "$addr" "$work/auth.queries" -n "$passes" "${load[@]}"
            record_rss "$name" "$server"
        done
    done
}

new_run=0
phase_new() { # the new-names phase needs a fresh query file per run (each resolver keeps its cache)
    local i server addr pid_var
    log "phase new: each run asks names no run asked before"
    # Warm-up (JIT, delegations) on two files of fresh names that no measured run uses. Longer than the other
    # phases' because this path runs more code: the JVM's JIT was measured still compiling it after 4 s.
    dnsperf -s "$jdns_res" -p "$port" -d "$work/new-$((2 * reps)).queries" -n 1 -l "$new_warmup" -t 2 "${load[@]}" \
        >/dev/null 2>&1
    dnsperf -s "$unbound_res" -p "$port" -d "$work/new-$((2 * reps + 1)).queries" -n 1 -l "$new_warmup" -t 2 \
        "${load[@]}" >/dev/null 2>&1
    for ((i = 0; i < reps; i++)); do
        for server in jdns_resolver unbound; do
            if [ "$server" = jdns_resolver ]; then addr=$jdns_res; else addr=$unbound_res; fi
            pid_var="pid_$server"
            measure new "$server" "${!pid_var}" "$addr" "$work/new-$new_run.queries" -n 1 "${load[@]}"
            new_run=$((new_run + 1))
        done
    done
    record_rss new jdns_resolver
    record_rss new unbound
}

wants() { [[ " $phases " == *" $1 "* ]]; }

start_jdns_serve() {
    start jdns_serve "$jdns" serve --listen "$jdns_auth:$port" --watch-interval 0 --rate-limit 0 \
        ${BENCH_WARM_UP:+--warm-up} "$work/bench.zone"
}
start_nsd() { start nsd "$(command -v nsd)" -d -c "$work/nsd_auth.conf"; }

if wants first-serve || wants auth-udp || wants auth-tcp; then
    log "starting jdns serve ($jdns_auth) and NSD ($nsd_auth) on bench."
    nsd_conf nsd_auth "$nsd_auth" "$port" "bench.=$work/bench.zone" > "$work/nsd_auth.conf"
    start_jdns_serve
    start_nsd
    # Started and stopped once before anything is measured: a user's start finds the class-data archive (written at
    # the first run's exit) or the AOT cache in place.
    ready_rss jdns_serve "$jdns_auth" ns1.bench.
    ready_rss nsd "$nsd_auth" ns1.bench.
    if wants first-serve; then
        phase_first first-serve jdns_serve nsd "$jdns_auth" "$nsd_auth" ns1.bench. 10
        stop jdns_serve; stop nsd; start_jdns_serve; start_nsd # the steady phases start from an idle server
    fi
    ready_rss jdns_serve "$jdns_auth" ns1.bench.
    ready_rss nsd "$nsd_auth" ns1.bench.
    record_at_rest jdns_serve nsd
    if wants auth-udp; then phase auth-udp jdns_serve nsd "$jdns_auth" "$nsd_auth" "$work/auth.queries" "${load[@]}"; fi
    if wants auth-tcp; then
        # 8 connections, not 16: jdns keeps at most 10 TCP connections per client address (RFC 7766 6.2.3, README's
        # limits); dnsperf's 16 from one address measured that limit (167 QPS, 800 queries lost per 8 s run).
        phase auth-tcp jdns_serve nsd "$jdns_auth" "$nsd_auth" "$work/auth.queries" -m tcp -c 8 -T 1 -q 200
    fi
    stop jdns_serve; stop nsd
fi

start_jdns_resolver() {
    # 512 MiB of caches, as Unbound gets 512 MiB below; the launcher derives the heap from --cache-size.
    start jdns_resolver "$jdns" resolver --listen "$jdns_res:$port" --root-hints "$work/root.hints" \
        --hosts "$work/empty.hosts" --upstream-port "$upstream_port" --cache-size "$cache_size" \
        ${dnssec:+--trust-anchor "$work/root.anchor"} ${BENCH_WARM_UP:+--warm-up}
}
start_unbound() { start unbound "$(command -v unbound)" -d -c "$work/unbound.conf"; }

if wants first-resolver || wants cache || wants new; then
    log "starting the upstream hierarchy (NSD root $root_ns, NSD bench./wild. $leaf_ns on :$upstream_port)"
    nsd_conf nsd_root "$root_ns" "$upstream_port" ".=$work/root.zone$signed" "sub.bench.=$work/sub.zone$signed" \
        > "$work/nsd_root.conf"
    nsd_conf nsd_leaf "$leaf_ns" "$upstream_port" "bench.=$work/bench.zone$signed" \
        "wild.=$work/wild.zone$signed" > "$work/nsd_leaf.conf"
    start nsd_root "$(command -v nsd)" -d -c "$work/nsd_root.conf"
    start nsd_leaf "$(command -v nsd)" -d -c "$work/nsd_leaf.conf"
    wait_ready nsd_root "$root_ns" "$upstream_port" a.root.
    wait_ready nsd_leaf "$leaf_ns" "$upstream_port" host1.bench.

    log "starting jdns resolver ($jdns_res) and Unbound ($unbound_res)"
    # Both resolvers at their defaults for QNAME minimisation (RFC 9156: on), so that each asks the same questions
    # upstream: a name two labels or more below a zone cut costs each of them one more query (w*.wc.bench.,
    # d*.sub.bench.). Until 2026-12-07 Unbound ran with it off while jdns had it on.
    cat > "$work/unbound.conf" <<CONF
server:
  interface: $unbound_res
  port: $port
  num-threads: 2
  so-reuseport: yes
  access-control: 127.0.0.0/8 allow
  do-not-query-localhost: no
  do-ip6: no
  username: ""
  chroot: ""
  use-syslog: no
  logfile: ""
  verbosity: 0
  directory: "$work"
  pidfile: "$work/unbound.pid"
  module-config: "${dnssec:+validator }iterator"
${dnssec:+  trust-anchor-file: "$work/root.anchor"
  aggressive-nsec: ${BENCH_AGGRESSIVE_NSEC:-no}
}  qname-minimisation: yes
  msg-cache-size: 256m
  rrset-cache-size: 256m
remote-control:
  control-enable: no
stub-zone:
  name: "."
  stub-addr: $root_ns@$upstream_port
stub-zone:
  name: "bench."
  stub-addr: $leaf_ns@$upstream_port
stub-zone:
  name: "wild."
  stub-addr: $leaf_ns@$upstream_port
# Unbound sends to a referral's glue address on port 53 only, so the child's server and port are given here.
stub-zone:
  name: "sub.bench."
  stub-addr: $root_ns@$upstream_port
CONF
    start_jdns_resolver
    start_unbound
    ready_rss jdns_resolver "$jdns_res" ns1.bench.
    ready_rss unbound "$unbound_res" ns1.bench.
    if wants first-resolver; then
        phase_first first-resolver jdns_resolver unbound "$jdns_res" "$unbound_res" ns1.bench. 1
        stop jdns_resolver; stop unbound; start_jdns_resolver; start_unbound
    fi
    ready_rss jdns_resolver "$jdns_res" ns1.bench.
    ready_rss unbound "$unbound_res" ns1.bench.
    record_at_rest jdns_resolver unbound

    if wants cache; then
        log "filling both caches with every name of the query file"
        dnsperf -s "$jdns_res" -p "$port" -d "$work/auth.queries" -n 1 -l 60 -t 2 -c 8 -q 50 >/dev/null 2>&1
        dnsperf -s "$unbound_res" -p "$port" -d "$work/auth.queries" -n 1 -l 60 -t 2 -c 8 -q 50 >/dev/null 2>&1
        phase cache jdns_resolver unbound "$jdns_res" "$unbound_res" "$work/auth.queries" "${load[@]}"
    fi
    if wants new; then phase_new; fi
fi

"$here/report.sh" "$results/runs.txt" | tee "$results/table.md"
{
    echo
    echo "Command: ${dnssec:+BENCH_DNSSEC=$dnssec }${BENCH_DO:+BENCH_DO=$BENCH_DO }${BENCH_WARM_UP:+BENCH_WARM_UP=$BENCH_WARM_UP }bench/run.sh${quick:+ --quick} (dnsperf ${load[*]}, $duration s runs after a $warmup s warm-up," \
        "$reps alternating reps per server, medians; first-* phases: fresh start, no warm-up)${dnssec:+;}" \
        "${dnssec:+upstream zones signed (ECDSAP256SHA256, NSEC), both resolvers validating from the root anchor}"
    echo "jdns: ${jar:-cli/target/jdns.jar of this checkout} through ./jdns, resolver --cache-size" \
        "$cache_size${JDNS_AOT:+, JDNS_AOT=$JDNS_AOT}${JDNS_JAVA_OPTS:+, JDNS_JAVA_OPTS=$JDNS_JAVA_OPTS}"
    echo "Machine: $(nproc) cores, $(uname -r); load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a "$results/table.md"
log "raw runs and dnsperf outputs in $results"
