#!/usr/bin/env bash
# Fuzzes the JSON API and the hooks from their own description: schemathesis (PyPI, in a venv)
# reads /api/openapi.json of a freshly started server (SQLite, loopback only, an admin token) and
# sends generated requests, valid and invalid, to every operation. Any 5xx fails: bad input must
# be a 4xx. Bounded: FUZZ_EXAMPLES cases per operation, FUZZ_MAX_TIME seconds in all.
#
#   bash scripts/fuzz_api.sh
#
#   KB_BIN=target/debug/klantbeeld  the server binary (built with `cargo build -p klantbeeld`)
#   FUZZ_EXAMPLES=25                cases per operation and phase
#   FUZZ_MAX_TIME=180               time budget of the whole run, in seconds
#   FUZZ_SEED=1                     schemathesis' seed, so a failure reproduces
#   FUZZ_VENV=target/fuzz-venv      where schemathesis is installed (kept between runs)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/postgres.sh
source scripts/lib/postgres.sh
KB_BIN="${KB_BIN:-target/debug/klantbeeld}"
# shellcheck source=lib/server.sh
source scripts/lib/server.sh

FUZZ_EXAMPLES="${FUZZ_EXAMPLES:-25}"
FUZZ_MAX_TIME="${FUZZ_MAX_TIME:-180}"
FUZZ_SEED="${FUZZ_SEED:-1}"
FUZZ_VENV="${FUZZ_VENV:-target/fuzz-venv}"
SCHEMATHESIS_VERSION="4.32.5"

WORK_DIR=$(mktemp -d /tmp/klantbeeld-fuzz.XXXXXX)
cleanup() {
    stop_klantbeeld
    if [[ -f "$WORK_DIR/server.log" ]] && grep -q "panicked" "$WORK_DIR/server.log"; then
        grep -B2 -A8 "panicked" "$WORK_DIR/server.log" | head -n 60 >&2
    fi
    rm -rf "$WORK_DIR"
}
trap cleanup EXIT

if [[ ! -x "$FUZZ_VENV/bin/schemathesis" ]] \
    || ! "$FUZZ_VENV/bin/schemathesis" --version | grep -q "$SCHEMATHESIS_VERSION"; then
    python3 -m venv "$FUZZ_VENV"
    "$FUZZ_VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi
[[ -x "$KB_BIN" ]] || { echo "no server binary at $KB_BIN: cargo build -p klantbeeld" >&2; exit 1; }

DB_URL="sqlite://$WORK_DIR/fuzz.db"
"$KB_BIN" migrate --database-url "$DB_URL" >/dev/null
TOKEN=$("$KB_BIN" token create --database-url "$DB_URL" --name fuzz --role admin | tail -n 1)
start_klantbeeld "$DB_URL"
echo "fuzzing http://$KB_ADDR/api/openapi.json (server pid $KB_PID, $FUZZ_EXAMPLES examples, at most ${FUZZ_MAX_TIME}s)"

# From WORK_DIR, so schemathesis' cache stays out of the work tree.
FUZZ_BIN="$(cd "$FUZZ_VENV" && pwd)/bin/schemathesis"
(cd "$WORK_DIR" && SCHEMATHESIS_HOOKS=fuzz_hooks PYTHONPATH="$OLDPWD/scripts/lib" \
    "$FUZZ_BIN" --no-color run "http://$KB_ADDR/api/openapi.json" \
    --url "http://$KB_ADDR" \
    --header "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error \
    --phases examples,coverage,fuzzing \
    --max-examples "$FUZZ_EXAMPLES" \
    --max-time "$FUZZ_MAX_TIME" \
    --seed "$FUZZ_SEED" \
    --request-timeout 30 \
    --suppress-health-check all \
    --generation-database none \
    --continue-on-failure)
