#!/usr/bin/env bash
# Signed-request benchmark: POST /api/v1/keypairs/verify (a gateway asks whether a Backend.AI
# HMAC-SHA256 request is genuine) under load next to GET /healthz in the same run, on SQLite and
# (when reachable) PostgreSQL, with the HMAC ceiling from JMH when the bench module has it
# (MachineCredentialCeilingsBenchmark.hmacBackendAi*). Writes bench/results/keypairs-<time>.md
# (raw wrk and JMH output beside it).
#
# One user and one keypair (rate_limit 100,000,000, so the rolling limit never answers 429) are
# created with the management key. Every request carries a distinct signature (own path and date
# microsecond), signed by sign.mjs just before each wrk run and sent once each: the server refuses
# a signature it has already accepted (`replayed`). The measured run is signed for the larger of
# 2 x the warm-up's rate and 1.1 x healthz's over its duration, so no thread runs out (about 1.3
# million requests, ~0.5 GB in /tmp and ~0.7 GB in wrk, at 60,000 healthz/s); a replay would show
# as non-2xx (the report says so).
#
#   bench/keypairs/bench.sh
#   BENCH_DB=sqlite BENCH_DURATION=10s BENCH_REBUILD=0 bench/keypairs/bench.sh
#   BENCH_JMH=0 bench/keypairs/bench.sh        # skip the JMH ceiling
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration="${BENCH_DURATION:-20s}"
connections="${BENCH_CONNECTIONS:-16}"
threads="${BENCH_THREADS:-2}"
warmup_signed="${BENCH_WARMUP_SIGNED:-300000}"
port="${BENCH_PORT:-18995}"
key="lk_mgmt_bench_0123456789abcdefghijklmnop"
dbs="${BENCH_DB:-sqlite postgresql}"
results="$root/bench/results"
mkdir -p "$results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
report="$results/keypairs-$stamp.md"
raw="$results/keypairs-$stamp.raw.txt"
# shellcheck source=../lib.sh
source "$root/bench/lib.sh"
# shellcheck source=../ceiling.sh
source "$root/bench/ceiling.sh"
: >"$raw"
seconds() { local d="$1"; case "$d" in *m) echo $(( ${d%m} * 60 ));; *s) echo "${d%s}";; *) echo "$d";; esac; }

{
  echo "# Signed-request (keypair) verification benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  machine_line
  echo "- command: \`BENCH_DB='$dbs' BENCH_DURATION=$duration BENCH_CONNECTIONS=$connections bench/keypairs/bench.sh\` (wrk -t$threads -c$connections -d$duration; one keypair, every request signed once: distinct path and date)"
  echo "- load average before (1/5/15 min): $(load_average)"
  echo
} >"$report"

api() { # api <method> <path> <json body>: the answer's body; fails on a non-2xx
  curl -sf -X "$1" "http://127.0.0.1:$port$2" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "$3"
}
field() { node -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]])' "$1" "$2"; }

