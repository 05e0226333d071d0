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

# shellcheck source=../lib.sh
source "$root/bench/lib.sh"

# wrk_run <label> <lua>: one row for the current database
wrk_run() {
  LATCHKEY_BENCH_KEY="$key" LATCHKEY_BENCH_IDS="$ids" wrk_row "$db" "$1" "$here/$2" -t2 -c"$connections" -d"$duration"
}

{
  echo "# Identity benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  machine_line
  echo "- command: \`bench/identity/bench.sh\` (users=$users, wrk -t2 -c$connections -d$duration)"
  echo
} >"$report"

rows=()
startup=()
for db in $dbs; do
  db_setup "$db" || continue
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
  db_teardown
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
