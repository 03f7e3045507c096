"""Prints bench/ab.sh's table from its JSON lines: for each workload the old and new figures as
ranges over rounds, and new/old per round (round k of new against round k of old) as a range."""
import json
import statistics
import sys
from collections import defaultdict

rows = [json.loads(line) for line in open(sys.argv[1])]
runs = defaultdict(list)
for row in rows:
    runs[(row["workload"], row["build"])].append(row["result"])


def figures(workload, result):
    """(name, value, higher_is_better) for one run."""
    if workload == "ceiling":
        return [("req/s", result["requests"] / result["seconds"], True)]
    if workload == "ingest":
        return [("creates/s", result["ok"] / result["seconds"], True), ("p99 ms", result["p99_ms"], False)]
    if workload.startswith("read"):
        return [("req/s", result["requests"] / result["seconds"], True), ("p50 ms", result["p50_ms"], False),
                ("p99 ms", result["p99_ms"], False)]
    return [("median ms", 1000 * statistics.median(result["seconds"]), False)]


def span(values, fmt):
    low, high = fmt.format(min(values)), fmt.format(max(values))
    return low if low == high else f"{low}–{high}"


print(f"{'workload':22} {'figure':10} {'old':>15} {'new':>15} {'new/old':>11}  better is")
for workload in dict.fromkeys(row["workload"] for row in rows):
    old, new = runs[(workload, "old")], runs[(workload, "new")]
    if not old or not new:
        continue
    for index, (name, _, higher) in enumerate(figures(workload, old[0])):
        old_values = [figures(workload, r)[index][1] for r in old]
        new_values = [figures(workload, r)[index][1] for r in new]
        ratios = [n / o for n, o in zip(new_values, old_values) if o > 0]
        print(f"{workload:22} {name:10} {span(old_values, '{:.1f}'):>15} {span(new_values, '{:.1f}'):>15} "
              f"{span(ratios, '{:.2f}') if ratios else '-':>11}  {'higher' if higher else 'lower'}")
