#!/usr/bin/env bash
# A/B regression guard (issue 15): builds OLD (a commit) in its own worktree and target folder,
# and NEW (default: this checkout), then runs the same workloads on both release builds,
# alternating the order every round, and prints new/old with the range over rounds:
#   - ceiling:   GET /healthz, 64 connections (wrk/status.lua)
#   - ingest:    POST /api/v1/interactions, 64 connections, fresh SQLite database per run
#   - reads:     the case view and the case list at READ_CASES cases (wrk/reads.lua)
#   - analytics: the three reference queries of bench/README.md on a small generated data set,
#                when both builds have `klantbeeld import` (older commits are skipped, said so)
#
#   bench/ab.sh 5e4fd14                    # ROUNDS=3 DURATION=10
#   ROUNDS=5 DURATION=20 bench/ab.sh 9cd54e2 HEAD
#   WORKLOADS="ceiling ingest" bench/ab.sh 5e4fd14
#   NEW_BIN=target/release/klantbeeld bench/ab.sh 5e4fd14   # this checkout's binary as it is
#
# Builds are kept in target/ab/<commit> so a second run against the same commit starts at once.
# Run it on a quiet machine (bench/wait_quiet.sh): the ratio is only as good as the noise allows.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$(pwd)
export PATH="${HOME:-/root}/.cargo/bin:$PATH"
source scripts/lib/postgres.sh
source scripts/lib/server.sh

OLD_REF=${1:?usage: bench/ab.sh OLD_COMMIT [NEW_COMMIT]}
NEW_REF=${2:-}
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10}"
READ_CASES="${READ_CASES:-100000}"
WORKLOADS="${WORKLOADS:-ceiling ingest reads analytics}"
AB_DIR="$REPO/target/ab"
WORK_DIR=$(mktemp -d /tmp/klantbeeld-ab.XXXXXX)
chmod 755 "$WORK_DIR"
RESULTS="$WORK_DIR/ab.jsonl"
trap 'rc=$?; set +e; stop_klantbeeld; rm -rf "$WORK_DIR"; exit $rc' EXIT
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)" >&2; exit 1; }
mkdir -p "$AB_DIR"

# build_commit REF: a release binary of REF in its own worktree and target folder; prints its path.
build_commit() {
    local sha tree
    sha=$(git rev-parse --short=10 "$1^{commit}")
    tree="$AB_DIR/src-$sha"
    [[ -d "$tree" ]] || git worktree add --detach "$tree" "$sha" >&2
    banner "cargo build --release ($sha)" >&2
    (cd "$tree" && CARGO_TARGET_DIR="$AB_DIR/target-$sha" cargo build --release -q -p klantbeeld >&2)
    echo "$AB_DIR/target-$sha/release/klantbeeld"
}

OLD_BIN=$(build_commit "$OLD_REF")
if [[ -n "$NEW_REF" ]]; then
    NEW_BIN=$(build_commit "$NEW_REF")
    NEW_LABEL=$(git rev-parse --short=10 "$NEW_REF")
elif [[ -n "${NEW_BIN:-}" ]]; then
    NEW_LABEL="$NEW_BIN"
else
    build_release
    NEW_BIN="$REPO/target/release/klantbeeld"
    NEW_LABEL="$(git rev-parse --short=10 HEAD)$(git diff --quiet HEAD || echo +changes)"
fi
OLD_LABEL=$(git rev-parse --short=10 "$OLD_REF")

