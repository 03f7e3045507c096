#!/usr/bin/env bash
# Read latency vs history size (issue 7): p50/p99 of the case view, a customer's timeline page and
# the first page of the case list, on a database with 1,000 cases and then 1,000,000 cases
# (loaded through POST /api/v1/interactions:bulk: 4 channels x 250,000 customers, one open case
# each, so every case has one interaction). Target: the 1 M figures within 1.5x of the 1 k figures.
#
#   bench/reads.sh                   # SQLite; BACKEND=postgres for PostgreSQL; DURATION=10
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="${HOME:-/root}/.cargo/bin:$PATH"
source scripts/lib/postgres.sh
source scripts/lib/server.sh

DURATION="${DURATION:-10}"
BACKEND="${BACKEND:-sqlite}"
SIZES="${SIZES:-1000 1000000}"
WORK_DIR=$(mktemp -d /tmp/klantbeeld-reads.XXXXXX)
chmod 755 "$WORK_DIR"
trap 'rc=$?; set +e; stop_klantbeeld; stop_postgres; rm -rf "$WORK_DIR"; exit $rc' EXIT
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)" >&2; exit 1; }
build_release
[[ "$BACKEND" == postgres ]] && PG_DURABLE=1 start_postgres

# load CASES: sends CASES contacts in bulk requests of 10,000 lines.
load_cases() {
    python3 - "$1" "$KB_ADDR" "$KB_TOKEN" <<'PY'
import http.client, json, sys
total, addr, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
channels = ["email", "chat", "sms", "web"]
host, port = addr.split(":")
conn = http.client.HTTPConnection(host, int(port), timeout=600)
for start in range(0, total, 10000):
    lines = []
    for n in range(start, min(total, start + 10000)):
        lines.append(json.dumps({"channel": channels[n % 4], "from": {"email": f"klant{n // 4}@voorbeeld.nl"},
                                 "subject": f"Vraag {n}", "body": f"Bericht {n} over de jaarafrekening.", "external_id": f"r{n}"}))
    conn.request("POST", "/api/v1/interactions:bulk", "\n".join(lines),
                 {"Content-Type": "application/x-ndjson", "Authorization": f"Bearer {token}"})
    answer = conn.getresponse()
    body = answer.read()
    if answer.status != 200:
        sys.exit(f"bulk load failed: {answer.status} {body[:300]!r}")
PY
}

read_run() {
    local size=$1 name=$2 path=$3 max_id=$4 line
    line=$(KB_PATH="$path" KB_MAX_ID="$max_id" wrk -t2 -c16 -d"${DURATION}s" -s bench/wrk/reads.lua "http://$KB_ADDR" | tail -n 1)
    echo "{\"backend\":\"$BACKEND\",\"cases\":$size,\"read\":\"$name\",\"result\":$line}" | tee -a "$WORK_DIR/reads.jsonl"
}

for size in $SIZES; do
    banner "$BACKEND with $size cases"
    url=$(fresh_database "kb_reads_$size")
    "$KB_BIN" migrate --database-url "$url" 2>/dev/null
    KB_TOKEN=$(new_token "$url")
    export KB_TOKEN
    start_klantbeeld "$url"
    started=$SECONDS
    load_cases "$size"
    echo "loaded $size cases in $((SECONDS - started)) s"
    customers=$((size / 4))
    read_run "$size" case_view "/api/v1/cases/{id}" "$size"
    read_run "$size" timeline "/api/v1/customers/{id}/timeline?limit=50" "$customers"
    read_run "$size" list_page_1 "/api/v1/cases?status=new&limit=50" 1
    stop_klantbeeld
done

banner "summary ($(nproc) cores, $(date -u +%Y-%m-%d)): p50/p99 ms, and 1 M ÷ 1 k"
python3 - "$WORK_DIR/reads.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
sizes = sorted({r["cases"] for r in rows})
for read in dict.fromkeys(r["read"] for r in rows):
    by = {r["cases"]: r["result"] for r in rows if r["read"] == read}
    cells = [f"{s:>8} cases: p50 {by[s]['p50_ms']:.2f} p99 {by[s]['p99_ms']:.2f} ({by[s]['requests'] / by[s]['seconds']:.0f} req/s, non-2xx {by[s]['non_2xx']})" for s in sizes]
    ratio = f"ratio p50 {by[sizes[-1]]['p50_ms'] / by[sizes[0]]['p50_ms']:.2f}, p99 {by[sizes[-1]]['p99_ms'] / by[sizes[0]]['p99_ms']:.2f}" if len(sizes) > 1 else ""
    print(f"{read:12} " + " | ".join(cells) + f"  {ratio}")
PY
