#!/usr/bin/env bash
# Prints the markdown table of a benchmark run from its runs.txt (one line per dnsperf run:
# phase server qps avg_ms p50_ms p99_ms max_ms completed lost cpu_us_per_query). Medians over the repetitions;
# "lost" is the sum. The jdns/peer row divides the medians (QPS: higher is better; CPU and latency: lower).
#   bench/report.sh RESULTS/runs.txt     (also prints RESULTS/rss.txt, the memory table, when there is one)
set -euo pipefail
awk '
function median(list,    n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
    key = $1 SUBSEP $2
    if (!(key in runs)) { order[++count] = key; if (!($1 in phase_seen)) { phase_seen[$1] = 1; phases[++nphases] = $1 } }
    runs[key]++; qps[key] = qps[key] " " $3; avg[key] = avg[key] " " $4; p99[key] = p99[key] " " $6
    max[key] = max[key] " " $7; lost[key] += $9; cpu[key] = cpu[key] " " $10
    if ($2 ~ /^jdns/) jdns[$1] = key; else peer[$1] = key
}
END {
    print "| phase | server | runs | QPS | avg latency ms | p99 latency ms | max latency ms | lost | CPU us/query |"
    print "|---|---|---|---|---|---|---|---|---|"
    for (p = 1; p <= nphases; p++) {
        ph = phases[p]
        for (i = 1; i <= count; i++) {
            split(order[i], k, SUBSEP); if (k[1] != ph) continue
            key = order[i]
            m_qps[key] = median(qps[key]); m_avg[key] = median(avg[key]); m_cpu[key] = median(cpu[key])
            m_p99[key] = median(p99[key])
            printf "| %s | %s | %d | %.0f | %.3f | %.3f | %.3f | %d | %.2f |\n", ph, k[2], runs[key], m_qps[key],
                m_avg[key], m_p99[key], median(max[key]), lost[key], m_cpu[key]
        }
        if ((ph in jdns) && (ph in peer) && m_qps[peer[ph]] > 0 && m_cpu[peer[ph]] > 0 && m_avg[peer[ph]] > 0 \
                && m_p99[peer[ph]] > 0)
            printf "| %s | **jdns/peer** | | **%.2f** | %.2f | **%.2f** | | | **%.2f** |\n", ph,
                m_qps[jdns[ph]] / m_qps[peer[ph]], m_avg[jdns[ph]] / m_avg[peer[ph]],
                m_p99[jdns[ph]] / m_p99[peer[ph]], m_cpu[jdns[ph]] / m_cpu[peer[ph]]
    }
}' "$1"

# Memory and start: rss.txt next to runs.txt, one line per server at the end of each phase (for the first-* phases,
# per fresh start): phase server idle_MiB after_MiB peak_MiB ms_to_first_answer. Medians over the lines. The at-rest
# lines: idle is the RSS at the first answer, after the RSS once the server sat without a query for 10 s.
rss=$(dirname "$1")/rss.txt
[ -s "$rss" ] || exit 0
echo
awk '
function median(list,    n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
    key = $1 SUBSEP $2
    if (!(key in lines)) order[++count] = key
    lines[key]++; idle[key] = idle[key] " " $3; after[key] = after[key] " " $4; peak[key] = peak[key] " " $5
    ready[key] = ready[key] " " $6
}
END {
    print "| phase | server | RSS idle MiB | RSS after MiB | RSS peak MiB | ms to first answer |"
    print "|---|---|---|---|---|---|"
    for (i = 1; i <= count; i++) {
        split(order[i], k, SUBSEP)
        # Time to first answer only where the phase started the server for it, without waiting for another one.
        printf "| %s | %s | %d | %d | %d | %s |\n", k[1], k[2], median(idle[order[i]]), median(after[order[i]]),
            median(peak[order[i]]), k[1] ~ /^first-/ ? median(ready[order[i]]) : "-"
    }
}' "$rss"
