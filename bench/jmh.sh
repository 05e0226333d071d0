#!/usr/bin/env bash
# Runs the JMH benchmarks (bench/src/main/java) and writes the report to bench/results/.
#   bench/jmh.sh                 # all
#   bench/jmh.sh TokenVerification
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export JAVA_HOME="$("$root/latchkey" java-home)"
./mvnw -B -q -DskipTests -Dspotless.check.skip=true install -pl bench -am >&2
./mvnw -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
mkdir -p bench/results
out="bench/results/jmh-$(date -u +%Y%m%dT%H%M%SZ)"
"$JAVA_HOME/bin/java" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main \
  -rf json -rff "$out.json" "${1:-.*}" | tee "$out.txt"
echo "report: $out.txt" >&2
