#!/usr/bin/env python3
"""Deterministic synthetic CX data generator (survey responses + tickets).

Produces, by default:
  surveys : 10,000,000 rows  response_id, customer_id, survey_kind{nps,csat,ces},
            score, channel, touchpoint, segment, agent_id, created_at
  tickets :  2,000,000 rows  ticket_id, customer_id, channel, priority, agent_id,
            created_at, first_response_at, resolved_at (NULL = still open), reopened

Time range: 2 years, 2024-01-01 00:00:00 .. 2025-12-31 23:59:59 (UTC, naive).
Realism knobs: volume grows ~35%/yr, weekday/hour seasonality, per-channel /
touchpoint / segment / agent effects on scores, a slow NPS dip in mid-2025,
log-normal response/resolution times that depend on channel and priority,
business-hours slow-down for email, ~3% tickets still open, ~8% reopened.

Deterministic: numpy PCG64 seeded (default seed 20240101), fixed chunk size,
one child SeedSequence per chunk, so the same seed + rows gives identical
output on any machine with the same numpy major version.

Usage:
  pip install numpy pyarrow
  python3 bench/gen_cx_data.py --out /tmp/cxdata                  # full size, parquet+csv
  python3 bench/gen_cx_data.py --out /tmp/cxsmall --surveys 100000 --tickets 20000
  python3 bench/gen_cx_data.py --out /tmp/cxdata --formats parquet
"""
import argparse
import hashlib
import os
import time

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

CHUNK = 1_000_000
T0 = np.datetime64("2024-01-01T00:00:00", "s")
T1 = np.datetime64("2026-01-01T00:00:00", "s")
SPAN = int((T1 - T0) / np.timedelta64(1, "s"))  # 63,158,400 s

CHANNELS = np.array(["email", "chat", "sms", "phone", "web", "social"])
CH_P = np.array([0.34, 0.27, 0.08, 0.16, 0.10, 0.05])
# score effects on a latent scale (positive = happier)
CH_EFF = np.array([-0.10, 0.25, 0.05, -0.05, 0.10, -0.35])

TOUCHPOINTS = np.array(["onboarding", "billing", "support", "delivery",
                        "returns", "product", "renewal", "cancellation"])
TP_P = np.array([0.10, 0.14, 0.30, 0.14, 0.08, 0.14, 0.06, 0.04])
TP_EFF = np.array([0.30, -0.35, 0.00, -0.10, -0.25, 0.20, 0.10, -0.80])

SEGMENTS = np.array(["consumer", "smb", "mid_market", "enterprise"])
SEG_P = np.array([0.55, 0.25, 0.13, 0.07])
SEG_EFF = np.array([0.00, 0.05, -0.05, -0.15])

KINDS = np.array(["nps", "csat", "ces"])
KIND_P = np.array([0.40, 0.45, 0.15])

PRIORITIES = np.array(["low", "normal", "high", "urgent"])
PRI_P = np.array([0.25, 0.55, 0.15, 0.05])

N_AGENTS = 600
N_CUSTOMERS = 1_500_000
AGENT_W = 1.0 / (np.arange(N_AGENTS) + 10.0) ** 0.8
AGENT_W /= AGENT_W.sum()

# channel-dependent timing (log-normal medians in minutes)
FR_MED_MIN = {"email": 240.0, "chat": 2.0, "sms": 25.0, "phone": 0.5, "web": 300.0, "social": 90.0}
RES_MED_H = {"email": 26.0, "chat": 0.8, "sms": 6.0, "phone": 0.6, "web": 30.0, "social": 14.0}
PRI_RES_MULT = np.array([1.6, 1.0, 0.55, 0.25])


def hour_weights():
    # customer contact intensity by hour-of-week (0 = Monday 00h)
    h = np.arange(24)
    day = 0.15 + np.exp(-0.5 * ((h - 11.0) / 3.5) ** 2) + 0.6 * np.exp(-0.5 * ((h - 19.0) / 2.5) ** 2)
    week = np.concatenate([day * m for m in (1.10, 1.05, 1.0, 1.0, 0.95, 0.55, 0.45)])
    return week / week.sum()


HOW_W = hour_weights()


