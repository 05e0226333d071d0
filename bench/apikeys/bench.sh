#!/usr/bin/env bash
# API-key validation benchmark: validate with 10,000 keys next to /healthz in the same run, with
# their ratio (target: validate >= 80 % of healthz, p99 < 2 ms at that load). Writes bench/results/.
#
#   bench/apikeys/bench.sh
#   BENCH_DB=sqlite BENCH_KEYS=2000 BENCH_DURATION=10s bench/apikeys/bench.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${BENCH_KEYS:-10000}"
duration="${BENCH_DURATION:-10s}"
rounds="${BENCH_ROUNDS:-3}"
connections="${BENCH_CONNECTIONS:-16}"
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
  echo "- command: \`bench/apikeys/bench.sh\` (keys=$count, wrk -t2 -c$connections -d$duration, $rounds alternating rounds)"
  echo
} >"$report"

rows=()
ratios=()
for db in $dbs; do
  dir="$(mktemp -d /tmp/latchkey-bench-XXXX)"
  extra=()
  if [ "$db" = postgresql ]; then
    if ! pg_isready -h 127.0.0.1 -p 5432 -q; then echo "PostgreSQL not reachable: skipping it" >&2; continue; fi
    schema="bench_$(date +%s)"
    read -r -a extra <<<"$(postgres_env "$schema")"
  fi
  start_server "$dir" "${extra[@]}"
  tokens="$dir/tokens.txt"
  node "$here/seed_keys.mjs" "http://127.0.0.1:$port" "$key" "$count" "$tokens" >&2
  export LATCHKEY_BENCH_KEY="$key" LATCHKEY_BENCH_TOKENS="$tokens"
  # warm-up: every key validated at least once, JIT compiled
  wrk_row "$db" warm-up "$here/validate.lua" -t2 -c"$connections" -d10s >/dev/null
  wrk_row "$db" warm-up "$root/bench/identity/healthz.lua" -t2 -c"$connections" -d5s >/dev/null
  # healthz's own rate varies by up to a third between runs on this VM: alternate the two routes
  # for $rounds rounds and compare the medians
  hs=(); vs=()
  for round in $(seq 1 "$rounds"); do
    health=$(wrk_row "$db" "GET /healthz (round $round)" "$root/bench/identity/healthz.lua" -t2 -c"$connections" -d"$duration")
    validate=$(wrk_row "$db" "POST /end_user_api_keys/validate (round $round)" "$here/validate.lua" -t2 -c"$connections" -d"$duration")
    rows+=("$health" "$validate")
    hs+=("$(awk -F'|' '{print $4}' <<<"$health" | xargs)")
    vs+=("$(awk -F'|' '{print $4}' <<<"$validate" | xargs)")
  done
  h=$(printf '%s\n' "${hs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  v=$(printf '%s\n' "${vs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  ratios+=("| $db | $h | $v | $(awk -v v="$v" -v h="$h" 'BEGIN { printf "%.0f %%", 100 * v / h }') |")
  stop_server
  [ "$db" = postgresql ] && psql -h 127.0.0.1 -U postgres -d test -qc "DROP SCHEMA $schema CASCADE"
  rm -rf "$dir" "$dir.log"
done

{
  echo "| database | request | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "| database | median healthz req/s | median validate req/s | validate / healthz |"
  echo "|---|---|---|---|"
  printf '%s\n' "${ratios[@]}"
} >>"$report"
cat "$report"
echo "report: $report" >&2
