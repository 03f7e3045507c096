# Local mail servers for the test suite: an SMTP sink (aiosmtpd) that writes every message it
# receives to a directory, and a throwaway Dovecot IMAP server on 127.0.0.1 without TLS.
# Source this file; call start_mail_servers DIR; it exports the KLANTBEELD_TEST_* variables the
# tests read and registers stop_mail_servers for the caller's cleanup.

SMTP_PORT=${SMTP_PORT:-2525}
IMAP_PORT=${IMAP_PORT:-10143}

start_mail_servers() {
    local dir=$1
    mkdir -p "$dir/sent" "$dir/imap/run" "$dir/imap/state" "$dir/imap/mail"
    # Debian's own Python, where python3-aiosmtpd is installed (not a pyenv one first on PATH).
    /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/../../tests/servers/smtp_sink.py" "$SMTP_PORT" "$dir/sent" \
        >"$dir/smtp.log" 2>&1 &
    SMTP_SINK_PID=$!

    echo "support:{PLAIN}imap-test-password" >"$dir/imap/users"
    cat >"$dir/imap/dovecot.conf" <<CONF
base_dir = $dir/imap/run
state_dir = $dir/imap/state
log_path = $dir/imap/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:$dir/imap/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/imap/users
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$dir/imap/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
CONF
    chown -R dovecot:dovecot "$dir/imap/mail" 2>/dev/null || true
    chmod 755 "$dir" "$dir/imap"
    dovecot -c "$dir/imap/dovecot.conf"
    DOVECOT_CONF="$dir/imap/dovecot.conf"

    local up=0
    for _ in $(seq 50); do
        if (exec 3<>/dev/tcp/127.0.0.1/"$SMTP_PORT") 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/"$IMAP_PORT") 2>/dev/null; then
            up=1
            break
        fi
        sleep 0.2
    done
    if [[ "$up" != 1 ]]; then
        echo "the mail servers did not come up; logs:" >&2
        cat "$dir/smtp.log" "$dir/imap/dovecot.log" >&2 2>/dev/null
        return 1
    fi
    export KLANTBEELD_MAIL_TESTS=1
    export KLANTBEELD_TEST_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
    export KLANTBEELD_TEST_SENT_DIR="$dir/sent"
    export KLANTBEELD_TEST_IMAP="127.0.0.1:$IMAP_PORT"
    export KLANTBEELD_TEST_IMAP_USER=support
    export KLANTBEELD_TEST_IMAP_PASSWORD=imap-test-password
}

stop_mail_servers() {
    [ -n "${SMTP_SINK_PID:-}" ] && kill "$SMTP_SINK_PID" 2>/dev/null
    [ -n "${DOVECOT_CONF:-}" ] && doveadm -c "$DOVECOT_CONF" stop 2>/dev/null
    return 0
}