def sample_times(rng, n):
    """Timestamps in [T0, T1): linear growth trend + hour-of-week seasonality."""
    # growth: density proportional to (1 + g*u), g=0.8 over 2 yrs -> inverse CDF
    g = 0.8
    u = rng.random(n)
    x = (-1 + np.sqrt(1 + g * (2 + g) * u)) / g  # inverse of (x + g x^2/2)/(1+g/2)
    # choose a week by trend, then an hour-of-week by seasonality
    n_weeks = SPAN // (7 * 86400) + 1
    week = np.minimum((x * n_weeks).astype(np.int64), n_weeks - 1)
    how = rng.choice(168, size=n, p=HOW_W)
    # T0 (2024-01-01) is a Monday
    secs = week * 7 * 86400 + how * 3600 + rng.integers(0, 3600, n)
    secs = np.where(secs >= SPAN, secs - 7 * 86400, secs)  # partial last week
    return T0 + secs.astype("timedelta64[s]")


def agent_effects(seed):
    r = np.random.default_rng(np.random.SeedSequence([seed, 999]))
    return r.normal(0.0, 0.25, N_AGENTS)


def survey_chunk(rng, start_id, n, agent_eff):
    ch = rng.choice(len(CHANNELS), size=n, p=CH_P)
    tp = rng.choice(len(TOUCHPOINTS), size=n, p=TP_P)
    seg = rng.choice(len(SEGMENTS), size=n, p=SEG_P)
    kind = rng.choice(len(KINDS), size=n, p=KIND_P)
    # skewed agent workload (some agents handle far more conversations)
    agent = rng.choice(N_AGENTS, size=n, p=AGENT_W).astype(np.int32)
    cust = rng.integers(1, N_CUSTOMERS + 1, n).astype(np.int64)
    ts = sample_times(rng, n)
    # slow dip Apr-Sep 2025 (e.g. a bad release / billing migration)
    days = (ts - T0).astype("timedelta64[D]").astype(np.int64)
    dip = -0.35 * np.exp(-0.5 * ((days - 545) / 45.0) ** 2)
    latent = 0.55 + CH_EFF[ch] + TP_EFF[tp] + SEG_EFF[seg] + agent_eff[agent] + dip + rng.normal(0, 1.0, n)
    score = np.empty(n, dtype=np.int16)
    m = kind == 0  # NPS 0..10, skewed towards 7-10
    score[m] = np.clip(np.round(7.6 + 2.1 * latent[m]), 0, 10)
    m = kind == 1  # CSAT 1..5
    score[m] = np.clip(np.round(3.9 + 0.95 * latent[m]), 1, 5)
    m = kind == 2  # CES 1..7 (7 = very easy)
    score[m] = np.clip(np.round(5.2 + 1.3 * latent[m]), 1, 7)
    return pa.table({
        "response_id": pa.array(np.arange(start_id, start_id + n, dtype=np.int64)),
        "customer_id": pa.array(cust),
        "survey_kind": pa.array(KINDS[kind]),
        "score": pa.array(score),
        "channel": pa.array(CHANNELS[ch]),
        "touchpoint": pa.array(TOUCHPOINTS[tp]),
        "segment": pa.array(SEGMENTS[seg]),
        "agent_id": pa.array(agent),
        "created_at": pa.array(ts.astype("datetime64[s]"), type=pa.timestamp("s")),
    })


