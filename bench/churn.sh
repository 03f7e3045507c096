#!/usr/bin/env bash
# Churn benchmark (issue 16): CUSTOMERS customers with attributes and relationships (a quarter of
# them ended, with a reason), three cases and two survey answers per customer, imported into a
# fresh SQLite database with the release binary (rows/s per import), then through the API, median
# of RUNS: churn by month, by an attribute and by contacts, and the driver analysis (target:
# each ≤ 50 ms); and how long the churn-risk model takes to fit (target ≤ 30 s), from the log.
#
#   bench/churn.sh                    # CUSTOMERS=1000000 RUNS=5
#   CUSTOMERS=100000 RUNS=3 bench/churn.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="${HOME:-/root}/.cargo/bin:$PATH"
source scripts/lib/postgres.sh
source scripts/lib/server.sh

CUSTOMERS="${CUSTOMERS:-1000000}"
RUNS="${RUNS:-5}"
WORK_DIR=$(mktemp -d /tmp/klantbeeld-churn.XXXXXX)
chmod 755 "$WORK_DIR"
trap 'rc=$?; set +e; stop_klantbeeld; rm -rf "$WORK_DIR"; exit $rc' EXIT
[[ "$KB_BIN" == target/release/klantbeeld ]] && build_release

banner "generating $CUSTOMERS customers, $((3 * CUSTOMERS)) cases and $((2 * CUSTOMERS)) answers"
python3 - "$CUSTOMERS" "$WORK_DIR" <<'PY'
import random, sys
from datetime import datetime, timedelta, timezone
n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
start = datetime(2019, 1, 1, tzinfo=timezone.utc)
# Up to yesterday, so the churn-risk model has ends in its 90-day window.
span = (datetime.now(timezone.utc) - timedelta(days=1) - start).total_seconds()
contracts = ["Month-to-month", "One year", "Two year"]
reasons = ["price", "service", "competitor", "moved", "no_longer_needed"]
fmt = lambda t: t.strftime("%Y-%m-%d %H:%M:%S")
with open(f"{out}/customers.csv", "w") as c, open(f"{out}/cases.csv", "w") as k, open(f"{out}/surveys.csv", "w") as s:
    c.write("customer_id,segment,started_at,ended_at,end_reason,contract,monthly_charges,seats\n")
    k.write("ticket_id,customer_id,channel,priority,agent_id,created_at,first_response_at,resolved_at,reopened\n")
    s.write("response_id,customer_id,survey_kind,score,channel,touchpoint,segment,agent_id,created_at\n")
    for i in range(n):
        contract = rng.choices(contracts, [0.55, 0.25, 0.2])[0]
        began = start + timedelta(seconds=rng.random() * span * 0.8)
        leave = {"Month-to-month": 0.4, "One year": 0.15, "Two year": 0.05}[contract]
        ended = began + timedelta(days=rng.randint(30, 900)) if rng.random() < leave else None
        if ended and ended > start + timedelta(seconds=span):
            ended = None
        c.write(f"k{i},{rng.choice(['smb', 'consumer', 'enterprise'])},{fmt(began)},"
                f"{fmt(ended) if ended else ''},{rng.choice(reasons) if ended else ''},{contract},"
                f"{round(rng.uniform(18, 120), 2)},{rng.randint(1, 40)}\n")
        last = ended or start + timedelta(seconds=span)
        for j in range(3):
            at = began + (last - began) * rng.random()
            resolved = at + timedelta(hours=rng.randint(1, 96))
            k.write(f"t{i}-{j},k{i},{rng.choice(['email', 'chat', 'phone'])},normal,,{fmt(at)},,"
                    f"{fmt(resolved) if rng.random() < 0.9 else ''},false\n")
        for j in range(2):
            at = began + (last - began) * rng.random()
            kind = rng.choice(["csat", "nps"])
            score = rng.randint(1, 5) if kind == "csat" else rng.randint(0, 10)
            s.write(f"r{i}-{j},k{i},{kind},{score},email,support,,,{fmt(at)}\n")
PY

URL="sqlite://$WORK_DIR/churn.db"
"$KB_BIN" migrate --database-url "$URL" 2>/dev/null
for what in customers cases survey-responses; do
    file="$WORK_DIR/${what%%-*}.csv"
    [[ "$what" == survey-responses ]] && file="$WORK_DIR/surveys.csv"
    banner "klantbeeld import $what"
    KLANTBEELD_LOG=warn "$KB_BIN" import "$what" "$file" --database-url "$URL"
done
TOKEN=$("$KB_BIN" token create --database-url "$URL" --name bench --role analyst)

banner "klantbeeld serve: facts loaded, then the queries"
KLANTBEELD_LOG=info start_klantbeeld "$URL"
until [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    "http://$KB_ADDR/api/v1/metrics/churn?from=2024-01-01&to=2024-12-31")" == 200 ]]; do sleep 0.2; done
WINDOW="from=2024-01-01&to=2024-12-31&tz=UTC"
for query in "metrics/churn?$WINDOW&group_by=month" "metrics/churn?$WINDOW&group_by=customer.contract" \
    "metrics/churn?$WINDOW&group_by=contacts" "analysis/drivers?outcome=churn&$WINDOW"; do
    times=()
    for _ in $(seq 1 "$RUNS"); do
        times+=("$(curl -s -f -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" \
            "http://$KB_ADDR/api/v1/$query")")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
    echo "${query%%\?*} ${query#*group_by=}: median $(echo "$median * 1000" | bc) ms over $RUNS (target ≤ 50 ms)"
done
for _ in $(seq 1 600); do
    grep -q "churn-risk model" "$WORK_DIR/server.log" && break
    sleep 0.5
done
grep -E "fact store loaded|churn-risk model" "$WORK_DIR/server.log" | sed 's/\x1b\[[0-9;]*m//g' | tail -n 3
echo "($(nproc) cores, $(date -u +%Y-%m-%d))"
