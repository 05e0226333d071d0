#!/usr/bin/env bash
# OAuth client-credentials benchmark: POST /oauth2/token (grant_type=client_credentials, HTTP
# Basic; one HMAC of the secret and one RS256 signature per grant) under load next to GET /healthz
# in the same run, on SQLite and (when reachable) PostgreSQL, then the machine's RS256 signing
# ceiling from JMH (Rs256CeilingBenchmark: the server's own grant code, and the bare RSA-2048
# signature) with 1 thread and with as many threads as cores, and grants/s as a share of it
# (target: >= 70 %). Writes bench/results/oauth-<time>.md (raw wrk and JMH output beside it).
#
#   bench/oauth/bench.sh
#   BENCH_DB=sqlite BENCH_DURATION=10s BENCH_REBUILD=0 bench/oauth/bench.sh
#   BENCH_JMH=0 bench/oauth/bench.sh          # skip the JMH ceiling
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration="${BENCH_DURATION:-20s}"
connections="${BENCH_CONNECTIONS:-16}"
few_connections="${BENCH_FEW_CONNECTIONS:-4}"
threads="${BENCH_THREADS:-2}"
port="${BENCH_PORT:-18994}"
key="lk_mgmt_bench_0123456789abcdefghijklmnop"
dbs="${BENCH_DB:-sqlite postgresql}"
results="$root/bench/results"
mkdir -p "$results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
report="$results/oauth-$stamp.md"
raw="$results/oauth-$stamp.raw.txt"
# shellcheck source=../lib.sh
source "$root/bench/lib.sh"
# shellcheck source=../ceiling.sh
source "$root/bench/ceiling.sh"
: >"$raw"

{
  echo "# OAuth client-credentials benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  machine_line
  echo "- command: \`BENCH_DB='$dbs' BENCH_DURATION=$duration BENCH_CONNECTIONS=$connections bench/oauth/bench.sh\` (wrk -t$threads -c$connections -d$duration, and -c$few_connections for the second grant row; one app, every request the same grant)"
  echo "- load average before (1/5/15 min): $(load_average)"
  echo
} >"$report"

rows=()
cpu_rows=()
server_rows=()
few_rates=()
cpu_lines=()
grant_rates=()
for db in $dbs; do
  db_setup "$db" || continue
  port_free
  start_server "$dir" "${extra[@]}"
  # one app of the project (no owner), created with the management key
  created=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/apps" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' -d '{"name":"Bench Client"}')
  client_id=$(node -e 'console.log(JSON.parse(process.argv[1]).client_id)' "$created")
  secret=$(node -e 'console.log(JSON.parse(process.argv[1]).client_secret)' "$created")
  # client ids (a-z0-9-) and secrets (lkcs_ base62) need no form-encoding before Basic
  LATCHKEY_BENCH_BASIC=$(printf '%s:%s' "$client_id" "$secret" | base64 -w0)
  export LATCHKEY_BENCH_BASIC
  check=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/oauth2/token" \
    -H "Authorization: Basic $LATCHKEY_BENCH_BASIC" -d grant_type=client_credentials)
  [ "$check" = 200 ] || { echo "a grant answered $check" >&2; exit 1; }
  # warm-up: JIT compiled, app in the near-cache
  wrk_row "$db" warm-up "$here/token.lua" -t"$threads" -c"$connections" -d10s >/dev/null
  wrk_row "$db" warm-up "$root/bench/identity/healthz.lua" -t"$threads" -c"$connections" -d5s >/dev/null
  health=$(wrk_row_saved "$raw" "$db" "GET /healthz" "$root/bench/identity/healthz.lua" -t"$threads" -c"$connections" -d"$duration")
  r0=$(route_totals /oauth2/token)
  s0=$(cpu_ticks "$server_pid"); m0=$(busy_ticks); t0=$(date +%s%N)
  grant=$(wrk_row_saved "$raw" "$db" "POST /oauth2/token (client_credentials)" "$here/token.lua" -t"$threads" -c"$connections" -d"$duration")
  s1=$(cpu_ticks "$server_pid"); m1=$(busy_ticks); t1=$(date +%s%N)
  r1=$(route_totals /oauth2/token)
  server_rows+=("$(server_row "$db" "POST /oauth2/token, $connections connections" "$r0" "$r1")")
  # few connections: on a machine shared with wrk, 16 CPU-bound signing threads keep wrk's two
  # threads waiting in the run queue, which inflates the latencies wrk reports; with about two
  # requests in flight per core the rate is the same and p50/p99 are closer to service times
  r0=$(route_totals /oauth2/token)
  few=$(wrk_row_saved "$raw" "$db" "POST /oauth2/token, $few_connections connections" "$here/token.lua" -t"$threads" -c"$few_connections" -d"$duration")
  r1=$(route_totals /oauth2/token)
  server_rows+=("$(server_row "$db" "POST /oauth2/token, $few_connections connections" "$r0" "$r1")")
  rows+=("$health" "$grant" "$few")
  few_rates+=("$db $(awk -F'|' '{print $4}' <<<"$few" | xargs)")
  g=$(awk -F'|' '{print $4}' <<<"$grant" | xargs)
  grant_rates+=("$db $g")
  # cores the server used during the grant run, cores the whole machine used (wrk and others)
  cpu_rows+=("$(awk -v s=$((s1 - s0)) -v m=$((m1 - m0)) -v ns=$((t1 - t0)) -v hz="$clk_tck" -v g="$g" -v db="$db" \
    'BEGIN { secs = ns / 1e9; sc = s / hz / secs; printf "| %s | %.2f | %.2f | %.0f |\n", db, sc, m / hz / secs, g / sc }')")
  stop_server
  if [ "${BENCH_JMH:-1}" != 0 ]; then
    # right after the load, server stopped: the grant code per CPU-second of its own thread.
    # Unlike a wall-clock rate it hardly drops when other work shares the cores, so it compares
    # with the server's grants per CPU-second measured in the run above
    cpu_line=$(rs256_cpu_line 1 5 10)
    echo "## $db: Rs256CpuCeiling 1 5 10: $cpu_line" >>"$raw"
    cpu_lines+=("$db $cpu_line")
  fi
  db_teardown
