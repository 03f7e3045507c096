#!/usr/bin/env python3
"""CX analytics baseline: the three reference queries on DuckDB, SQLite, Polars, pandas.

Data: output of gen_cx_data.py (default /tmp/cxdata/{surveys,tickets}.{parquet,csv}).

  Q1  NPS by channel by month          (survey_kind='nps'; promoters 9-10, detractors 0-6)
  Q2  CSAT share of 4-5 by touchpoint  (survey_kind='csat')
  Q3  median and p90 time-to-resolution (hours) by channel by ISO week (Monday start),
      resolved tickets only; nearest-rank percentiles (sorted element ceil(n*q), 1-based),
      which is DuckDB's quantile_disc, so all engines return identical numbers

Each engine runs in its own process (so peak RSS is per engine); every query runs
RUNS times (default 3) and the median wall time is reported. Load/import time is
reported separately where the engine needs a load step.

  pip install duckdb polars pandas pyarrow
  python3 bench/bench_analytics.py --data /tmp/cxdata --work /tmp/cxbench            # all engines
  python3 bench/bench_analytics.py --engine sqlite --data /tmp/cxdata --work /tmp/cxbench

Engines:
  duckdb_parquet  DuckDB querying the Parquet files in place (no load)
  duckdb_native   DuckDB on its own database file (load from Parquet timed)
  sqlite          SQLite 3 (CLI .import of the CSVs timed; TEXT timestamps; window-function
                  percentiles because the stock 3.40 build has no median/percentile)
  polars          Polars lazy scan of the Parquet files
  pandas          pandas (Parquet read timed separately), groupby
"""
import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time

ENGINES = ["duckdb_parquet", "duckdb_native", "sqlite", "polars", "pandas"]

DUCK_Q = {
    "q1_nps_channel_month": """
        SELECT channel, strftime(date_trunc('month', created_at), '%Y-%m') AS month,
               100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*) AS nps,
               count(*) AS n
        FROM {s} WHERE survey_kind = 'nps'
        GROUP BY ALL ORDER BY 1, 2""",
    "q2_csat_top2_touchpoint": """
        SELECT touchpoint, 100.0 * avg(CASE WHEN score >= 4 THEN 1 ELSE 0 END) AS csat_pct, count(*) AS n
        FROM {s} WHERE survey_kind = 'csat'
        GROUP BY ALL ORDER BY 1""",
    "q3_ttr_channel_week": """
        SELECT channel, strftime(date_trunc('week', created_at), '%Y-%m-%d') AS week,
               quantile_disc(epoch(resolved_at - created_at) / 3600.0, 0.5) AS median_h,
               quantile_disc(epoch(resolved_at - created_at) / 3600.0, 0.9) AS p90_h,
               count(*) AS n
        FROM {t} WHERE resolved_at IS NOT NULL
        GROUP BY ALL ORDER BY 1, 2""",
}

SQLITE_Q = {
    "q1_nps_channel_month": """
        SELECT channel, strftime('%Y-%m', created_at) AS month,
               100.0 * (SUM(score >= 9) - SUM(score <= 6)) / COUNT(*) AS nps, COUNT(*) AS n
        FROM surveys WHERE survey_kind = 'nps'
        GROUP BY channel, month ORDER BY 1, 2""",
    "q2_csat_top2_touchpoint": """
        SELECT touchpoint, 100.0 * AVG(score >= 4) AS csat_pct, COUNT(*) AS n
        FROM surveys WHERE survey_kind = 'csat'
        GROUP BY touchpoint ORDER BY 1""",
    # nearest-rank percentiles (element ceil(n*q) of the sorted group, = DuckDB quantile_disc)
    # via window functions, which is what a SQLite 3.40 user has to write
    "q3_ttr_channel_week": """
        WITH t AS (
          SELECT channel, date(created_at, '-6 days', 'weekday 1') AS week,
                 (unixepoch(resolved_at) - unixepoch(created_at)) / 3600.0 AS h
          FROM tickets WHERE resolved_at <> ''),
        r AS (
          SELECT channel, week, h,
                 ROW_NUMBER() OVER (PARTITION BY channel, week ORDER BY h) AS rn,
                 COUNT(*) OVER (PARTITION BY channel, week) AS cnt
          FROM t)
        SELECT channel, week,
               MIN(CASE WHEN rn * 2 >= cnt THEN h END) AS median_h,
               MIN(CASE WHEN rn * 10 >= cnt * 9 THEN h END) AS p90_h,
               MAX(cnt) AS n
        FROM r GROUP BY channel, week ORDER BY 1, 2""",
}