rows=()
cpu_rows=()
server_rows=()
notes=()
notes_bad=()
for db in $dbs; do
  db_setup "$db" || continue
  port_free
  start_server "$dir" "${extra[@]}"
  user=$(api POST /api/backend/v1/user/ "{\"email\":\"keypair-bench-$(date +%s)@example.com\",\"email_confirmed\":true}")
  user_id=$(field "$user" user_id)
  pair=$(api POST /api/v1/keypairs "{\"user_id\":\"$user_id\",\"rate_limit\":100000000}")
  access_key=$(field "$pair" access_key)
  secret_key=$(field "$pair" secret_key)
  export LATCHKEY_BENCH_KEY="$key"
  # one request by hand first: it must verify
  node "$here/sign.mjs" "$access_key" "$secret_key" 1 "$dir/check" 1 check >/dev/null
  check=$(curl -s -w ' %{http_code}' -X POST "http://127.0.0.1:$port/api/v1/keypairs/verify" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary @"$dir/check.0")
  [ "${check##* }" = 200 ] || { echo "a signed request did not verify: $check" >&2; exit 1; }

  # warm-up (JIT, the keypair in the verifier's near-cache); its rate sizes the measured run
  node "$here/sign.mjs" "$access_key" "$secret_key" "$warmup_signed" "$dir/warm" "$threads" warm >&2
  warm=$(LATCHKEY_BENCH_SIGNED="$dir/warm" wrk_row_saved "$raw" "$db" "warm-up verify" "$here/verify.lua" -t"$threads" -c"$connections" -d10s)
  rm -f "$dir"/warm.*
  wrk_row "$db" warm-up "$root/bench/identity/healthz.lua" -t"$threads" -c"$connections" -d5s >/dev/null
  health=$(wrk_row_saved "$raw" "$db" "GET /healthz" "$root/bench/identity/healthz.lua" -t"$threads" -c"$connections" -d"$duration")
  w=$(awk -F'|' '{print $4}' <<<"$warm" | xargs)
  h=$(awk -F'|' '{print $4}' <<<"$health" | xargs)
  # enough for twice the warm-up's rate (the JIT is cold at its start) or 1.1 x healthz's (verify
  # reached 56 % of it on the shared machine), whichever is more
  need=$(awk -v w="$w" -v h="$h" -v s="$(seconds "$duration")" 'BEGIN { r = 2 * w; if (1.1 * h > r) r = 1.1 * h; printf "%d", r * s + 20000 }')
  node "$here/sign.mjs" "$access_key" "$secret_key" "$need" "$dir/run" "$threads" run >&2
  r0=$(route_totals /api/v1/keypairs/verify)
  s0=$(cpu_ticks "$server_pid"); m0=$(busy_ticks); t0=$(date +%s%N)
  verify=$(LATCHKEY_BENCH_SIGNED="$dir/run" wrk_row_saved "$raw" "$db" "POST /api/v1/keypairs/verify" "$here/verify.lua" -t"$threads" -c"$connections" -d"$duration")
  s1=$(cpu_ticks "$server_pid"); m1=$(busy_ticks); t1=$(date +%s%N)
  r1=$(route_totals /api/v1/keypairs/verify)
  server_rows+=("$(server_row "$db" "POST /api/v1/keypairs/verify" "$r0" "$r1")")
  rm -f "$dir"/run.*
  v=$(awk -F'|' '{print $4}' <<<"$verify" | xargs)
  rows+=("$health" "$verify")
  bad=$(awk -F'|' '{print $7+0}' <<<"$verify")
  if [ "$bad" != 0 ]; then
    notes_bad+=("- **$db: $bad non-2xx answers in the measured run** (replays if a thread ran out of signed requests; see the raw output)")
  fi
  notes+=("| $db | $need | $(awk -v v="$v" -v h="$h" 'BEGIN { printf "%.0f %%", 100 * v / h }') |")
  cpu_rows+=("$(awk -v s=$((s1 - s0)) -v m=$((m1 - m0)) -v ns=$((t1 - t0)) -v hz="$clk_tck" -v v="$v" -v db="$db" \
    'BEGIN { secs = ns / 1e9; sc = s / hz / secs; printf "| %s | %.2f | %.2f | %.0f |\n", db, sc, m / hz / secs, v / sc }')")
  stop_server
  db_teardown
done

{
  echo "| database | request | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "| database | requests signed for the measured run | verify rate / healthz rate |"
  echo "|---|---|---|"
  printf '%s\n' "${notes[@]}"
  echo
  if [ "${#notes_bad[@]}" -gt 0 ]; then printf '%s\n' "${notes_bad[@]}"; echo; fi
  echo "Seen from the server (its /metrics, over the same run): mean time a request spent in the server. On a saturated shared machine wrk's latency figures do not satisfy Little's law (mean x rate > connections), so take its p99 with care:"
  echo
  echo "| database | run | requests counted | mean in server |"
  echo "|---|---|---|---|"
  printf '%s\n' "${server_rows[@]}"
  echo
  echo "CPU during the verify run (/proc; $(nproc) cores; the rest of the machine's busy time is wrk and anything else running):"
  echo
  echo "| database | server cores busy | machine cores busy | verifications per server CPU-second |"
  echo "|---|---|---|---|"
  printf '%s\n' "${cpu_rows[@]}"
  echo
} >>"$report"

if [ "${BENCH_JMH:-1}" != 0 ]; then
  if jmh_has MachineCredentialCeilingsBenchmark; then
    cores="$(nproc)"
    jrows=()
    for t in 1 "$cores"; do
      while IFS= read -r r; do jrows+=("$r"); done < <(jmh_rows 'MachineCredentialCeilingsBenchmark.hmacBackendAi' "$t" "$raw.jmh")
      { echo "## JMH MachineCredentialCeilingsBenchmark.hmacBackendAi -t $t"; cat "$raw.jmh"; echo; } >>"$raw"
    done
    rm -f "$raw.jmh"
    {
      echo "HMAC ceiling (JMH, server stopped; \`MachineCredentialCeilingsBenchmark\`: Backend.AI verification with the derived key, with it cached, and with the vault open of the sealed secret first):"
      echo
      echo "| benchmark | threads | ops/s | error (99.9 %) |"
      echo "|---|---|---|---|"
      printf '%s\n' "${jrows[@]}"
      echo
    } >>"$report"
  else
    echo "HMAC ceiling: MachineCredentialCeilingsBenchmark is not in this tree; not measured in this run." >>"$report"
    echo >>"$report"
  fi
fi

echo "- load average after (1/5/15 min): $(load_average)" >>"$report"
echo "- raw wrk and JMH output: \`results/$(basename "$raw")\`" >>"$report"
cat "$report"
echo "report: $report" >&2
