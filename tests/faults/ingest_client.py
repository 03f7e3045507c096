#!/usr/bin/env python3
"""Sends interactions to a Klantbeeld server from several threads until the deadline or until the
server goes away, and appends each acknowledged one to a log as "external_id interaction_id".
Ids that were sent but not acknowledged are written to a pending file; the next run sends them
again first, since a retry with the same external id must never duplicate. Stdlib only."""
import argparse
import http.client
import json
import os
import threading
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--acked", required=True, help="log of acknowledged ids (appended)")
    ap.add_argument("--pending", required=True, help="ids sent but not acknowledged (read, then rewritten)")
    ap.add_argument("--prefix", required=True, help="prefix for new external ids")
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--threads", type=int, default=16)
    args = ap.parse_args()

    retry = []
    if os.path.exists(args.pending):
        retry = [line.strip() for line in open(args.pending) if line.strip()]
    lock = threading.Lock()
    acked = open(args.acked, "a")
    unacked = set()
    counter = iter(range(10**9))
    refused = [0]
    deadline = time.monotonic() + args.seconds
    host, port = args.addr.split(":")

    def next_id():
        with lock:
            if retry:
                return retry.pop()
            return f"{args.prefix}-{next(counter)}"

    def worker():
        conn = None
        external_id = None
        while time.monotonic() < deadline:
            # A request that got no answer is sent again with the same id, as a real client would.
            if external_id is None:
                external_id = next_id()
            with lock:
                unacked.add(external_id)
            n = abs(hash(external_id)) % 3000
            body = json.dumps({"channel": "chat", "from": {"email": f"klant{n}@voorbeeld.nl"},
                               "body": f"Bericht {external_id}", "external_id": external_id})
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(host, int(port), timeout=10)
                conn.request("POST", "/api/v1/interactions", body,
                             {"Content-Type": "application/json", "Authorization": f"Bearer {args.token}"})
                response = conn.getresponse()
                answer = response.read()
                if response.status in (200, 201):
                    interaction = json.loads(answer)["interaction_id"]
                    with lock:
                        unacked.discard(external_id)
                        acked.write(f"{external_id} {interaction}\n")
                        acked.flush()
                    external_id = None
                elif response.status in (429, 503):
                    with lock:
                        refused[0] += 1
                    time.sleep(0.05)
                else:
                    raise SystemExit(f"unexpected {response.status}: {answer[:200]!r}")
            except (OSError, http.client.HTTPException):
                conn = None
                time.sleep(0.05)

    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"client {args.prefix}: {refused[0]} answers were 429/503 (retried)")
    with open(args.pending, "w") as out:
        out.write("\n".join(sorted(unacked | set(retry))))


if __name__ == "__main__":
    main()