def digest(rows):
    """Order-independent-of-float-noise digest: round floats to 2 decimals."""
    norm = [tuple(round(v, 2) if isinstance(v, float) else v for v in r) for r in rows]
    return hashlib.sha1(json.dumps(norm, default=str).encode()).hexdigest()[:12], len(norm)


def timed(fn, runs):
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return times, out


def run_duck(data, work, runs, native):
    import duckdb
    res = {}
    if native:
        path = os.path.join(work, "cx.duckdb")
        for p in (path, path + ".wal"):
            if os.path.exists(p):
                os.remove(p)
        con = duckdb.connect(path)
        t = time.perf_counter()
        con.execute(f"CREATE TABLE surveys AS FROM read_parquet('{data}/surveys.parquet')")
        con.execute(f"CREATE TABLE tickets AS FROM read_parquet('{data}/tickets.parquet')")
        con.execute("CHECKPOINT")
        res["load_s"] = round(time.perf_counter() - t, 2)
        res["db_bytes"] = os.path.getsize(path)
        s, tk = "surveys", "tickets"
    else:
        con = duckdb.connect()
        s, tk = f"read_parquet('{data}/surveys.parquet')", f"read_parquet('{data}/tickets.parquet')"
    res["threads"] = con.execute("SELECT current_setting('threads')").fetchone()[0]
    res["version"] = duckdb.__version__
    for name, q in DUCK_Q.items():
        sql = q.format(s=s, t=tk)
        times, rows = timed(lambda: con.execute(sql).fetchall(), runs)
        res[name] = {"times_s": [round(x, 3) for x in times], "median_s": round(statistics.median(times), 3),
                     "digest": digest(rows), "sample": rows[:2]}
    return res


def run_sqlite(data, work, runs):
    import sqlite3
    res = {"version": sqlite3.sqlite_version}
    db = os.path.join(work, "cx.sqlite")
    if os.path.exists(db):
        os.remove(db)
    schema = """
    CREATE TABLE surveys(response_id INTEGER, customer_id INTEGER, survey_kind TEXT, score INTEGER,
      channel TEXT, touchpoint TEXT, segment TEXT, agent_id INTEGER, created_at TEXT);
    CREATE TABLE tickets(ticket_id INTEGER, customer_id INTEGER, channel TEXT, priority TEXT,
      agent_id INTEGER, created_at TEXT, first_response_at TEXT, resolved_at TEXT, reopened TEXT);
    """
    t = time.perf_counter()
    subprocess.run(["sqlite3", db], input=schema + f"""
.mode csv
.import --skip 1 {data}/surveys.csv surveys
.import --skip 1 {data}/tickets.csv tickets
""", text=True, check=True)
    res["import_s"] = round(time.perf_counter() - t, 2)
    res["db_bytes"] = os.path.getsize(db)
    con = sqlite3.connect(db)
    for name, q in SQLITE_Q.items():
        times, rows = timed(lambda: con.execute(q).fetchall(), runs)
        res[name] = {"times_s": [round(x, 3) for x in times], "median_s": round(statistics.median(times), 3),
                     "digest": digest(rows), "sample": rows[:2]}
    return res


