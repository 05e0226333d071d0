#!/usr/bin/env bash
# Identity benchmark: start time and memory at rest, then fetch-user-by-id and user query under
# load with 10,000 users, on SQLite and (when reachable) PostgreSQL. Writes a report to
# bench/results/. Not part of ./latchkey test.
#
#   bench/identity/bench.sh            # both databases
#   BENCH_DB=sqlite bench/identity/bench.sh
#
# Needs: wrk (installed with apt-get if missing), node 20+, curl, a JDK 21+ (found by ./latchkey).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
users="${BENCH_USERS:-10000}"
duration="${BENCH_DURATION:-20s}"
connections="${BENCH_CONNECTIONS:-16}"
port="${BENCH_PORT:-18990}"
key="lk_mgmt_bench_0123456789abcdefghijklmnop"
dbs="${BENCH_DB:-sqlite postgresql}"
results="$root/bench/results"
mkdir -p "$results"
report="$results/identity-$(date -u +%Y%m%dT%H%M%SZ).md"

command -v wrk >/dev/null || { echo "installing wrk" >&2; apt-get install -y wrk >/dev/null; }
java="$("$root/latchkey" java-home)/bin/java"
jar="$root/server/target/latchkey-server.jar"
[ -f "$jar" ] && [ "${BENCH_REBUILD:-1}" = 0 ] || "$root/latchkey" build -q >&2
jsa="$root/server/target/latchkey-server.jsa"
opts="-XX:+UseSerialGC -Xss512k -Xms16m -Xmx512m -XX:ReservedCodeCacheSize=48m -Xlog:cds=off -Xlog:cds+dynamic=off -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$jsa"

server_pid=""
stop_server() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi; server_pid=""; }
trap stop_server EXIT

# start_server <data dir> <extra env...>: sets ready_ms, the time from launch to /readyz 200
start_server() {
  local dir="$1"; shift
  local t0 t1
  t0=$(date +%s%N)
  env "$@" LATCHKEY_BOOTSTRAP_API_KEY="$key" LATCHKEY_LOG_LEVEL=WARN \
    "$java" $opts -jar "$jar" serve --port "$port" --host 127.0.0.1 --data-dir "$dir" >"$dir.log" 2>&1 &
  server_pid=$!
  until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.01; done
  t1=$(date +%s%N)
  ready_ms=$(( (t1 - t0) / 1000000 ))
}

rss_mib() { echo $(( $(ps -o rss= -p "$server_pid") / 1024 )); }

# wrk_run <label> <lua>: one markdown row with requests/s and latency percentiles
wrk_run() {
  local label="$1" lua="$2" out
  out=$(LATCHKEY_BENCH_KEY="$key" LATCHKEY_BENCH_IDS="$ids" wrk -t2 -c"$connections" -d"$duration" --latency -s "$here/$lua" "http://127.0.0.1:$port" 2>&1)
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "| $db | $label | $rps | $p50 | $p99 | ${errors:-0} |"
}

{
  echo "# Identity benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM; load generator on the same machine"
  echo "- JVM: $("$java" -version 2>&1 | head -1); options: \`$opts\`"
  echo "- command: \`bench/identity/bench.sh\` (users=$users, wrk -t2 -c$connections -d$duration)"
  echo
} >"$report"

rows=()
startup=()
for db in $dbs; do
  dir="$(mktemp -d /tmp/latchkey-bench-XXXX)"
  extra=()
  if [ "$db" = postgresql ]; then
    if ! pg_isready -h 127.0.0.1 -p 5432 -q; then echo "PostgreSQL not reachable: skipping it" >&2; continue; fi
    schema="bench_$(date +%s)"
    psql -h 127.0.0.1 -U postgres -d test -qc "CREATE SCHEMA $schema"
    extra=(LATCHKEY_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" LATCHKEY_DATABASE_USER=postgres)
  fi
  # first start creates the schema (and the class-data archive if missing); measure the second
  start_server "$dir" "${extra[@]}"; stop_server
  start_server "$dir" "${extra[@]}"
  ms=$ready_ms
  sleep 5
  rest=$(rss_mib)
  startup+=("| $db | $ms | $rest |")
  ids="$dir/ids.txt"
  node "$here/seed.mjs" "http://127.0.0.1:$port" "$key" "$users" "$ids" >&2
  wrk_run "warm-up" fetch_user.lua >/dev/null
  rows+=("$(wrk_run "GET /user/{id}" fetch_user.lua)")
  rows+=("$(wrk_run "GET /user/query" query_users.lua)")
  rows+=("$(wrk_run "GET /healthz (reference)" healthz.lua)")
  after=$(rss_mib)
  startup[-1]="| $db | $ms | $rest | $after |"
  stop_server
  [ "$db" = postgresql ] && psql -h 127.0.0.1 -U postgres -d test -qc "DROP SCHEMA $schema CASCADE"
  rm -rf "$dir" "$dir.log"
done

{
  echo "## Start and memory"
  echo
  echo "| database | launch to /readyz 200 (ms) | RSS at rest after start (MiB) | RSS after the load runs (MiB) |"
  echo "|---|---|---|---|"
  printf '%s\n' "${startup[@]}"
  echo
  echo "## Throughput with $users users"
  echo
  echo "| database | request | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} >>"$report"
cat "$report"
echo "report: $report" >&2
