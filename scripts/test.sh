#!/usr/bin/env bash
# Klantbeeld CI / local test driver.
#
#   bash scripts/test.sh            # fmt, clippy, tests on SQLite, tests on PostgreSQL
#   bash scripts/test.sh --smoke    # only start PostgreSQL + chromedriver, check them, stop
#
# Environment knobs (all optional):
#   SKIP_LINT=1              skip `cargo fmt --check`, `cargo clippy` and the module cycle check
#   ONLY_DB=sqlite|postgres  run the test suite against only one database
#   CLOCK_AHEAD=365d         how far ahead the clock is moved for the second SQLite run
#   SKIP_FUZZ=1              skip fuzzing the API from /api/openapi.json (schemathesis, ~3 min)
#
# Installs missing system packages (postgresql, chromium, chromium-driver, curl, dovecot-imapd,
# python3-aiosmtpd, faketime)
# with apt when running as root; otherwise tells you what is missing and exits 1.
# The API fuzz step (scripts/fuzz_api.sh) installs schemathesis from PyPI into target/fuzz-venv,
# starts the debug server on a fresh SQLite database and fails on any 5xx.
# Starts a throwaway PostgreSQL cluster, a chromedriver, an SMTP sink and a Dovecot IMAP
# server on loopback ports, and tears them down on exit.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT=$(pwd)
# shellcheck source=lib/postgres.sh
source scripts/lib/postgres.sh
# shellcheck source=lib/mail.sh
source scripts/lib/mail.sh

export PATH="${HOME:-/root}/.cargo/bin:$PATH"
export RUST_BACKTRACE="${RUST_BACKTRACE:-1}"
if [[ "${CI:-}" == "true" ]]; then
    # Fresh clone, single build: incremental artifacts only cost time and disk.
    export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
fi

SMOKE=0
for arg in "$@"; do
    case "$arg" in
        --smoke) SMOKE=1 ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
    esac
done

SKIP_LINT="${SKIP_LINT:-0}"
CLOCK_AHEAD="${CLOCK_AHEAD:-365d}"
ONLY_DB="${ONLY_DB:-}"
case "$ONLY_DB" in
    ""|sqlite|postgres) ;;
    *) echo "ONLY_DB must be 'sqlite' or 'postgres' (got '$ONLY_DB')" >&2; exit 2 ;;
esac
RUN_SQLITE=1
RUN_PG=1
[[ "$ONLY_DB" == "postgres" ]] && RUN_SQLITE=0
[[ "$ONLY_DB" == "sqlite" ]] && RUN_PG=0
if [[ "$SMOKE" == 1 ]]; then RUN_SQLITE=0; RUN_PG=1; fi

IS_ROOT=0
[[ "$(id -u)" -eq 0 ]] && IS_ROOT=1

START_TIME=$SECONDS
CURRENT_STEP="setup"
DONE_STEPS=()

banner() {
    CURRENT_STEP="$1"
    echo
    echo "=================================================================="
    echo "==> $1"
    echo "=================================================================="
}

# ---------------------------------------------------------------------------
# Cleanup (registered before anything is started)
# ---------------------------------------------------------------------------
WORK_DIR=""
PG_BIN=""
PG_DATA=""
CHROMEDRIVER_PID=""


