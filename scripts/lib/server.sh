# Shared by bench/*.sh and tests/faults/*.sh: start and stop a release `klantbeeld serve`.
# Needs WORK_DIR and free_port (scripts/lib/postgres.sh). KB_BIN defaults to the release binary.

KB_BIN="${KB_BIN:-target/release/klantbeeld}"
KB_PID=""
KB_ADDR=""

build_release() {
    banner "cargo build --release -p klantbeeld"
    cargo build --release -p klantbeeld
}

# start_klantbeeld DATABASE_URL [EXTRA_ENV...]: serves on a free port, waits for /healthz.
start_klantbeeld() {
    local url=$1
    shift
    KB_ADDR="127.0.0.1:$(free_port 18080)"
    env "$@" KLANTBEELD_LOG="${KLANTBEELD_LOG:-warn}" "$KB_BIN" serve --database-url "$url" --listen "$KB_ADDR" \
        >>"$WORK_DIR/server.log" 2>&1 &
    KB_PID=$!
    local i
    for i in $(seq 1 300); do
        if "$KB_BIN" healthcheck --listen "$KB_ADDR" 2>/dev/null; then
            return 0
        fi
        kill -0 "$KB_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "klantbeeld did not start; log:" >&2
    tail -n 20 "$WORK_DIR/server.log" >&2
    return 1
}

stop_klantbeeld() {
    if [[ -n "$KB_PID" ]]; then
        kill -TERM "$KB_PID" 2>/dev/null
        wait "$KB_PID" 2>/dev/null
        KB_PID=""
    fi
}

# new_token DATABASE_URL: prints an agent token.
new_token() {
    "$KB_BIN" token create --database-url "$1" --name bench --role agent
}

# fresh_database NAME: a new SQLite file, or a new database on the throwaway PostgreSQL server
# when BACKEND=postgres. Prints its URL.
fresh_database() {
    if [[ "${BACKEND:-sqlite}" == postgres ]]; then
        as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAtc "CREATE DATABASE $1" >/dev/null
        echo "postgres://postgres@127.0.0.1:$PG_PORT/$1"
    else
        echo "sqlite://$WORK_DIR/$1.db"
    fi
}

# count_rows DATABASE_URL TABLE [WHERE]: rows in a table, read straight from the database.
count_rows() {
    local url=$1 table=$2 where=${3:-}
    if [[ "$url" == postgres* ]]; then
        as_pg "$PG_BIN/psql" "$url" -qAtc "SELECT COUNT(*) FROM $table $where"
    else
        python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(f"SELECT COUNT(*) FROM {sys.argv[2]} {sys.argv[3]}").fetchone()[0])' \
            "${url#sqlite://}" "$table" "$where"
    fi
}
