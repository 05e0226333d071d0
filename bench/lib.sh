# Shared by the load scripts: find java and the jar, start and stop a server, run wrk.
# Source it after setting: root, port, key.
# shellcheck shell=bash

java="$("$root/latchkey" java-home)/bin/java"
jar="$root/server/target/latchkey-server.jar"
command -v wrk >/dev/null || { echo "installing wrk" >&2; apt-get install -y wrk >/dev/null; }
if [ ! -f "$jar" ] || [ "${BENCH_REBUILD:-1}" != 0 ]; then "$root/latchkey" build -q >&2; fi
# the launcher's own options (with its AOT cache), so the numbers are those of ./latchkey serve
jvm_opts() { "$root/latchkey" jvm-opts; }

server_pid=""
stop_server() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi; server_pid=""; }
trap stop_server EXIT

# start_server <data dir> <extra env...>: sets ready_ms, the time from launch to /readyz 200
start_server() {
  local dir="$1"; shift
  local t0 t1
  t0=$(date +%s%N)
  opts="$(jvm_opts)"
  env "$@" LATCHKEY_BOOTSTRAP_API_KEY="$key" LATCHKEY_LOG_LEVEL=WARN \
    "$java" $opts -jar "$jar" serve --port "$port" --host 127.0.0.1 --data-dir "$dir" >"$dir.log" 2>&1 &
  server_pid=$!
  until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.01; done
  t1=$(date +%s%N)
  ready_ms=$(( (t1 - t0) / 1000000 ))
}

rss_mib() { echo $(( $(ps -o rss= -p "$server_pid") / 1024 )); }

# db_setup <sqlite|postgresql>: sets dir (a fresh data directory) and extra (the server's database
# environment, for start_server), creating a fresh PostgreSQL schema for postgresql; fails, saying
# so, when PostgreSQL is not reachable: `db_setup "$db" || continue`
db_setup() {
  dir="$(mktemp -d /tmp/latchkey-bench-XXXX)"
  extra=()
  schema=""
  if [ "$1" = postgresql ]; then
    if ! pg_isready -h 127.0.0.1 -p 5432 -q; then echo "PostgreSQL not reachable: skipping it" >&2; return 1; fi
    schema="bench_$(date +%s)"
    psql -h 127.0.0.1 -U postgres -d test -qc "CREATE SCHEMA $schema" >&2
    extra=("LATCHKEY_DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" LATCHKEY_DATABASE_USER=postgres)
  fi
}

# db_teardown: drops what db_setup made (call after stop_server)
db_teardown() {
  if [ -n "$schema" ]; then
    PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -U postgres -d test -qc "DROP SCHEMA $schema CASCADE"
  fi
  rm -rf "$dir" "$dir.log"
}

# wrk_row <db> <label> <lua file> [wrk args...]: one markdown row: requests/s, p50, p99, non-2xx
# (with WRK_SAVE set, wrk's whole output is also written to that file)
wrk_row() {
  local db="$1" label="$2" lua="$3"; shift 3
  local out rps p50 p99 errors
  out=$(wrk --latency -s "$lua" "$@" "http://127.0.0.1:$port" 2>&1)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  if [ -n "${WRK_SAVE:-}" ]; then printf '%s\n' "$out" >"$WRK_SAVE"; fi
  echo "| $db | $label | $rps | $p50 | $p99 | ${errors:-0} |"
}

# loadgen_row <db> [LoadGenerator options...]: one markdown row from bench's own HTTP load generator
# (closed loop with --rate 0), run from its source file so that nothing needs building for it
loadgen_row() {
  local db="$1"; shift
  local row
  row=$("$java" -XX:+UseSerialGC -Xmx256m "$root/bench/src/main/java/dev/latchkey/bench/LoadGenerator.java" \
    "$@" 2>/dev/null)
  echo "| $db $row"
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

machine_line() {
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM; load generator on the same machine"
  echo "- JVM: $("$java" -version 2>&1 | head -1); options: \`$(jvm_opts)\` (the launcher's defaults)"
}
