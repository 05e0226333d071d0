#!/usr/bin/env bash
# Token benchmark: create_access_token and password login (Argon2id m=7 MiB, t=5, p=1) under
# load, on SQLite and (when reachable) PostgreSQL, next to the machine's Argon2id hash rate from
# JMH (bench module, Argon2Benchmark), which bounds password login. Writes bench/results/.
#
#   bench/tokens/bench.sh
#   BENCH_DB=sqlite BENCH_DURATION=10s bench/tokens/bench.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
users="${BENCH_USERS:-500}"
duration="${BENCH_DURATION:-20s}"
port="${BENCH_PORT:-18991}"
key="lk_mgmt_bench_0123456789abcdefghijklmnop"
password="bench passphrase 0123"
dbs="${BENCH_DB:-sqlite postgresql}"
results="$root/bench/results"
mkdir -p "$results"
report="$results/tokens-$(date -u +%Y%m%dT%H%M%SZ).md"
# shellcheck source=../lib.sh
source "$root/bench/lib.sh"

{
  echo "# Token benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  machine_line
  echo "- command: \`bench/tokens/bench.sh\` (users=$users, wrk -d$duration; login -t2 -c8, access_token -t2 -c16)"
  echo
} >"$report"

rows=()
for db in $dbs; do
  db_setup "$db" || continue
  start_server "$dir" "${extra[@]}"
  ids="$dir/ids.txt"
  emails="$dir/emails.txt"
  BENCH_PASSWORD="$password" node "$root/bench/identity/seed.mjs" "http://127.0.0.1:$port" "$key" "$users" "$ids" "$emails" >&2
  export LATCHKEY_BENCH_KEY="$key" LATCHKEY_BENCH_IDS="$ids" LATCHKEY_BENCH_EMAILS="$emails" LATCHKEY_BENCH_PASSWORD="$password"
  wrk_row "$db" warm-up "$here/access_token.lua" -t2 -c16 -d5s >/dev/null
  rows+=("$(wrk_row "$db" "POST /api/backend/v1/access_token" "$here/access_token.lua" -t2 -c16 -d"$duration")")
  rows+=("$(wrk_row "$db" "POST /api/v1/login (password, Argon2id verify)" "$here/login.lua" -t2 -c8 -d"$duration")")
  stop_server
  db_teardown
done

{
  echo "| database | request | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} >>"$report"
cat "$report"
echo "report: $report" >&2
