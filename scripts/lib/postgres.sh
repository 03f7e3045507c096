# Shared by scripts/test.sh, bench/*.sh and tests/faults/*.sh: free loopback ports and a
# throwaway PostgreSQL cluster. The caller sets WORK_DIR (a temp dir) and IS_ROOT, and calls
# stop_postgres on exit. Tests run it without fsync; set PG_DURABLE=1 for benchmarks and fault
# tests, where a commit must reach the disk. start_postgres sets PG_BIN, PG_DATA, PG_PORT and exports
# KLANTBEELD_TEST_DATABASE_URL (the server's `postgres` database).

PG_BIN="${PG_BIN:-}"
PG_DATA="${PG_DATA:-}"
IS_ROOT="${IS_ROOT:-$([[ "$(id -u)" -eq 0 ]] && echo 1 || echo 0)}"

if ! declare -F banner >/dev/null; then
    banner() { echo "==> $1"; }
fi

as_pg() {
    if [[ "$IS_ROOT" == 1 ]]; then
        # cd first: the checkout (e.g. under /root) may not be readable by postgres.
        (cd "${WORK_DIR:-/}" && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

find_pg_bin() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
    if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]]; then
        echo "$d"
        return 0
    fi
    # Non-Debian layouts: initdb on PATH.
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return 0
    fi
    return 1
}

port_in_use() {
    # Something accepts connections on 127.0.0.1:$1?
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
    local port
    if command -v python3 >/dev/null 2>&1; then
        port=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' 2>/dev/null || true)
        if [[ -n "$port" ]]; then echo "$port"; return 0; fi
    fi
    local base=$1 i
    for i in $(seq 0 200); do
        port=$((base + i))
        if ! port_in_use "$port"; then echo "$port"; return 0; fi
    done
    echo "no free port found near $base" >&2
    return 1
}

start_postgres() {
    banner "starting throwaway PostgreSQL"
    PG_BIN=$(find_pg_bin)
    local pg_root="$WORK_DIR/pg"
    mkdir -p "$pg_root"
    if [[ "$IS_ROOT" == 1 ]]; then
        if ! id -u postgres >/dev/null 2>&1; then
            useradd --system --no-create-home --shell /usr/sbin/nologin postgres
        fi
        chown postgres: "$pg_root"
    fi
    chmod 700 "$pg_root"
    PG_DATA="$pg_root/data"
    echo "using $PG_BIN ($("$PG_BIN/postgres" --version))"

    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust \
        --encoding=UTF8 --no-locale --no-sync >"$pg_root/initdb.log" 2>&1 || {
        cat "$pg_root/initdb.log" >&2
        return 1
    }
    as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null <<EOF

# --- klantbeeld test settings ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pg_root'
max_connections = 300
$(if [[ "${PG_DURABLE:-0}" != 1 ]]; then printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n'; fi)
log_min_messages = warning
EOF

    local attempt
    for attempt in 1 2 3 4 5; do
        PG_PORT=$(free_port 55432)
        if as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$pg_root/server.log" \
            -o "-p $PG_PORT" -w -t 60 start >/dev/null; then
            break
        fi
        echo "PostgreSQL failed to start on port $PG_PORT (attempt $attempt); server log:" >&2
        tail -n 20 "$pg_root/server.log" >&2 || true
        if [[ $attempt == 5 ]]; then return 1; fi
        sleep 1
    done
    export KLANTBEELD_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
    echo "PostgreSQL listening on 127.0.0.1:$PG_PORT"
}

stop_postgres() {
    if [[ -n "$PG_DATA" && -f "$PG_DATA/postmaster.pid" ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" stop -m immediate -w -t 30 >/dev/null 2>&1
        if [[ -f "$PG_DATA/postmaster.pid" ]]; then
            local pm_pid
            pm_pid=$(head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null)
            [[ -n "$pm_pid" ]] && kill -KILL "$pm_pid" 2>/dev/null
        fi
    fi
}
