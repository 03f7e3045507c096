#!/usr/bin/env bash
# Durable ingestion benchmark (issue 7): the release server on a fresh database, loaded with wrk
# through POST /api/v1/interactions (a unique body and external id per request) at 16 and 64
# connections, next to GET /healthz at 64 connections as the machine's HTTP ceiling, on SQLite and
# then PostgreSQL (fsync on). Then an overload run: 512 connections against a 128-place queue, so
# most requests beyond capacity are refused with 503 + Retry-After while accepted ones stay fast.
# After each backend, every acknowledged interaction is counted in the database.
#
#   bench/ingest.sh                  # DURATION=10 seconds per run, REPEAT=1
#   DURATION=20 REPEAT=3 bench/ingest.sh
#   BACKENDS=sqlite bench/ingest.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="${HOME:-/root}/.cargo/bin:$PATH"
source scripts/lib/postgres.sh
source scripts/lib/server.sh

DURATION="${DURATION:-10}"
REPEAT="${REPEAT:-1}"
BACKENDS="${BACKENDS:-sqlite postgres}"
WORK_DIR=$(mktemp -d /tmp/klantbeeld-bench.XXXXXX)
chmod 755 "$WORK_DIR"
RESULTS="$WORK_DIR/results.jsonl"
trap 'rc=$?; set +e; stop_klantbeeld; stop_postgres; rm -rf "$WORK_DIR"; exit $rc' EXIT

if ! command -v wrk >/dev/null; then
    [[ "$IS_ROOT" == 1 ]] || { echo "install wrk (apt-get install wrk)" >&2; exit 1; }
    apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends wrk
fi
build_release

# load NAME CONNECTIONS URL [SCRIPT]: one wrk run; appends {"backend","name","connections",...} to RESULTS.
load() {
    local name=$1 connections=$2 url=$3 script=${4:-bench/wrk/interactions.lua} line
    line=$(KB_RUN="$BACKEND-$name-$connections-$RANDOM" wrk -t2 -c"$connections" -d"${DURATION}s" --timeout 10s \
        -s "$script" "$url" | tail -n 1)
    echo "{\"backend\":\"$BACKEND\",\"name\":\"$name\",\"connections\":$connections,\"result\":$line}" | tee -a "$RESULTS"
}

run_backend() {
    local url acknowledged stored round
    url=$(fresh_database "kb_ingest_$$")
    "$KB_BIN" migrate --database-url "$url" 2>/dev/null
    KB_TOKEN=$(new_token "$url")
    export KB_TOKEN
    start_klantbeeld "$url"
    for round in $(seq 1 "$REPEAT"); do
        banner "$BACKEND round $round: ceiling, then ingestion at 16 and 64 connections"
        load ceiling 64 "http://$KB_ADDR/healthz" bench/wrk/status.lua
        load ingest 16 "http://$KB_ADDR/api/v1/interactions"
        load ingest 64 "http://$KB_ADDR/api/v1/interactions"
    done
    stop_klantbeeld
    if [[ "$BACKEND" == sqlite ]]; then
        banner "$BACKEND overload: 512 connections against a 128-place intake queue"
        start_klantbeeld "$url" KLANTBEELD_INTAKE_QUEUE=128
        load overload 512 "http://$KB_ADDR/api/v1/interactions"
        local peak
        peak=$(awk '/VmHWM/ {print $2}' "/proc/$KB_PID/status")
        echo "{\"backend\":\"$BACKEND\",\"name\":\"peak_rss_kib\",\"value\":$peak}" | tee -a "$RESULTS"
        stop_klantbeeld
    fi
    acknowledged=$(python3 -c 'import json, sys
print(sum(r["result"]["ok"] for r in map(json.loads, open(sys.argv[1])) if r["backend"] == sys.argv[2] and "result" in r and "ok" in r["result"]))' \
        "$RESULTS" "$BACKEND")
    stored=$(count_rows "$url" interactions)
    echo "{\"backend\":\"$BACKEND\",\"name\":\"durability\",\"acknowledged\":$acknowledged,\"stored\":$stored}" | tee -a "$RESULTS"
    # Requests still in flight when wrk stops are committed but not counted by wrk: stored >= acknowledged.
    (( stored >= acknowledged )) || { echo "acknowledged $acknowledged but stored only $stored" >&2; exit 1; }
}

for BACKEND in $BACKENDS; do
    if [[ "$BACKEND" == postgres ]]; then
        PG_DURABLE=1 start_postgres
    fi
    run_backend
done

banner "summary ($(nproc) cores, $(date -u +%Y-%m-%d))"
python3 bench/summarize_ingest.py "$RESULTS"
