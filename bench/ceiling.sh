# Shared by the load scripts that report next to a JMH ceiling (oauth, keypairs): build the bench
# module through the reactor (compiled classes, nothing installed into ~/.m2), run one JMH
# selection at a given thread count, and measure a process's CPU use during a wrk run.
# Source it after lib.sh (needs root).
# shellcheck shell=bash

jmh_classpath=""
jmh_build() {
  [ -n "$jmh_classpath" ] && return 0
  (cd "$root" && JAVA_HOME="$("$root/latchkey" java-home)" ./mvnw -B -q -DskipTests -Dspotless.check.skip=true \
    -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt) >&2
  jmh_classpath="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
}

# jmh_has <simple class name>: whether that benchmark class is in the bench module
jmh_has() { [ -f "$root/bench/src/main/java/dev/latchkey/bench/$1.java" ]; }

# jmh_rows <regex> <threads> <raw output file>: one "| benchmark | threads | ops/s | ± |" row per
# benchmark. BENCH_JMH_ARGS replaces the iteration settings (default: 3 x 2 s warm-up, 5 x 2 s).
jmh_rows() {
  local regex="$1" threads="$2" raw="$3"
  jmh_build
  # shellcheck disable=SC2086
  "$java" -cp "$jmh_classpath" org.openjdk.jmh.Main ${BENCH_JMH_ARGS:--wi 3 -w 2s -i 5 -r 2s -f 1} \
    -t "$threads" "$regex" >"$raw" 2>&1
  # summary lines: "<name> thrpt <cnt> <score> ± <error> ops/s", or "<name> thrpt <score> ops/s"
  # when there was a single iteration (no count, no error)
  awk -v t="$threads" '$2=="thrpt" && $NF=="ops/s" {
    if ($5 == "±") printf "| %s | %s | %.0f | ± %.0f |\n", $1, t, $4, $6
    else printf "| %s | %s | %.0f | - |\n", $1, t, $(NF-1) }' "$raw"
  # a run that produced nothing (another JMH holding /tmp/jmh.lock, a build error) says why
  if ! grep -q 'thrpt' "$raw"; then
    echo "| JMH did not run: $(grep -m1 -o 'ERROR.*' "$raw" | cut -c1-160 | tr '|' '/') | $threads | - | - |"
  fi
}

# cpu_ticks <pid>: user + system clock ticks the process has used so far
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# busy_ticks: ticks all CPUs spent on anything but idle and iowait so far (the whole machine)
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
clk_tck="$(getconf CLK_TCK)"

# wrk_row_saved <raw file> <db> <label> <lua file> [wrk args...]: as lib.sh's wrk_row (one markdown
# row: requests/s, p50, p99, non-2xx), and appends wrk's whole output to the raw file
wrk_row_saved() {
  local file="$1" db="$2" label="$3" lua="$4"; shift 4
  local out rps p50 p99 errors
  out=$(wrk --latency -s "$lua" "$@" "http://127.0.0.1:$port" 2>&1)
  printf '## %s: %s (wrk %s)\n%s\n\n' "$db" "$label" "$*" "$out" >>"$file"
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "| $db | $label | $rps | $p50 | $p99 | ${errors:-0} |"
}

# port_free: refuses to start when something already answers on $port (another benchmark's server
# would otherwise be measured in place of ours)
port_free() {
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz"; then
    echo "port $port is in use (another server?): set BENCH_PORT" >&2
    exit 1
  fi
}

# rs256_cpu_line <threads> <warm-up s> <seconds>: Rs256CpuCeiling's one line (grants of the
# server's own grant code per wall-clock second and per CPU-second of its threads), run with the
# server's collector (-XX:+UseSerialGC -Xmx512m)
rs256_cpu_line() {
  jmh_build
  # the server's collector and heap limit (the launcher's options), not the JVM's defaults
  "$java" -XX:+UseSerialGC -Xmx512m -cp "$jmh_classpath" dev.latchkey.bench.Rs256CpuCeiling "$@" 2>/dev/null | grep '^threads='
}

# route_totals <route>: "<count> <seconds>" the server's /metrics has recorded for that route (all
# statuses): the difference across a wrk run gives the mean time a request spent in the server,
# a check on wrk's own latency figures (which, on a saturated shared machine, overstate the tail)
route_totals() {
  curl -s "http://127.0.0.1:$port/metrics" | awk -v r="route=\"$1\"" '
    index($0, r) && /^http_server_requests_seconds_count/ { c += $NF }
    index($0, r) && /^http_server_requests_seconds_sum/ { s += $NF }
    END { printf "%d %.6f\n", c, s }'
}
# server_row <db> <label> <totals before> <totals after>: "| db | label | requests | mean in server |"
server_row() {
  awk -v db="$1" -v label="$2" -v b="$3" -v a="$4" 'BEGIN {
    split(b, x, " "); split(a, y, " "); n = y[1] - x[1]; s = y[2] - x[2]
    printf "| %s | %s | %d | %s |\n", db, label, n, (n > 0 ? sprintf("%.3f ms", 1000 * s / n) : "-") }'
}
