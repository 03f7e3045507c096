#!/usr/bin/env bash
# Fault test (issue 7): sustained ingestion while the server is killed with SIGKILL (MODE=kill) or
# while PostgreSQL restarts under it (MODE=pg-restart), CYCLES times; then a clean restart, a resend
# of everything that was never acknowledged, and a check that every acknowledged interaction is in
# the database exactly once, under the id it was acknowledged with.
#
#   tests/faults/crash.sh                                   # SQLite, 20 kill -9 cycles, release build
#   BACKEND=postgres MODE=pg-restart tests/faults/crash.sh
#   CYCLES=3 KB_BIN=target/debug/klantbeeld tests/faults/crash.sh   # the short form CI runs
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export PATH="${HOME:-/root}/.cargo/bin:$PATH"
source scripts/lib/postgres.sh
source scripts/lib/server.sh

CYCLES="${CYCLES:-20}"
BACKEND="${BACKEND:-sqlite}"
MODE="${MODE:-kill}"
WORK_DIR=$(mktemp -d /tmp/klantbeeld-faults.XXXXXX)
chmod 755 "$WORK_DIR"
CLIENT_PID=""
cleanup() {
    local rc=$?
    set +e
    [[ -n "$CLIENT_PID" ]] && kill "$CLIENT_PID" 2>/dev/null
    stop_klantbeeld
    stop_postgres
    rm -rf "$WORK_DIR"
    exit "$rc"
}
trap cleanup EXIT

[[ "$MODE" == pg-restart && "$BACKEND" != postgres ]] && { echo "MODE=pg-restart needs BACKEND=postgres" >&2; exit 2; }
[[ -x "$KB_BIN" && "$KB_BIN" != target/release/klantbeeld ]] || build_release
if [[ "$BACKEND" == postgres ]]; then
    PG_DURABLE=1 start_postgres
fi
url=$(fresh_database kb_faults)
"$KB_BIN" migrate --database-url "$url" 2>/dev/null
token=$(new_token "$url")

client() {
    python3 tests/faults/ingest_client.py --addr "$KB_ADDR" --token "$token" --acked "$WORK_DIR/acked" \
        --pending "$WORK_DIR/pending" --prefix "$1" --seconds "$2" &
    CLIENT_PID=$!
}

random_pause() {
    python3 -c 'import random; print(round(random.uniform(0.5, 2.5), 2))'
}

[[ "$MODE" == pg-restart ]] && start_klantbeeld "$url"
for cycle in $(seq 1 "$CYCLES"); do
    if [[ "$MODE" == kill ]]; then
        start_klantbeeld "$url"
        client "c$cycle" 4
        sleep "$(random_pause)"
        kill -KILL "$KB_PID"
        wait "$KB_PID" 2>/dev/null || true
        KB_PID=""
    else
        client "c$cycle" 5
        sleep "$(random_pause)"
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" restart -m immediate -w -t 60 -o "-p $PG_PORT" >/dev/null
    fi
    wait "$CLIENT_PID" || { echo "the load client failed in cycle $cycle" >&2; exit 1; }
    CLIENT_PID=""
    echo "cycle $cycle: $(wc -l <"$WORK_DIR/acked") acknowledged so far, $(grep -c . "$WORK_DIR/pending" || true) unacknowledged to resend"
done

banner "clean restart, resend what was never acknowledged"
[[ -n "$KB_PID" ]] || start_klantbeeld "$url"
client final 2
wait "$CLIENT_PID"
CLIENT_PID=""
stop_klantbeeld

if [[ "$url" == postgres* ]]; then
    as_pg "$PG_BIN/psql" "$url" -qAtF ' ' -c "SELECT external_id, id FROM interactions WHERE external_id IS NOT NULL" >"$WORK_DIR/stored"
else
    python3 -c 'import sqlite3, sys
for external_id, id in sqlite3.connect(sys.argv[1]).execute("SELECT external_id, id FROM interactions WHERE external_id IS NOT NULL"):
    print(external_id, id)' "${url#sqlite://}" >"$WORK_DIR/stored"
fi
python3 - "$WORK_DIR/acked" "$WORK_DIR/stored" "$WORK_DIR/pending" <<'PY'
import collections, sys
acked = collections.defaultdict(set)
for line in open(sys.argv[1]):
    external_id, interaction = line.split()
    acked[external_id].add(interaction)
stored = collections.Counter()
stored_id = {}
for line in open(sys.argv[2]):
    external_id, interaction = line.split()
    stored[external_id] += 1
    stored_id[external_id] = interaction
problems = []
problems += [f"{e} acknowledged as several interactions {ids}" for e, ids in acked.items() if len(ids) > 1]
problems += [f"{e} stored {n} times" for e, n in stored.items() if n > 1]
problems += [f"{e} acknowledged but missing" for e in acked if e not in stored]
problems += [f"{e} acknowledged as {ids} but stored as {stored_id[e]}" for e, ids in acked.items() if e in stored_id and stored_id[e] not in ids]
pending = [l for l in open(sys.argv[3]).read().split() if l]
print(f"acknowledged {len(acked)}, stored {len(stored)}, never acknowledged after the final resend: {len(pending)}")
if problems:
    print("\n".join(problems[:20]))
    sys.exit(1)
print("every acknowledged interaction is present exactly once")
PY
