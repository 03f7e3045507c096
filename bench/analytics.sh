#!/usr/bin/env bash
# CX analytics benchmark (issue 6): the 10 M-response / 2 M-case data set of
# bench/gen_cx_data.py imported into a fresh SQLite database with the release binary
# (rows/s), then `klantbeeld serve` timed to ready (health 200 and all facts loaded) with its
# resident memory per fact row, then the three reference queries of bench/README.md
# through the HTTP API (tz=UTC, median of RUNS) and through DuckDB on its native file
# (bench/bench_analytics.py), in the same run: both times, the ratio, and whether the
# answers agree to 2 decimals (the digest bench_analytics.py computes, over the API's rows).
#
#   bench/analytics.sh                     # data in /tmp/cxdata, generated when missing
#   bench/analytics.sh /path/to/cxdata     # or CX_DATA=/path/to/cxdata
#   RUNS=5 CX_VENV=/tmp/cxvenv bench/analytics.sh
#   CX_SURVEYS=100000 CX_TICKETS=20000 RUNS=1 KB_BIN=target/debug/klantbeeld \
#       bench/analytics.sh /tmp/cxsmall   # a quick try: a small data set, a debug build as it is
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="${HOME:-/root}/.cargo/bin:$PATH"
source scripts/lib/postgres.sh
source scripts/lib/server.sh

DATA="${1:-${CX_DATA:-/tmp/cxdata}}"
RUNS="${RUNS:-5}"
VENV="${CX_VENV:-/tmp/cxvenv}"
WORK_DIR=$(mktemp -d /tmp/klantbeeld-analytics.XXXXXX)
chmod 755 "$WORK_DIR"
RESULTS="$WORK_DIR/results.json"
trap 'rc=$?; set +e; stop_klantbeeld; rm -rf "$WORK_DIR"; exit $rc' EXIT

banner "Python with numpy, pyarrow and duckdb in $VENV"
if ! "$VENV/bin/python" -c 'import numpy, pyarrow, duckdb' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q numpy pyarrow duckdb
fi
PY="$VENV/bin/python"

if [[ ! -s "$DATA/surveys.csv" || ! -s "$DATA/tickets.csv" || ! -s "$DATA/surveys.parquet" || ! -s "$DATA/tickets.parquet" ]]; then
    banner "generating the data set in $DATA"
    "$PY" bench/gen_cx_data.py --out "$DATA" --formats csv,parquet \
        ${CX_SURVEYS:+--surveys "$CX_SURVEYS"} ${CX_TICKETS:+--tickets "$CX_TICKETS"}
fi
SURVEYS=$(($(wc -l <"$DATA/surveys.csv") - 1))
CASES=$(($(wc -l <"$DATA/tickets.csv") - 1))

# A given KB_BIN (say a debug build for a quick try) is used as it is.
[[ "$KB_BIN" == target/release/klantbeeld ]] && build_release
URL="sqlite://$WORK_DIR/cx.db"
"$KB_BIN" migrate --database-url "$URL" 2>/dev/null

# import WHAT FILE ROWS NAME: one timed `klantbeeld import`.
import() {
    local started elapsed
    banner "klantbeeld import $1 ($3 rows)"
    started=$(date +%s.%N)
    KLANTBEELD_LOG=warn "$KB_BIN" import "$1" "$2" --database-url "$URL"
    elapsed=$(echo "$(date +%s.%N) - $started" | bc)
    echo "\"import_$4\": {\"rows\": $3, \"seconds\": $elapsed}," >>"$RESULTS.parts"
}
import survey-responses "$DATA/surveys.csv" "$SURVEYS" surveys
import cases "$DATA/tickets.csv" "$CASES" cases
TOKEN=$("$KB_BIN" token create --database-url "$URL" --name bench --role analyst)

banner "klantbeeld serve: time to ready with $((SURVEYS + CASES)) facts"
sync
KB_ADDR="127.0.0.1:$(free_port 18080)"
started=$(date +%s.%N)
KLANTBEELD_LOG=warn "$KB_BIN" serve --database-url "$URL" --listen "$KB_ADDR" >>"$WORK_DIR/server.log" 2>&1 &
KB_PID=$!
ready=""
for _ in $(seq 1 3000); do
    exposition=$(curl -s "http://$KB_ADDR/metrics" || true)
    if grep -q "^klantbeeld_facts{table=\"surveys\"} $SURVEYS\$" <<<"$exposition" &&
        grep -q "^klantbeeld_facts{table=\"cases\"} $CASES\$" <<<"$exposition" &&
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$KB_ADDR/healthz")" == 200 ]]; then
        ready=$(echo "$(date +%s.%N) - $started" | bc)
        break
    fi
    kill -0 "$KB_PID" 2>/dev/null || break
    sleep 0.02
