#!/usr/bin/env bash
# Fuzzes one parser of untrusted bytes for a while with Jazzer (coverage-guided), starting from its committed seeds.
#
#   fuzz/run.sh TARGET [MINUTES]      (MINUTES defaults to 5)
#   fuzz/run.sh list
#
# Writes fuzz/out/TARGET/corpus (inputs that found new coverage; kept between runs, never committed) and
# fuzz/out/TARGET/findings (one file per crash, a reproducer). A finding becomes a regression test when its file is
# copied into the target's seed directory (printed at the end). See fuzz/README.md.
set -euo pipefail

cd "$(dirname "$0")/.."

# target: module, test class, method (each @FuzzTest method is one target; its seeds are in the module's
# src/test/resources/<package path>/<Class>Inputs/<method>/, which `mvn verify` replays).
declare -A TARGETS=(
  [query]="transport dev.jdns.transport.QueryProcessorFuzzTest queries"
  [reply-matcher]="transport dev.jdns.transport.client.ReplyMatcherFuzzTest replies"
  [authoritative-query]="authoritative dev.jdns.authoritative.AuthoritativeQueryFuzzTest queries"
  [resolver-query]="resolver dev.jdns.resolver.RecursiveQueryFuzzTest queries"
  [zone]="authoritative dev.jdns.authoritative.ZoneLoaderFuzzTest zoneFiles"
  [upstream-reply]="resolver dev.jdns.resolver.iterate.UpstreamReplyFuzzTest replies"
  [hosts]="resolver dev.jdns.resolver.hosts.HostsFileParserFuzzTest hostsFiles"
  [root-hints]="resolver dev.jdns.resolver.RootHintsFuzzTest hintsFiles"
  [rpz]="resolver dev.jdns.resolver.policy.PolicyZoneParserFuzzTest policyFiles"
  [key-file]="authoritative dev.jdns.authoritative.tsig.TsigKeyFileFuzzTest keyFiles"
  [journal]="authoritative dev.jdns.authoritative.JournalFileFuzzTest journalBlocks"
  [update]="authoritative dev.jdns.authoritative.UpdateMessageFuzzTest updates"
  [catalog]="authoritative dev.jdns.authoritative.catalog.CatalogMembersFuzzTest catalogs"
  [control]="cli dev.jdns.cli.control.ControlRequestFuzzTest requests"
  [cache-dump]="cli dev.jdns.cli.control.CacheDumpFuzzTest dumps"
)

usage() {
  echo "usage: fuzz/run.sh TARGET [MINUTES]   targets: ${!TARGETS[*]}" >&2
  exit 2
}

[[ $# -ge 1 ]] || usage
if [[ $1 == list ]]; then
  for target in "${!TARGETS[@]}"; do echo "$target: ${TARGETS[$target]}"; done | sort
  exit 0
fi
[[ -n ${TARGETS[$1]:-} ]] || usage
target=$1
minutes=${2:-5}
[[ $minutes =~ ^[0-9]+$ && $minutes -gt 0 ]] || usage
read -r module class method <<<"${TARGETS[$target]}"

# A JDK 21+ as the build's toolchain picks: JAVA_HOME when it is one, else the newest in /usr/lib/jvm.
java_bin=""
if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]] \
    && "$JAVA_HOME/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
  java_bin=$JAVA_HOME/bin/java
else
  for jdk in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
    if [[ -x $jdk/bin/java ]] && "$jdk/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
      java_bin=$jdk/bin/java
      break
    fi
  done
fi
[[ -n $java_bin ]] || { echo "fuzz/run.sh: no JDK 21+ found (set JAVA_HOME)" >&2; exit 1; }

out=fuzz/out/$target
mkdir -p "$out/corpus" "$out/findings"
classpath_file=$PWD/$out/classpath

echo "building $module and its test classpath..."
mvn -B -q test-compile dependency:build-classpath -pl "$module" -am \
    -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test >/dev/null

# In the reactor, a sibling module resolves to its target/classes (and target/test-classes for its test-jar).
classpath=$module/target/test-classes:$module/target/classes:$(cat "$classpath_file")
seeds=$module/src/test/resources/${class%.*}
seeds=${seeds//.//}/${class##*.}Inputs/$method

echo "fuzzing $class#$method for $minutes min (seeds: $seeds, corpus: $out/corpus, findings: $out/findings)"
status=0
# Our code and dnsjava's parser are instrumented for coverage; -rss_limit_mb=0 leaves memory to the JVM's own
# OutOfMemoryError (a finding); -timeout makes an input that runs for 10 s (a loop) a finding too.
"$java_bin" -Xmx1g -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
    --target_class="$class" --target_method="$method" \
    --instrumentation_includes='dev.jdns.**:org.xbill.DNS.**' \
    -max_total_time=$((minutes * 60)) -timeout=10 -rss_limit_mb=0 -print_final_stats=1 \
    -artifact_prefix="$out/findings/" "$out/corpus" "$seeds" \
    2> >(grep -a -v -e '^INFO: Instrumented' -e '^WARN: Failed to instrument' -e 'Unsupported class file major' \
             -e '^[[:space:]]*at com.code_intelligence' -e '^[[:space:]]*at java.' >&2) || status=$?

findings=$(find "$out/findings" -type f | wc -l)
echo "done: $target, exit $status, $findings finding(s) in $out/findings"
if [[ $findings -gt 0 ]]; then
  echo "to keep one as a regression test: cp $out/findings/<file> $seeds/<what-it-is>"
fi
exit $status
