#!/usr/bin/env bash
# Runs the JMH benchmarks (bench/src/main/java) and writes the report to bench/results/.
#   bench/jmh.sh                       # all
#   bench/jmh.sh TokenVerification     # a regular expression over benchmark names
#   bench/jmh.sh VaultEnvelope -p keyBytes=108   # any further JMH options
# The bench module is built through the reactor with the server and client modules it uses
# (compiled classes, nothing installed into ~/.m2).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export JAVA_HOME="$("$root/latchkey" java-home)"
./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl bench -am \
  compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
mkdir -p bench/results
out="bench/results/jmh-$(date -u +%Y%m%dT%H%M%SZ)"
{
  echo "# machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM"
  echo "# JVM: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "# command: bench/jmh.sh $*"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out.txt"
"$JAVA_HOME/bin/java" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main \
  -rf json -rff "$out.json" "${@:-.*}" | tee -a "$out.txt"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out.txt"
echo "report: $out.txt" >&2