done
[[ -n "$ready" ]] || { echo "the server did not load all facts; log:" >&2; tail -n 20 "$WORK_DIR/server.log" >&2; exit 1; }
rss_ready=$(awk '/VmRSS/ {print $2}' "/proc/$KB_PID/status")
heap=$(curl -s "http://$KB_ADDR/metrics" | awk '/^klantbeeld_facts_heap_bytes/ {print $2}')

declare -A QUERY=(
    [q1_nps_channel_month]="nps?group_by=channel,month&tz=UTC"
    [q2_csat_top2_touchpoint]="csat?group_by=touchpoint&tz=UTC"
    [q3_ttr_channel_week]="ttr?group_by=channel,week&tz=UTC"
)
for name in q1_nps_channel_month q2_csat_top2_touchpoint q3_ttr_channel_week; do
    banner "API $name, $RUNS runs"
    times=()
    for _ in $(seq 1 "$RUNS"); do
        times+=("$(curl -s -f -o "$WORK_DIR/$name.json" -w '%{time_total}' \
            -H "Authorization: Bearer $TOKEN" "http://$KB_ADDR/api/v1/metrics/${QUERY[$name]}")")
    done
    echo "\"api_$name\": [$(IFS=,; echo "${times[*]}")]," >>"$RESULTS.parts"
done
rss_after=$(awk '/VmRSS/ {print $2}' "/proc/$KB_PID/status")
stop_klantbeeld

banner "DuckDB (native file) on the same data, $RUNS runs per query"
"$PY" bench/bench_analytics.py --engine duckdb_native --data "$DATA" --work "$WORK_DIR/duckdb" \
    --runs "$RUNS" >"$WORK_DIR/duckdb.json"

{
    echo "{"
    cat "$RESULTS.parts"
    echo "\"ready_seconds\": $ready, \"rss_kib_ready\": $rss_ready, \"rss_kib_after_queries\": $rss_after,"
    echo "\"fact_heap_bytes\": $heap, \"facts\": $((SURVEYS + CASES)), \"cores\": $(nproc), \"date\": \"$(date -u +%Y-%m-%d)\""
    echo "}"
} >"$RESULTS"

banner "summary"
"$PY" - "$RESULTS" "$WORK_DIR/duckdb.json" "$WORK_DIR" <<'EOF'
import hashlib, json, statistics, sys

results = json.load(open(sys.argv[1]))
duck = json.load(open(sys.argv[2]))
work = sys.argv[3]

# The API's rows as bench_analytics.py's tuples, in its column order, for its digest.
COLUMNS = {
    "q1_nps_channel_month": ["channel", "month", "nps", "n"],
    "q2_csat_top2_touchpoint": ["touchpoint", "csat", "n"],
    "q3_ttr_channel_week": ["channel", "week", "median_hours", "p90_hours", "n"],
}

def digest(rows):
    norm = [tuple(round(v, 2) if isinstance(v, float) else v for v in r) for r in rows]
    return hashlib.sha1(json.dumps(norm, default=str).encode()).hexdigest()[:12], len(norm)

for name, load in (("surveys", "import_surveys"), ("cases", "import_cases")):
    part = results[load]
    print(f"import {name:8} {part['rows']:>10,} rows in {part['seconds']:6.1f} s = "
          f"{part['rows'] / part['seconds']:>9,.0f} rows/s   (target >= 200,000)")
facts = results["facts"]
print(f"ready          {results['ready_seconds']:.2f} s with {facts:,} facts   (target <= 5 s)")
for key in ("rss_kib_ready", "rss_kib_after_queries"):
    rss = results[key] * 1024
    print(f"RSS {key[8:]:16} {rss / 2**20:7.1f} MiB = {rss / facts:5.1f} B/fact row   (target <= 24)")
print(f"fact store heap {results['fact_heap_bytes'] / 2**20:6.1f} MiB = {results['fact_heap_bytes'] / facts:5.1f} B/fact row")
print()
print(f"{'query':26} {'API s':>8} {'DuckDB s':>9} {'ratio':>7}  answers (target ratio <= 0.2)")
for name, columns in COLUMNS.items():
    api_rows = json.load(open(f"{work}/{name}.json"))["rows"]
    api_digest = digest([tuple(row[c] for c in columns) for row in api_rows])
    duck_digest = tuple(duck[name]["digest"])
    api_s = statistics.median(results[f"api_{name}"])
    duck_s = duck[name]["median_s"]
    agree = "agree" if api_digest == duck_digest else f"DIFFER: DuckDB {duck_digest[0]}"
    print(f"{name:26} {api_s:8.4f} {duck_s:9.3f} {api_s / duck_s:7.3f}  "
          f"{agree} (digest {api_digest[0]}, {api_digest[1]} rows)")
print()
print(f"DuckDB {duck.get('version')} threads {duck.get('threads')}, load {duck.get('load_s')} s; "
      f"{results['cores']} cores, {results['date']}")
EOF