has_import() { "$1" import --help >/dev/null 2>&1; }
if [[ " $WORKLOADS " == *" analytics "* ]] && ! { has_import "$OLD_BIN" && has_import "$NEW_BIN"; }; then
    echo "analytics skipped: $OLD_LABEL has no 'klantbeeld import'"
    WORKLOADS=${WORKLOADS//analytics/}
fi

# record BUILD WORKLOAD JSON: one result line.
record() {
    echo "{\"build\":\"$1\",\"workload\":\"$2\",\"result\":$3}" | tee -a "$RESULTS"
}

# serve BIN URL: starts BIN on URL (KB_BIN is what server.sh starts).
serve() {
    KB_BIN=$1
    "$KB_BIN" migrate --database-url "$2" >/dev/null 2>&1
    KB_TOKEN=$(new_token "$2")
    export KB_TOKEN
    start_klantbeeld "$2"
}

run_ceiling_and_ingest() {
    local build=$1 bin=$2 round=$3 line
    serve "$bin" "sqlite://$WORK_DIR/ingest-$build-$round.db"
    if [[ " $WORKLOADS " == *" ceiling "* ]]; then
        line=$(wrk -t2 -c64 -d"${DURATION}s" -s bench/wrk/status.lua "http://$KB_ADDR/healthz" | tail -n 1)
        record "$build" ceiling "$line"
    fi
    if [[ " $WORKLOADS " == *" ingest "* ]]; then
        line=$(KB_RUN="ab-$build-$round" wrk -t2 -c64 -d"${DURATION}s" --timeout 10s \
            -s bench/wrk/interactions.lua "http://$KB_ADDR/api/v1/interactions" | tail -n 1)
        record "$build" ingest "$line"
    fi
    stop_klantbeeld
    rm -f "$WORK_DIR/ingest-$build-$round".db*
}

# prepare_reads BUILD BIN: a database with READ_CASES cases, loaded once per build through bulk.
prepare_reads() {
    local url="sqlite://$WORK_DIR/reads-$1.db"
    serve "$2" "$url"
    python3 - "$READ_CASES" "$KB_ADDR" "$KB_TOKEN" <<'PY'
import http.client, json, sys
total, addr, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
host, port = addr.split(":")
conn = http.client.HTTPConnection(host, int(port), timeout=600)
for start in range(0, total, 10000):
    lines = [json.dumps({"channel": ["email", "chat", "sms", "web"][n % 4], "from": {"email": f"klant{n // 4}@voorbeeld.nl"},
                         "subject": f"Vraag {n}", "body": f"Bericht {n} over de jaarafrekening.", "external_id": f"r{n}"})
             for n in range(start, min(total, start + 10000))]
    conn.request("POST", "/api/v1/interactions:bulk", "\n".join(lines),
                 {"Content-Type": "application/x-ndjson", "Authorization": f"Bearer {token}"})
    answer = conn.getresponse()
    body = answer.read()
    if answer.status != 200:
        sys.exit(f"bulk load failed: {answer.status} {body[:300]!r}")
PY
    stop_klantbeeld
}

run_reads() {
    local build=$1 bin=$2 line path
    serve "$bin" "sqlite://$WORK_DIR/reads-$build.db"
    for path in "/api/v1/cases/{id}" "/api/v1/cases?limit=50"; do
        line=$(KB_PATH="$path" KB_MAX_ID="$READ_CASES" wrk -t2 -c16 -d"${DURATION}s" \
            -s bench/wrk/reads.lua "http://$KB_ADDR" | tail -n 1)
        record "$build" "read ${path%%\?*}" "$line"
    done
    stop_klantbeeld
}

# The small analytics data set: generated once, imported once per build.
prepare_analytics() {
    local venv="${CX_VENV:-/tmp/cxvenv}" data="$AB_DIR/cxdata"
    if ! "$venv/bin/python" -c 'import numpy, pyarrow' 2>/dev/null; then
        python3 -m venv "$venv" && "$venv/bin/pip" install -q numpy pyarrow
    fi
    [[ -s "$data/surveys.csv" ]] || "$venv/bin/python" bench/gen_cx_data.py --out "$data" --formats csv \
        --surveys "${CX_SURVEYS:-1000000}" --tickets "${CX_TICKETS:-200000}" >&2
    local build bin url
    for build in old new; do
        bin=$OLD_BIN
        [[ "$build" == new ]] && bin=$NEW_BIN
        url="sqlite://$WORK_DIR/analytics-$build.db"
        "$bin" migrate --database-url "$url" >/dev/null 2>&1
        KLANTBEELD_LOG=warn "$bin" import survey-responses "$data/surveys.csv" --database-url "$url" >/dev/null
        KLANTBEELD_LOG=warn "$bin" import cases "$data/tickets.csv" --database-url "$url" >/dev/null
    done
}

run_analytics() {
    local build=$1 bin=$2 url="sqlite://$WORK_DIR/analytics-$1.db" query times token
    KB_BIN=$bin
    token=$("$bin" token create --database-url "$url" --name ab --role analyst)
    start_klantbeeld "$url"
    # Ready means every fact is loaded: the first query answers from the full store.
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$KB_ADDR/healthz")" == 200 ]]; do sleep 0.1; done
    for query in "nps?group_by=channel,month&tz=UTC" "csat?group_by=touchpoint&tz=UTC" "ttr?group_by=channel,week&tz=UTC"; do
        curl -s -f -o /dev/null -H "Authorization: Bearer $token" "http://$KB_ADDR/api/v1/metrics/$query"
        times=()
        for _ in 1 2 3 4 5; do
            times+=("$(curl -s -f -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" \
                "http://$KB_ADDR/api/v1/metrics/$query")")
        done
        record "$build" "metric ${query%%\?*}" "{\"seconds\":[$(IFS=,; echo "${times[*]}")]}"
    done
    stop_klantbeeld
}

[[ " $WORKLOADS " == *" reads "* ]] && { banner "loading $READ_CASES cases per build"; prepare_reads old "$OLD_BIN"; prepare_reads new "$NEW_BIN"; }
[[ " $WORKLOADS " == *" analytics "* ]] && { banner "importing the analytics data set per build"; prepare_analytics; }

for round in $(seq 1 "$ROUNDS"); do
    order="old new"
    (( round % 2 == 0 )) && order="new old"
    for build in $order; do
        bin=$OLD_BIN
        [[ "$build" == new ]] && bin=$NEW_BIN
        banner "round $round/$ROUNDS: $build"
        run_ceiling_and_ingest "$build" "$bin" "$round"
        [[ " $WORKLOADS " == *" reads "* ]] && run_reads "$build" "$bin"
        [[ " $WORKLOADS " == *" analytics "* ]] && run_analytics "$build" "$bin"
    done
done

banner "new $NEW_LABEL ÷ old $OLD_LABEL ($(nproc) cores, $(date -u +%Y-%m-%d), $ROUNDS rounds of ${DURATION}s)"
python3 bench/summarize_ab.py "$RESULTS"