done

{
  echo "| database | request | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Seen from the server (its /metrics, over the same runs): mean time a request spent in the server. On a saturated shared machine wrk's latency figures do not satisfy Little's law (mean x rate > connections), so take its p99 with care:"
  echo
  echo "| database | run | requests counted | mean in server |"
  echo "|---|---|---|---|"
  printf '%s\n' "${server_rows[@]}"
  echo
  echo "CPU during the grant run (/proc; $(nproc) cores; the rest of the machine's busy time is wrk and anything else running):"
  echo
  echo "| database | server cores busy | machine cores busy | grants per server CPU-second |"
  echo "|---|---|---|---|"
  printf '%s\n' "${cpu_rows[@]}"
  echo
} >>"$report"

if [ "${BENCH_JMH:-1}" != 0 ]; then
  # the ceiling, with the server stopped: per core (1 thread) and the machine (one thread a core)
  cores="$(nproc)"
  jrows=()
  for t in 1 "$cores"; do
    while IFS= read -r r; do jrows+=("$r"); done < <(jmh_rows 'Rs256CeilingBenchmark' "$t" "$raw.jmh")
    { echo "## JMH Rs256CeilingBenchmark -t $t"; cat "$raw.jmh"; echo; } >>"$raw"
  done
  rm -f "$raw.jmh"
  ceiling_of() { printf '%s\n' "${jrows[@]}" | awk -F'|' -v n="$1" -v t="$2" '$2 ~ n && $3+0 == t {print $4+0}'; }
  cn=$(ceiling_of clientCredentialsGrant "$cores")
  {
    echo "RS256 ceiling (JMH, server stopped; \`Rs256CeilingBenchmark\`: \`clientCredentialsGrant\` is the server's own grant code without HTTP, \`rsa2048Sign\` the bare SHA256withRSA signature under it):"
    echo
    echo "| benchmark | threads | ops/s | error (99.9 %) |"
    echo "|---|---|---|---|"
    printf '%s\n' "${jrows[@]}"
    echo
    echo "The same grant code per CPU-second of its own thread (\`Rs256CpuCeiling\`, 1 thread, 10 s after 5 s warm-up, ThreadMXBean CPU time, the server's -XX:+UseSerialGC -Xmx512m), measured right after each database's load run:"
    echo
    printf -- '- %s\n' "${cpu_lines[@]}"
    echo
    echo "- A: grants/s over JMH's $cores-thread \`clientCredentialsGrant\` ($cn/s): the strict share, meaningful on a quiet machine (wrk's own CPU counts against the server)."
    echo "- B: grants per server CPU-second over the grant code's per CPU-second (above): the share of the server's CPU that does the grant's own work, independent of how much CPU wrk and other processes take."
    echo
    echo "| database | grants/s | A: % of the $cores-thread JMH ceiling | B: per server CPU-second / per CPU-second ceiling | grants/s with $few_connections connections, A |"
    echo "|---|---|---|---|---|"
    for i in "${!grant_rates[@]}"; do
      read -r db g <<<"${grant_rates[$i]}"
      read -r _ gf <<<"${few_rates[$i]}"
      per=$(awk -F'|' -v db="$db" '$2 ~ db {print $5+0}' <<<"$(printf '%s\n' "${cpu_rows[@]}")")
      cpu1=$(printf '%s\n' "${cpu_lines[@]}" | awk -v db="$db" '$1 == db { sub(/.*per_cpu_second=/, ""); print }')
      awk -v db="$db" -v g="$g" -v gf="$gf" -v cn="$cn" -v c1="$cpu1" -v per="$per" \
        'function pct(a, b) { return b > 0 ? sprintf("%.0f %%", 100 * a / b) : "-" }
         BEGIN { printf "| %s | %s | %s | %s | %s, %s |\n", db, g, pct(g, cn), pct(per, c1), gf, pct(gf, cn) }'
    done
    echo
  } >>"$report"
fi

echo "- load average after (1/5/15 min): $(load_average)" >>"$report"
echo "- raw wrk and JMH output: \`results/$(basename "$raw")\`" >>"$report"
cat "$report"
echo "report: $report" >&2
