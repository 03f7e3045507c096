"""Prints the ingestion benchmark's table from its JSON lines: creates/s, p50/p99, ratio to the
HTTP ceiling measured in the same round, as ranges over rounds."""
import json
import sys
from collections import defaultdict

rows = [json.loads(line) for line in open(sys.argv[1])]
by = defaultdict(list)
for row in rows:
    if "result" in row:
        by[(row["backend"], row["name"], row["connections"])].append(row["result"])


def span(values, fmt="{:.0f}"):
    low, high = min(values), max(values)
    return fmt.format(low) if fmt.format(low) == fmt.format(high) else f"{fmt.format(low)}–{fmt.format(high)}"


print(f"{'backend':9} {'run':9} {'conns':>5} {'creates/s':>13} {'503/s':>9} {'p50 ms':>11} {'p99 ms':>11} {'÷ ceiling':>11}")
for backend in dict.fromkeys(r["backend"] for r in rows):
    ceilings = [r["requests"] / r["seconds"] for r in by[(backend, "ceiling", 64)]]
    print(f"{backend:9} {'healthz':9} {64:>5} {span(ceilings):>13} {'':>9} "
          f"{span([r['p50_ms'] for r in by[(backend, 'ceiling', 64)]], '{:.2f}'):>11} "
          f"{span([r['p99_ms'] for r in by[(backend, 'ceiling', 64)]], '{:.2f}'):>11}")
    for (b, name, connections), results in by.items():
        if b != backend or name == "ceiling":
            continue
        creates = [r["ok"] / r["seconds"] for r in results]
        refused = [r["overload"] / r["seconds"] for r in results]
        ratio = [c / ceilings[min(i, len(ceilings) - 1)] for i, c in enumerate(creates)] if ceilings else []
        print(f"{backend:9} {name:9} {connections:>5} {span(creates):>13} {span(refused):>9} "
              f"{span([r['p50_ms'] for r in results], '{:.2f}'):>11} {span([r['p99_ms'] for r in results], '{:.2f}'):>11} "
              f"{span(ratio, '{:.2f}') if ratio else '':>11}")
for row in rows:
    if row.get("name") in ("durability", "peak_rss_kib"):
        print(json.dumps(row))
