#!/usr/bin/env bash
# API-key validation benchmark: validate with 10,000 keys next to /healthz in the same run, with
# their ratio (target: validate >= 80 % of healthz, p99 < 2 ms at that load). Writes bench/results/.
#
# Rates and latencies come from bench's own load generator (LoadGenerator.java, closed loop: each
# connection sends its next request when the answer to the last one is in, as wrk does), because
# wrk's latencies on this 2-core VM do not agree with Little's law (bench/README.md). Each route is
# run at each connection count for BENCH_ROUNDS alternating rounds (healthz alone varies by a third
# between runs here) and the medians are compared. A wrk round per route cross-checks the rates.
#
#   bench/apikeys/bench.sh
#   BENCH_DB=sqlite BENCH_KEYS=2000 BENCH_DURATION=5 BENCH_CONNECTIONS="4" bench/apikeys/bench.sh
#   BENCH_OPEN_RATES="10000 25000" bench/apikeys/bench.sh   # also open-loop rows at these rates
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${BENCH_KEYS:-10000}"
duration="${BENCH_DURATION:-10}"
rounds="${BENCH_ROUNDS:-3}"
connection_counts="${BENCH_CONNECTIONS:-4 16}"
# open-loop rates (requests/s, 16 connections) to run after the closed rounds; none by default
open_rates="${BENCH_OPEN_RATES:-}"
port="${BENCH_PORT:-18992}"
key="lk_mgmt_bench_0123456789abcdefghijklmnop"
dbs="${BENCH_DB:-sqlite postgresql}"
results="$root/bench/results"
mkdir -p "$results"
report="$results/apikeys-$(date -u +%Y%m%dT%H%M%SZ).md"
# shellcheck source=../lib.sh
source "$root/bench/lib.sh"

{
  echo "# API-key validation benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  machine_line
  echo "- command: \`bench/apikeys/bench.sh\` (keys=$count; LoadGenerator closed loop with $connection_counts connections, ${duration}s after a 3 s warm-up, $rounds alternating rounds; wrk -t2 -c16 -d${duration}s cross-check)"
  echo "- load average before: $(load_average)"
  echo
} >"$report"

base="http://127.0.0.1:$port"
# health|validate <db> <connections> [warm-up s] [duration s] [rate, 0: closed loop]
health() { loadgen_row "$1" --url "$base/healthz" --label "GET /healthz" --rate "${5:-0}" --connections "$2" --warmup "${3:-3}" --duration "${4:-$duration}"; }
validate() {
  loadgen_row "$1" --url "$base/api/backend/v1/end_user_api_keys/validate" --label "POST .../validate" \
    --method POST --header "Authorization: Bearer $key" --body-template '{"api_key_token":"%s"}' \
    --body-values "$tokens" --rate "${5:-0}" --connections "$2" --warmup "${3:-3}" --duration "${4:-$duration}"
}
column() { awk -F'|' -v n="$1" '{print $n}' | xargs | sed 's/ ms//'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

rows=()
summary=()
wrk_rows=()
for db in $dbs; do
  db_setup "$db" || continue
  start_server "$dir" "${extra[@]}"
  tokens="$dir/tokens.txt"
  node "$here/seed_keys.mjs" "http://127.0.0.1:$port" "$key" "$count" "$tokens" >&2
  # warm-up: every key validated (the near-cache filled), the server's JIT compiled
  validate "$db" 16 10 2 >/dev/null
  health "$db" 16 3 2 >/dev/null
  for connections in $connection_counts; do
    hs=(); vs=(); hp=(); vp=()
    for round in $(seq 1 "$rounds"); do
      h=$(health "$db" "$connections")
      v=$(validate "$db" "$connections")
      rows+=("$h" "$v")
      hs+=("$(column 5 <<<"$h")"); vs+=("$(column 5 <<<"$v")")
      hp+=("$(column 8 <<<"$h")"); vp+=("$(column 8 <<<"$v")")
    done
    mh=$(printf '%s\n' "${hs[@]}" | median); mv=$(printf '%s\n' "${vs[@]}" | median)
    summary+=("| $db | $connections | $mh | $mv | $(awk -v v="$mv" -v h="$mh" 'BEGIN { printf "%.0f %%", 100 * v / h }') | $(printf '%s\n' "${hp[@]}" | median) ms | $(printf '%s\n' "${vp[@]}" | median) ms |")
  done
  for rate in $open_rates; do
    rows+=("$(health "$db" 16 3 "$duration" "$rate")" "$(validate "$db" 16 3 "$duration" "$rate")")
  done
  export LATCHKEY_BENCH_KEY="$key" LATCHKEY_BENCH_TOKENS="$tokens"
  wrk_rows+=("$(wrk_row "$db" "GET /healthz" "$root/bench/identity/healthz.lua" -t2 -c16 -d"${duration}s")")
  wrk_rows+=("$(wrk_row "$db" "POST .../validate" "$here/validate.lua" -t2 -c16 -d"${duration}s")")
  stop_server
  db_teardown
done

{
  echo "Every round (closed loop: latency from send to the whole answer read; open loop: from the due time):"
  echo
  echo "| database | request | load | requests/s | p50 | p90 | p99 | p99.9 | max | send lag p99 | non-2xx | I/O errors |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Medians of the rounds:"
  echo
  echo "| database | connections | healthz req/s | validate req/s | validate / healthz | healthz p99 | validate p99 |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${summary[@]}"
  echo
  echo "wrk cross-check of the rates (wrk's latencies are not used, see bench/README.md):"
  echo
  echo "| database | request | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${wrk_rows[@]}"
  echo
  echo "- load average after: $(load_average)"
} >>"$report"
cat "$report"
echo "report: $report" >&2