def run_polars(data, work, runs):
    import polars as pl
    res = {"version": pl.__version__}
    s = pl.scan_parquet(f"{data}/surveys.parquet")
    tk = pl.scan_parquet(f"{data}/tickets.parquet")

    def q1():
        return (s.filter(pl.col("survey_kind") == "nps")
                .group_by("channel", pl.col("created_at").dt.strftime("%Y-%m").alias("month"))
                .agg((100.0 * ((pl.col("score") >= 9).sum().cast(pl.Int64) - (pl.col("score") <= 6).sum().cast(pl.Int64))
                      / pl.len()).alias("nps"),  # cast: bool sums are UInt32 and underflow
                     pl.len().alias("n"))
                .sort("channel", "month").collect().rows())

    def q2():
        return (s.filter(pl.col("survey_kind") == "csat").group_by("touchpoint")
                .agg((100.0 * (pl.col("score") >= 4).mean()).alias("csat_pct"), pl.len().alias("n"))
                .sort("touchpoint").collect().rows())

    def q3():
        h = (pl.col("resolved_at") - pl.col("created_at")).dt.total_seconds() / 3600.0
        return (tk.filter(pl.col("resolved_at").is_not_null())
                .group_by("channel", pl.col("created_at").dt.truncate("1w").dt.strftime("%Y-%m-%d").alias("week"))
                .agg(h.sort().get((pl.len() + 1) // 2 - 1).alias("median_h"),      # nearest rank
                     h.sort().get((pl.len() * 9 + 9) // 10 - 1).alias("p90_h"),
                     pl.len().alias("n"))
                .sort("channel", "week").collect().rows())

    for name, fn in (("q1_nps_channel_month", q1), ("q2_csat_top2_touchpoint", q2), ("q3_ttr_channel_week", q3)):
        times, rows = timed(fn, runs)
        res[name] = {"times_s": [round(x, 3) for x in times], "median_s": round(statistics.median(times), 3),
                     "digest": digest(rows), "sample": rows[:2]}
    return res


def run_pandas(data, work, runs):
    import pandas as pd
    res = {"version": pd.__version__}
    t = time.perf_counter()
    s = pd.read_parquet(f"{data}/surveys.parquet")
    tk = pd.read_parquet(f"{data}/tickets.parquet")
    res["load_s"] = round(time.perf_counter() - t, 2)

    def q1():
        d = s[s.survey_kind == "nps"]
        g = d.assign(month=d.created_at.dt.strftime("%Y-%m"), p=d.score >= 9, dt=d.score <= 6) \
             .groupby(["channel", "month"]).agg(p=("p", "sum"), dt=("dt", "sum"), n=("score", "size"))
        g["nps"] = 100.0 * (g.p - g.dt) / g.n
        return [(c, m, float(r.nps), int(r.n)) for (c, m), r in g.sort_index().iterrows()]

    def q2():
        d = s[s.survey_kind == "csat"]
        g = d.assign(top=(d.score >= 4).astype(float)).groupby("touchpoint").agg(c=("top", "mean"), n=("top", "size"))
        return [(tp, float(100.0 * r.c), int(r.n)) for tp, r in g.sort_index().iterrows()]

    def q3():
        d = tk.loc[tk.resolved_at.notna(), ["channel", "created_at", "resolved_at"]]
        d = d.assign(h=(d.resolved_at - d.created_at).dt.total_seconds() / 3600.0,
                     week=d.created_at.dt.to_period("W-SUN").dt.start_time.dt.strftime("%Y-%m-%d"))
        d = d.sort_values(["channel", "week", "h"])
        g = d.groupby(["channel", "week"], sort=False)
        rk = g.cumcount().to_numpy() + 1
        cnt = g["h"].transform("size").to_numpy()
        med = d[rk == (cnt + 1) // 2].set_index(["channel", "week"]).h       # nearest rank
        p90 = d[rk == (cnt * 9 + 9) // 10].set_index(["channel", "week"]).h
        out = pd.DataFrame({"median_h": med, "p90_h": p90, "n": g.size()})
        return [(c, w, float(r.median_h), float(r.p90_h), int(r.n)) for (c, w), r in out.sort_index().iterrows()]

    for name, fn in (("q1_nps_channel_month", q1), ("q2_csat_top2_touchpoint", q2), ("q3_ttr_channel_week", q3)):
        times, rows = timed(fn, runs)
        res[name] = {"times_s": [round(x, 3) for x in times], "median_s": round(statistics.median(times), 3),
                     "digest": digest(rows), "sample": rows[:2]}
    return res


def one(engine, data, work, runs):
    os.makedirs(work, exist_ok=True)
    t = time.perf_counter()
    if engine == "duckdb_parquet":
        r = run_duck(data, work, runs, native=False)
    elif engine == "duckdb_native":
        r = run_duck(data, work, runs, native=True)
    elif engine == "sqlite":
        r = run_sqlite(data, work, runs)
    elif engine == "polars":
        r = run_polars(data, work, runs)
    elif engine == "pandas":
        r = run_pandas(data, work, runs)
    else:
        raise SystemExit(f"unknown engine {engine}")
    r["engine"] = engine
    r["total_s"] = round(time.perf_counter() - t, 1)
    r["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/tmp/cxdata")
    ap.add_argument("--work", default="/tmp/cxbench")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--engine", default="all")
    ap.add_argument("--clean", action="store_true",
                    help="run each engine under clean_run.py (idle machine, repeat if disturbed)")
    a = ap.parse_args()
    if a.engine == "all":
        for e in ENGINES:
            cmd = [sys.executable, __file__, "--engine", e, "--data", a.data, "--work", a.work, "--runs", str(a.runs)]
            if a.clean:
                cmd = [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clean_run.py"),
                       "--allow", "python3,sqlite3", "--"] + cmd
            p = subprocess.run(cmd, capture_output=True, text=True)
            sys.stdout.write(p.stdout)
            if p.returncode:
                sys.stdout.write(json.dumps({"engine": e, "error": p.stderr[-2000:]}) + "\n")
            sys.stdout.flush()
    else:
        print(json.dumps(one(a.engine, a.data, a.work, a.runs), default=str))


if __name__ == "__main__":
    main()
