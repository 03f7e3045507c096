#!/usr/bin/env python3
"""Fixed-count closed-loop HTTP/1.1 load generator (stdlib only, loopback use).

Sends exactly N requests over C keep-alive connections (each connection sends
its next request when the previous response is fully read), then prints
requests/s, latency percentiles and status-code counts as one JSON line.

The body may contain {i} (global request index) and {rnd} (deterministic
pseudo-random int) which are substituted per request.

Example:
  python3 bench/loadgen.py -n 5000 -c 16 --method POST \
      --url http://127.0.0.1:8080/api/v1/interactions \
      -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      --body '{"channel":"email","from":{"email":"klant{rnd}@example.nl"},"body":"Storing {i}","external_id":"lg-{i}"}'
"""
import argparse
import asyncio
import json
import random
import time
from urllib.parse import urlsplit


async def read_response(reader):
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length = None
    chunked = False
    close = False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        k, _, v = line.decode("latin-1").partition(":")
        k = k.strip().lower()
        v = v.strip()
        if k == "content-length":
            length = int(v)
        elif k == "transfer-encoding" and "chunked" in v.lower():
            chunked = True
        elif k == "connection" and v.lower() == "close":
            close = True
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length is not None:
        await reader.readexactly(length)
    elif close:
        await reader.read()
    return status, close


async def worker(wid, args, host, port, path, counter, lat, codes, errors):
    rng = random.Random(wid)
    reader = writer = None
    while True:
        i = counter[0]
        if i >= args.n:
            break
        counter[0] += 1
        body = args.body.replace("{i}", str(i)).replace("{rnd}", str(rng.randint(1, 10**9))).encode() if args.body else b""
        hdrs = [f"{args.method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: keep-alive"]
        hdrs += args.header
        if body or args.method in ("POST", "PUT", "PATCH"):
            hdrs.append(f"Content-Length: {len(body)}")
        req = ("\r\n".join(hdrs) + "\r\n\r\n").encode() + body
        t = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(req)
            await writer.drain()
            status, close = await asyncio.wait_for(read_response(reader), args.timeout)
            lat.append(time.perf_counter() - t)
            codes[status] = codes.get(status, 0) + 1
            if close:
                writer.close()
                writer = None
        except Exception as e:  # count and reconnect
            errors[type(e).__name__] = errors.get(type(e).__name__, 0) + 1
            if writer is not None:
                writer.close()
            writer = None
    if writer is not None:
        writer.close()


def pct(sorted_vals, p):
    if not sorted_vals:
        return None
    k = min(len(sorted_vals) - 1, max(0, int(round(p / 100.0 * len(sorted_vals) + 0.5)) - 1))
    return sorted_vals[k]


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--method", default="GET")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("-c", type=int, default=8)
    ap.add_argument("-H", "--header", action="append", default=[])
    ap.add_argument("--body", default="")
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--label", default="")
    args = ap.parse_args()
    u = urlsplit(args.url)
    assert u.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
    path = u.path + (("?" + u.query) if u.query else "")
    counter, lat, codes, errors = [0], [], {}, {}
    t0 = time.perf_counter()
    await asyncio.gather(*(worker(w, args, u.hostname, u.port or 80, path, counter, lat, codes, errors)
                           for w in range(args.c)))
    el = time.perf_counter() - t0
    lat.sort()
    ms = lambda v: None if v is None else round(v * 1000, 2)
    print(json.dumps({
        "label": args.label, "n": args.n, "c": args.c, "elapsed_s": round(el, 3),
        "rps": round(len(lat) / el, 1), "p50_ms": ms(pct(lat, 50)), "p90_ms": ms(pct(lat, 90)),
        "p99_ms": ms(pct(lat, 99)), "max_ms": ms(lat[-1] if lat else None),
        "codes": codes, "errors": errors}))


if __name__ == "__main__":
    asyncio.run(main())
