#!/usr/bin/env bash
# Writes the benchmark's zones, root hints and dnsperf query files into DIR (bench/run.sh and the other bench/
# scripts call this). Everything is deterministic: the same files on every run and machine.
#   gen.sh DIR ROOT_ADDR LEAF_ADDR NEW_NAME_RUNS NEW_NAMES_PER_RUN
# bench.       1000 hosts (hostN: A and AAAA; MX on every 4th host, TXT on every 3rd), 10 mail hosts (mailN: A,
#              AAAA), 50 CNAMEs (aliasN; alias0 and alias1 start chains of 3 and 2, and so on every 10), a wildcard
#              *.wc.bench. with A and TXT, and sub.bench. delegated to ROOT_ADDR with glue. TTL 1 day.
# sub.bench.   the delegated child (d0..d199 A), served by ROOT_ADDR, so resolvers follow the referral.
# wild.        *.wild. A: every name under it exists, so each query for a fresh label costs a resolver one upstream
#              query (the "new names" phase).
# .            a root zone that delegates bench. and wild. to LEAF_ADDR (glue), served by ROOT_ADDR.
# auth.queries 3000 distinct (name, type) questions, each twice, shuffled (6000 lines; see the mix below). Sent once
#              (-n 1) to a fresh resolver, exactly half the queries are misses.
# new-R.queries  fresh rR-N.wild. names, one file per "new names" run.
set -euo pipefail
dir=$1 root_addr=$2 leaf_addr=$3 runs=$4 per_run=$5
mkdir -p "$dir"

soa() { # origin
    printf '$ORIGIN %s\n$TTL 86400\n@ IN SOA ns1.%s hostmaster.%s 1 3600 900 604800 300\n' "$1" "$1" "$1"
}

{
    soa bench.
    printf '@ IN NS ns1.bench.\nns1 IN A %s\n' "$leaf_addr"
    awk 'BEGIN {
        for (i = 0; i < 1000; i++) {
            printf "host%d IN A 10.%d.%d.%d\n", i, int(i / 65536) % 256, int(i / 256) % 256, i % 256
            printf "host%d IN AAAA 2001:db8::%x\n", i, i
            if (i % 4 == 0) printf "host%d IN MX 10 mail%d\n", i, int(i / 4) % 10
            if (i % 3 == 0) printf "host%d IN TXT \"v=spf1 a:host%d.bench. -all\"\n", i, i
        }
        for (i = 0; i < 10; i++) printf "mail%d IN A 10.255.0.%d\nmail%d IN AAAA 2001:db8:ff::%x\n", i, i, i, i
        # aliasN -> hostN, except that alias0 -> alias1 -> alias2 -> host2 (3 CNAMEs), alias1 a chain of 2, and so
        # on in every ten.
        for (i = 0; i < 50; i++) printf "alias%d IN CNAME %s%d\n", i, (i % 10 < 2 ? "alias" : "host"), (i % 10 < 2 ? i + 1 : i)
    }'
    printf '*.wc IN A 192.0.2.10\n*.wc IN TXT "wildcard answer"\n'
    printf 'sub IN NS ns1.sub\nsub IN NS ns2.sub\nns1.sub IN A %s\nns2.sub IN A %s\n' "$root_addr" "$root_addr"
} > "$dir/bench.zone"

{
    soa sub.bench.
    printf '@ IN NS ns1\n@ IN NS ns2\nns1 IN A %s\nns2 IN A %s\n' "$root_addr" "$root_addr"
    awk 'BEGIN { for (i = 0; i < 200; i++) printf "d%d IN A 10.254.%d.%d\n", i, int(i / 256), i % 256 }'
} > "$dir/sub.zone"

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

# The mix: 3000 distinct questions, A 25%, AAAA 20%, MX 5%, TXT 5%, CNAME 5% (aliases asked A, AAAA and CNAME),
# wildcard 5%, referral 5%, NXDOMAIN 20%, NODATA 10% (MX and TXT of hosts without them). Multipliers coprime to
# the range pick distinct hosts spread over the zone. Each question twice, then a fixed-seed shuffle.
awk 'function q(line) { lines[n++] = line; lines[n++] = line }
BEGIN {
    for (k = 0; k < 750; k++) q(sprintf("host%d.bench. A", (k * 7 + 3) % 1000))
    for (k = 0; k < 600; k++) q(sprintf("host%d.bench. AAAA", (k * 13 + 1) % 1000))
    for (k = 0; k < 150; k++) q(sprintf("host%d.bench. MX", 4 * ((k * 3) % 250)))
    for (k = 0; k < 150; k++) q(sprintf("host%d.bench. TXT", 3 * ((k * 7) % 334)))
    split("A AAAA CNAME", alias_types, " ")
    for (k = 0; k < 150; k++) q(sprintf("alias%d.bench. %s", k % 50, alias_types[int(k / 50) + 1]))
    for (k = 0; k < 150; k++) q(sprintf("w%d.wc.bench. %s", k, k % 2 ? "TXT" : "A"))
    for (k = 0; k < 150; k++) q(sprintf("d%d.sub.bench. A", k))
    for (k = 0; k < 600; k++) q(sprintf("nx%d.bench. %s", k, k % 2 ? "AAAA" : "A"))
    for (k = 0; k < 150; k++) q(sprintf("host%d.bench. MX", 4 * k + 1))
    for (k = 0; k < 150; k++) q(sprintf("host%d.bench. TXT", 3 * k + 1))
    srand(6)
    for (i = n - 1; i > 0; i--) { j = int(rand() * (i + 1)); t = lines[i]; lines[i] = lines[j]; lines[j] = t }
    for (i = 0; i < n; i++) print lines[i]
}' > "$dir/auth.queries"

# Fresh names for the resolver "new names" phase: one file per run so no run hits another run's cache.
for ((run = 0; run < runs; run++)); do
    awk -v run="$run" -v n="$per_run" 'BEGIN { for (i = 0; i < n; i++) printf "r%d-%d.wild. A\n", run, i }' \
        > "$dir/new-$run.queries"
done
