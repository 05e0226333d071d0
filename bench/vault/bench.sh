#!/usr/bin/env bash
# Vault resolve benchmark (issue 6 §5): POST /api/v1/resolve requests/s with the plan cache warm,
# next to GET /healthz in the same run, on SQLite and (when reachable) PostgreSQL. A gateway's
# management key (can_decrypt) resolves one AI system mapped to N OpenAI BYOK keys. Every key
# answered is decrypted and writes a provider_key.decrypted audit row before the answer leaves
# (one transaction per request), so the same system is also resolved with limit 1 (one decrypt,
# one row) and for a model no key allows (zero keys: no decrypt, no write): the difference is the
# cost of the synchronous audit write. The single-connection rows give the service time without
# queueing. Writes bench/results/.
#
#   bench/vault/bench.sh
#   BENCH_DB=sqlite BENCH_DURATION=10s BENCH_VAULT_KEYS=4 bench/vault/bench.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${BENCH_VAULT_KEYS:-4}"
duration="${BENCH_DURATION:-20s}"
single="${BENCH_SINGLE_DURATION:-10s}"
connections="${BENCH_CONNECTIONS:-16}"
port="${BENCH_PORT:-18993}"
key="lk_mgmt_bench_0123456789abcdefghijklmnop"
dbs="${BENCH_DB:-sqlite postgresql}"
results="$root/bench/results"
mkdir -p "$results"
report="$results/vault-$(date -u +%Y%m%dT%H%M%SZ).md"
# shellcheck source=../lib.sh
source "$root/bench/lib.sh"

{
  echo "# Vault resolve benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  machine_line
  echo "- command: \`bench/vault/bench.sh\` (BYOK keys on the AI system=$count, wrk -t2 -c$connections -d$duration; single connection: wrk -t1 -c1 -d$single)"
  echo
} >"$report"

# decrypted_total: provider_key.decrypted audit rows so far
decrypted_total() {
  curl -sf -H "Authorization: Bearer $key" \
    "http://127.0.0.1:$port/api/admin/v1/audit_events?action=provider_key.decrypted&page_size=1" | jq .total_events
}

# resolve_row <db> <label> <body> <keys expected per answer> [wrk args...]: a wrk row; also
# checks the answer and that the audit rows written match the requests served
resolve_row() {
  local db="$1" label="$2" body="$3" per="$4"; shift 4
  local answered before after served row
  answered=$(curl -sf -X POST -H "Authorization: Bearer $decrypt_key" -H "Content-Type: application/json" \
    -d "$body" "http://127.0.0.1:$port/api/v1/resolve" | jq '.keys | length')
  if [ "$answered" != "$per" ]; then echo "resolve $body answered $answered keys, expected $per" >&2; exit 1; fi
  before=$(decrypted_total)
  row=$(LATCHKEY_BENCH_BODY="$body" WRK_SAVE="$dir/wrk.txt" wrk_row "$db" "$label" "$here/resolve.lua" "$@")
  sleep 0.5
  after=$(decrypted_total)
  served=$(awk '/requests in/ {print $1}' "$dir/wrk.txt")
  echo "| $db | $label | $served | $((served * per)) | $((after - before)) |" >>"$audits"
  echo "$row"
}

rows=()
singles=()
loads=()
audits="$(mktemp /tmp/latchkey-bench-audits-XXXX)"
for db in $dbs; do
  db_setup "$db" || continue
  start_server "$dir" "${extra[@]}"
  node "$here/seed_vault.mjs" "http://127.0.0.1:$port" "$key" "$count" "$dir/seed.env" >&2
  # shellcheck disable=SC1091
  source "$dir/seed.env"
  export LATCHKEY_BENCH_KEY="$decrypt_key"
  all="{\"ai_system_id\":\"$system_id\"}"
  one="{\"ai_system_id\":\"$system_id\",\"limit\":1}"
  none="{\"ai_system_id\":\"$system_id\",\"model\":\"not-$model\"}"
  load_before="$(load_average)"
  # warm-up: JIT compiled, the AI system's plan cached (it is re-read at most every 5 s)
  LATCHKEY_BENCH_BODY="$all" wrk_row "$db" warm-up "$here/resolve.lua" -t2 -c"$connections" -d10s >/dev/null
  LATCHKEY_BENCH_BODY="$none" wrk_row "$db" warm-up "$here/resolve.lua" -t2 -c"$connections" -d5s >/dev/null
  wrk_row "$db" warm-up "$root/bench/identity/healthz.lua" -t2 -c"$connections" -d5s >/dev/null
  rows+=("$(wrk_row "$db" "GET /healthz" "$root/bench/identity/healthz.lua" -t2 -c"$connections" -d"$duration")")
  rows+=("$(resolve_row "$db" "resolve, $count keys ($count decrypts, $count audit rows)" "$all" "$count" -t2 -c"$connections" -d"$duration")")
  rows+=("$(resolve_row "$db" "resolve, limit 1 (1 decrypt, 1 audit row)" "$one" 1 -t2 -c"$connections" -d"$duration")")
  rows+=("$(resolve_row "$db" "resolve, model no key allows (0 keys, no write)" "$none" 0 -t2 -c"$connections" -d"$duration")")
  singles+=("$(resolve_row "$db" "resolve, $count keys, 1 connection" "$all" "$count" -t1 -c1 -d"$single")")
  singles+=("$(resolve_row "$db" "resolve, limit 1, 1 connection" "$one" 1 -t1 -c1 -d"$single")")
  singles+=("$(resolve_row "$db" "resolve, 0 keys, 1 connection" "$none" 0 -t1 -c1 -d"$single")")
  loads+=("| $db | $load_before | $(load_average) | $(decrypted_total) |")
  stop_server
  db_teardown
done

{
  echo "| database | request | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "One connection (latency is service time, no queueing):"
  echo
  echo "| database | request | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${singles[@]}"
  echo
  echo "Audit rows: requests wrk counted x keys per answer, and provider_key.decrypted rows the server wrote during the run (requests in flight when wrk stops are served after it counted):"
  echo
  echo "| database | run | requests | expected rows | rows written |"
  echo "|---|---|---|---|---|"
  cat "$audits"
  echo
  echo "| database | load average before the runs | after | audit rows at the end |"
  echo "|---|---|---|---|"
  printf '%s\n' "${loads[@]}"
} >>"$report"
rm -f "$audits"
cat "$report"
echo "report: $report" >&2