def ticket_chunk(rng, start_id, n):
    ch = rng.choice(len(CHANNELS), size=n, p=CH_P)
    pri = rng.choice(len(PRIORITIES), size=n, p=PRI_P)
    agent = rng.integers(0, N_AGENTS, n).astype(np.int32)
    cust = rng.integers(1, N_CUSTOMERS + 1, n).astype(np.int64)
    created = sample_times(rng, n)
    fr_med = np.array([FR_MED_MIN[c] for c in CHANNELS])[ch] * 60.0
    fr = np.exp(np.log(fr_med) + rng.normal(0, 1.0, n))
    # email/web created outside business hours wait for the next morning
    hour = ((created - T0).astype(np.int64) // 3600) % 24
    wd = ((created - T0).astype(np.int64) // 86400) % 7
    off = ((hour < 8) | (hour >= 18) | (wd >= 5)) & np.isin(ch, [0, 4])
    fr[off] += rng.uniform(2, 14, off.sum()) * 3600
    res_med = np.array([RES_MED_H[c] for c in CHANNELS])[ch] * 3600.0 * PRI_RES_MULT[pri]
    res = np.maximum(np.exp(np.log(res_med) + rng.normal(0, 1.25, n)), fr + 30)
    reopened = rng.random(n) < (0.05 + 0.06 * (ch == 0) + 0.04 * (pri >= 2))
    res[reopened] += rng.exponential(48 * 3600, reopened.sum())
    first = created + fr.astype("timedelta64[s]")
    resolved = created + res.astype("timedelta64[s]")
    # still open: 3% at random plus anything that would resolve after the window
    open_ = (rng.random(n) < 0.03) | (resolved >= T1)
    first = np.where(first >= T1, np.datetime64("NaT"), first)
    resolved = np.where(open_, np.datetime64("NaT"), resolved)
    return pa.table({
        "ticket_id": pa.array(np.arange(start_id, start_id + n, dtype=np.int64)),
        "customer_id": pa.array(cust),
        "channel": pa.array(CHANNELS[ch]),
        "priority": pa.array(PRIORITIES[pri]),
        "agent_id": pa.array(agent),
        "created_at": pa.array(created.astype("datetime64[s]"), type=pa.timestamp("s")),
        "first_response_at": pa.array(first.astype("datetime64[s]"), type=pa.timestamp("s"),
                                      mask=np.isnat(first)),
        "resolved_at": pa.array(resolved.astype("datetime64[s]"), type=pa.timestamp("s"),
                                mask=np.isnat(resolved)),
        "reopened": pa.array(reopened),
    })


def write(name, chunks, out, formats):
    paths = {}
    pw = cw = None
    if "parquet" in formats:
        paths["parquet"] = os.path.join(out, f"{name}.parquet")
    if "csv" in formats:
        paths["csv"] = os.path.join(out, f"{name}.csv")
    rows = 0
    for t in chunks:
        if "parquet" in paths:
            if pw is None:
                pw = pq.ParquetWriter(paths["parquet"], t.schema, compression="zstd")
            pw.write_table(t, row_group_size=CHUNK)
        if "csv" in paths:
            if cw is None:
                cw = pacsv.CSVWriter(paths["csv"], t.schema,
                                     write_options=pacsv.WriteOptions(quoting_style="needed"))
            cw.write_table(t)
        rows += t.num_rows
    for w in (pw, cw):
        if w is not None:
            w.close()
    return rows, paths


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 22), b""):
            h.update(b)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/cxdata")
    ap.add_argument("--seed", type=int, default=20240101)
    ap.add_argument("--surveys", type=int, default=10_000_000)
    ap.add_argument("--tickets", type=int, default=2_000_000)
    ap.add_argument("--formats", default="parquet,csv")
    ap.add_argument("--checksums", action="store_true", help="print sha256 of CSV outputs")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    formats = set(a.formats.split(","))
    agent_eff = agent_effects(a.seed)

    def gen(total, kind, fn):
        ss = np.random.SeedSequence([a.seed, kind])
        nchunks = (total + CHUNK - 1) // CHUNK
        for i, child in enumerate(ss.spawn(nchunks)):
            n = min(CHUNK, total - i * CHUNK)
            yield fn(np.random.default_rng(child), i * CHUNK + 1, n)

    t = time.time()
    r, p = write("surveys", gen(a.surveys, 1, lambda rng, s, n: survey_chunk(rng, s, n, agent_eff)), a.out, formats)
    print(f"surveys: {r} rows -> {p} in {time.time() - t:.1f}s")
    t = time.time()
    r, p2 = write("tickets", gen(a.tickets, 2, ticket_chunk), a.out, formats)
    print(f"tickets: {r} rows -> {p2} in {time.time() - t:.1f}s")
    if a.checksums:
        for d in (p, p2):
            if "csv" in d:
                print("sha256", d["csv"], sha256(d["csv"]))


if __name__ == "__main__":
    main()
