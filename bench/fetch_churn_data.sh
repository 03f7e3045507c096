#!/usr/bin/env bash
# Fetch a public telecom customer-churn data set from a package registry
# (Debian's r-cran-modeldata, MIT) and write it as a clean CSV.
#
# Usage: bench/fetch_churn_data.sh OUT.csv [telco|mlc]
#   telco (default): modeldata::wa_churn  = IBM "Telco Customer Churn"
#                    (WA_Fn-UseC_-Telco-Customer-Churn.csv), 7,043 rows, 26.5% churn
#   mlc:             modeldata::mlc_churn = MLC++ / C50 "churn" (churnTrain+churnTest),
#                    5,000 rows, 14.1% churn
#
# Output: header row, one row per customer, `customer_id` (1-based row number;
# the package copy has no original IDs) first, `churned` (0/1) last; the
# original yes/no `churn` column is dropped. Missing values (11 total_charges in
# telco, customers with tenure 0) are empty fields.
#
# Needs: apt-get (Debian registry; run as root, or with apt lists present),
# python3 with venv + pip (PyPI). No R needed: the R lazy-load database is
# decoded with the pure-Python `rdata` package.
set -euo pipefail

out=${1:?usage: $0 OUT.csv [telco|mlc]}
which=${2:-telco}
case "$which" in
  telco) obj=wa_churn ;;
  mlc)   obj=mlc_churn ;;
  *) echo "unknown data set '$which' (telco|mlc)" >&2; exit 2 ;;
esac

venv=${CHURN_VENV:-/tmp/churn-venv}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/modeldata.sh
source "$here/lib/modeldata.sh"
work=$(mktemp -d /tmp/churn-fetch.XXXXXX)
trap 'rm -rf "$work"' EXIT

data=$(modeldata_dir "$work")
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c 'import rdata' 2>/dev/null \
  || "$venv/bin/pip" install -q 'rdata==1.1.0'
"$venv/bin/python" "$here/rdata_object.py" "$data" "$obj" "$work/raw.csv"

# The churn label as `churned` 0/1, last; a `customer_id` (the row number) first.
mkdir -p "$(dirname "$out")"
"$venv/bin/python" - "$work/raw.csv" "$out" <<'PY'
import sys
import pandas as pd

df = pd.read_csv(sys.argv[1])
churn = df["churn"].astype(str).str.lower()
assert set(churn) == {"yes", "no"}, set(churn)
df = df.drop(columns=["churn"])
# 0/1 flags stored as doubles in wa_churn -> integers.
for c in df.columns:
    s = df[c]
    if s.dtype.kind == "f" and s.notna().all() and s.isin([0.0, 1.0]).all():
        df[c] = s.astype("int64")
df.insert(0, "customer_id", range(1, len(df) + 1))
df["churned"] = (churn == "yes").astype("int64").to_numpy()
df.to_csv(sys.argv[2], index=False, na_rep="", lineterminator="\n")
print(f"{sys.argv[2]}: {len(df)} rows, {df.shape[1]} columns, "
      f"churn rate {df['churned'].mean():.4f}", file=sys.stderr)
PY
