#!/usr/bin/env bash
# Writes the benchmark's zones, root hints and dnsperf query files into DIR (bench/run.sh calls this).
#   gen.sh DIR ROOT_ADDR LEAF_ADDR NEW_NAME_RUNS NEW_NAMES_PER_RUN
# bench.    1000 names (host0..host999 A, every 4th also AAAA), TTL 1 day so nothing expires during a run
# wild.     *.wild. A: every name under it exists, so each query for a fresh label costs a resolver one upstream query
# .         a root zone that delegates both to LEAF_ADDR (glue), served by ROOT_ADDR
set -euo pipefail
dir=$1 root_addr=$2 leaf_addr=$3 runs=$4 per_run=$5
mkdir -p "$dir"

soa() { # origin
    printf '$ORIGIN %s\n$TTL 86400\n@ IN SOA ns1.%s hostmaster.%s 1 3600 900 604800 300\n' "$1" "$1" "$1"
}

{
    soa bench.
    printf '@ IN NS ns1.bench.\nns1 IN A %s\n' "$leaf_addr"
    awk 'BEGIN { for (i = 0; i < 1000; i++) {
        printf "host%d IN A 10.%d.%d.%d\n", i, int(i / 65536) % 256, int(i / 256) % 256, i % 256
        if (i % 4 == 0) printf "host%d IN AAAA 2001:db8::%x\n", i, i } }'
} > "$dir/bench.zone"

{
    soa wild.
    printf '@ IN NS ns1.wild.\nns1 IN A %s\n* IN A 192.0.2.1\n' "$leaf_addr"
} > "$dir/wild.zone"

{
    printf '$ORIGIN .\n$TTL 86400\n. IN SOA a.root. hostmaster.root. 1 3600 900 604800 300\n'
    printf '. IN NS a.root.\na.root. IN A %s\n' "$root_addr"
    for zone in bench. wild.; do
        printf '%s IN NS ns1.%s\nns1.%s IN A %s\n' "$zone" "$zone" "$zone" "$leaf_addr"
    done
} > "$dir/root.zone"

printf '. 3600000 NS a.root.\na.root. 3600000 A %s\n' "$root_addr" > "$dir/root.hints"

# 10000 queries, 80% existing names (A, or AAAA where the name has one), 20% NXDOMAIN; fixed seed.
awk 'BEGIN { srand(6); for (q = 0; q < 10000; q++) {
    if (rand() < 0.8) { i = int(rand() * 1000); t = (i % 4 == 0 && rand() < 0.5) ? "AAAA" : "A"
                        printf "host%d.bench. %s\n", i, t }
    else printf "nx%d.bench. A\n", int(rand() * 1000000) } }' > "$dir/auth.queries"

# Fresh names for the resolver "new names" phase: one file per run so no run hits another run's cache.
for ((run = 0; run < runs; run++)); do
    awk -v run="$run" -v n="$per_run" 'BEGIN { for (i = 0; i < n; i++) printf "r%d-%d.wild. A\n", run, i }' \
        > "$dir/new-$run.queries"
done