cleanup() {
    local rc=$?
    set +e
    if [[ -n "$CHROMEDRIVER_PID" ]]; then
        # chromedriver runs in its own process group (setsid), so this also
        # reaps any Chromium it spawned and a test left behind.
        kill -TERM -- "-$CHROMEDRIVER_PID" 2>/dev/null
        for _ in $(seq 1 50); do
            kill -0 "$CHROMEDRIVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL -- "-$CHROMEDRIVER_PID" 2>/dev/null
        wait "$CHROMEDRIVER_PID" 2>/dev/null
        CHROMEDRIVER_PID=""
    fi
    stop_postgres
    stop_mail_servers
    if [[ -n "$WORK_DIR" && -d "$WORK_DIR" ]]; then
        rm -rf "$WORK_DIR"
    fi
    if [[ $rc -ne 0 ]]; then
        echo
        echo "SUMMARY: FAILED during '$CURRENT_STEP' (exit $rc) after $((SECONDS - START_TIME))s;" \
             "passed: ${DONE_STEPS[*]:-none}" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------
# System dependencies
# ---------------------------------------------------------------------------

NEED_BROWSER=1
[[ "$RUN_SQLITE" == 0 && "$RUN_PG" == 0 ]] && NEED_BROWSER=0

missing_pkgs=()
if [[ "$RUN_PG" == 1 ]] && ! find_pg_bin >/dev/null; then
    missing_pkgs+=(postgresql)
fi
if [[ "$NEED_BROWSER" == 1 ]]; then
    [[ -x /usr/bin/chromium ]] || missing_pkgs+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || missing_pkgs+=(chromium-driver)
fi
command -v curl >/dev/null 2>&1 || missing_pkgs+=(curl)
[[ "$RUN_SQLITE" == 1 ]] && ! command -v faketime >/dev/null 2>&1 && missing_pkgs+=(faketime)
if [[ "$RUN_SQLITE" == 1 || "$RUN_PG" == 1 ]]; then
    # Real mail servers for the email channel's tests: Dovecot (IMAP) and aiosmtpd (SMTP).
    command -v dovecot >/dev/null 2>&1 || missing_pkgs+=(dovecot-imapd)
    /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing_pkgs+=(python3-aiosmtpd)
fi
# The WebDriver client of the browser tests loads the system's CA roots, even for loopback.
[[ -s /etc/ssl/certs/ca-certificates.crt ]] || missing_pkgs+=(ca-certificates)

if [[ ${#missing_pkgs[@]} -gt 0 ]]; then
    banner "installing system packages: ${missing_pkgs[*]}"
    if [[ "$IS_ROOT" != 1 ]]; then
        echo "Missing system packages: ${missing_pkgs[*]}" >&2
        echo "Install them, e.g.: sudo apt-get install -y --no-install-recommends ${missing_pkgs[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt_opts=(-q -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0)
    apt-get "${apt_opts[@]}" update
    apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing_pkgs[@]}"
    DONE_STEPS+=("apt")
fi

if [[ "$SMOKE" != 1 ]] && ! command -v cargo >/dev/null 2>&1; then
    echo "cargo not found (looked in PATH=$PATH); install Rust via rustup first." >&2
    exit 1
fi
if [[ "$SMOKE" != 1 && "$SKIP_LINT" != 1 ]]; then
    if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
        if command -v rustup >/dev/null 2>&1; then
            banner "installing rustfmt/clippy components"
            rustup component add rustfmt clippy
        else
            echo "cargo fmt / cargo clippy not available and rustup not found." >&2
            exit 1
        fi
    fi
fi

# ---------------------------------------------------------------------------
# Helpers: free ports, waiting
# ---------------------------------------------------------------------------


WORK_DIR=$(mktemp -d /tmp/klantbeeld-test.XXXXXX)
chmod 755 "$WORK_DIR"

# ---------------------------------------------------------------------------
# PostgreSQL: throwaway cluster
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# chromedriver
# ---------------------------------------------------------------------------
http_ok() {
    curl -fsS -m 2 -o /dev/null "$1" 2>/dev/null
}

start_chromedriver() {
    banner "starting chromedriver"
    local cd_tmp="$WORK_DIR/chrome-tmp" cd_bin attempt port
    cd_bin=$(command -v chromedriver)
    mkdir -p "$cd_tmp"
    "$cd_bin" --version
    for attempt in 1 2 3 4 5; do
        port=$(free_port 49515)
        # Without --allowed-ips chromedriver binds to loopback only.
        # Own process group (setsid) so cleanup can kill Chromium children too;
        # TMPDIR keeps Chromium's scratch profiles inside WORK_DIR.
        TMPDIR="$cd_tmp" setsid "$cd_bin" --port="$port" \
            --log-path="$WORK_DIR/chromedriver.log" </dev/null >/dev/null 2>&1 &
        CHROMEDRIVER_PID=$!
        local i
        for i in $(seq 1 100); do
            if http_ok "http://127.0.0.1:$port/status"; then
                export KLANTBEELD_WEBDRIVER_URL="http://127.0.0.1:$port"
                export KLANTBEELD_CHROMIUM=/usr/bin/chromium
                export KLANTBEELD_BROWSER_TESTS=1
                echo "chromedriver (pid $CHROMEDRIVER_PID) ready at $KLANTBEELD_WEBDRIVER_URL"
                return 0
            fi
            kill -0 "$CHROMEDRIVER_PID" 2>/dev/null || break
            sleep 0.2
        done
        echo "chromedriver did not come up on port $port (attempt $attempt); log:" >&2
        tail -n 20 "$WORK_DIR/chromedriver.log" >&2 || true
        kill -TERM -- "-$CHROMEDRIVER_PID" 2>/dev/null || true
        wait "$CHROMEDRIVER_PID" 2>/dev/null || true
        CHROMEDRIVER_PID=""
    done
    return 1
}

# ---------------------------------------------------------------------------
# Smoke mode: just prove the services work.
# ---------------------------------------------------------------------------
if [[ "$SMOKE" == 1 ]]; then
    start_postgres
    start_chromedriver
    banner "smoke checks"
    psql_bin=$(command -v psql || echo "$PG_BIN/psql")
    "$psql_bin" "$KLANTBEELD_TEST_DATABASE_URL" -v ON_ERROR_STOP=1 -Atc \
        "select 'postgres ok: ' || version() || ', max_connections=' || current_setting('max_connections') || ', fsync=' || current_setting('fsync')"
    curl -fsS "$KLANTBEELD_WEBDRIVER_URL/status"
    echo
    echo "SUMMARY: smoke OK (postgres $KLANTBEELD_TEST_DATABASE_URL, webdriver $KLANTBEELD_WEBDRIVER_URL)"
    exit 0
fi

# ---------------------------------------------------------------------------
# Lint
# ---------------------------------------------------------------------------
if [[ "$SKIP_LINT" != 1 ]]; then
    banner "cargo fmt --all -- --check"
    cargo fmt --all -- --check
    # rustfmt cannot format code inside a macro invocation: the store keeps only `params!`.
    if grep -rn 'macro_rules!' crates/store/src | grep -v 'macro_rules! params '; then
        echo "crates/store/src: a macro_rules! other than params! (write a function)" >&2
        exit 1
    fi
    DONE_STEPS+=("fmt")

    banner "cargo clippy --workspace --all-targets -- -D warnings"
    cargo clippy --workspace --all-targets -- -D warnings
    DONE_STEPS+=("clippy")

    # No import circles between web's modules, and nothing but the router borrows from a handler.
    banner "python3 scripts/module_cycles.py"
    python3 scripts/module_cycles.py
    DONE_STEPS+=("module cycles")
else
    echo "SKIP_LINT=1: skipping cargo fmt / cargo clippy / module cycles"
fi

# ---------------------------------------------------------------------------
# Services + tests
# ---------------------------------------------------------------------------
start_chromedriver
if [[ "$RUN_PG" == 1 ]]; then
    start_postgres
fi
banner "starting the mail servers (SMTP sink, Dovecot IMAP)"
start_mail_servers "$WORK_DIR/mail"
echo "SMTP at $KLANTBEELD_TEST_SMTP_URL, IMAP at $KLANTBEELD_TEST_IMAP"

if [[ "$RUN_SQLITE" == 1 ]]; then
    banner "cargo test --workspace (SQLite)"
    env -u KLANTBEELD_TEST_DATABASE_URL cargo test --workspace
    DONE_STEPS+=("tests-sqlite")

    # Guard against tests that carry a date which will pass: the same tests again with the clock
    # a year ahead (libfaketime wraps each test binary; cargo and rustc keep the real clock).
    banner "cargo test --workspace (SQLite, clock moved $CLOCK_AHEAD ahead)"
    host_triple=$(rustc -vV | sed -n 's/^host: //p' | tr 'a-z.-' 'A-Z__')
    env -u KLANTBEELD_TEST_DATABASE_URL \
        "CARGO_TARGET_${host_triple}_RUNNER=faketime -f +$CLOCK_AHEAD" \
        cargo test --workspace
    DONE_STEPS+=("tests-sqlite-clock-ahead")
fi

if [[ "$RUN_PG" == 1 ]]; then
    banner "cargo test --workspace (PostgreSQL at $KLANTBEELD_TEST_DATABASE_URL)"
    cargo test --workspace
    DONE_STEPS+=("tests-postgres")
fi

banner "fault checks, short form: kill -9 under load (SQLite), PostgreSQL restart under load"
CYCLES=3 KB_BIN=target/debug/klantbeeld bash tests/faults/crash.sh
if [[ "$RUN_PG" == 1 ]]; then
    BACKEND=postgres MODE=pg-restart CYCLES=2 KB_BIN=target/debug/klantbeeld bash tests/faults/crash.sh
fi
DONE_STEPS+=("faults")

if [[ "${SKIP_FUZZ:-0}" != 1 ]]; then
    banner "API fuzzing from /api/openapi.json (schemathesis, no 5xx)"
    KB_BIN=target/debug/klantbeeld bash scripts/fuzz_api.sh
    DONE_STEPS+=("api fuzz")
fi

CURRENT_STEP="done"
echo
echo "SUMMARY: OK — ${DONE_STEPS[*]} passed in $((SECONDS - START_TIME))s"
