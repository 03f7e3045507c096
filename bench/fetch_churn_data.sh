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

deb_ver=1.1.0-1
deb_sha=66c2e08bb4bf695d972b1e72ea44d5af9ada3c42841793d3871017f7b896bf95
venv=${CHURN_VENV:-/tmp/churn-venv}
work=$(mktemp -d /tmp/churn-fetch.XXXXXX)
trap 'rm -rf "$work"' EXIT

# 1. The .deb from Debian (bookworm: r-cran-modeldata 1.1.0-1).
(
  cd "$work"
  if ! apt-get download "r-cran-modeldata=$deb_ver" >/dev/null 2>&1; then
    apt-get update >/dev/null 2>&1 || true
    apt-get download "r-cran-modeldata=$deb_ver" >/dev/null 2>&1 \
      || apt-get download r-cran-modeldata >/dev/null
  fi
)
deb=$(ls "$work"/r-cran-modeldata_*.deb)
got=$(sha256sum "$deb" | cut -d' ' -f1)
if [[ "$got" != "$deb_sha" ]]; then
  echo "warning: $(basename "$deb") sha256 $got differs from the reviewed $deb_ver build" >&2
fi
dpkg-deb -x "$deb" "$work/x"
data="$work/x/usr/lib/R/site-library/modeldata/data"

# 2. A venv with the pure-Python R deserialiser.
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c 'import rdata' 2>/dev/null \
  || "$venv/bin/pip" install -q 'rdata==1.1.0'

# 3. Decode Rdata.rdx/.rdb (R lazy-load DB) and write the CSV.
mkdir -p "$(dirname "$out")"
"$venv/bin/python" - "$data" "$obj" "$out" <<'PY'
import gzip, lzma, struct, sys, warnings, zlib
import rdata

warnings.filterwarnings("ignore")
data, obj, out = sys.argv[1:4]

def load(raw):
    return rdata.conversion.convert(rdata.parser.parse_data(raw))

# Index: gzip'd RDS of list(variables=, references=, compressed=).
index = load(gzip.decompress(open(f"{data}/Rdata.rdx", "rb").read()))
off, length = (int(v) for v in index["variables"][obj])
with open(f"{data}/Rdata.rdb", "rb") as f:
    f.seek(off)
    blob = f.read(length)
# Each record: 4-byte big-endian uncompressed length, then a type byte
# ('Z' = raw LZMA2, '2' = bzip2, '0' = none) or a bare zlib stream.
n = struct.unpack(">I", blob[:4])[0]
kind = blob[4:5]
if kind == b"Z":
    raw = lzma.decompress(blob[5:], format=lzma.FORMAT_RAW,
                          filters=[{"id": lzma.FILTER_LZMA2, "preset": 9}])
elif kind == b"2":
    import bz2
    raw = bz2.decompress(blob[5:])
elif kind == b"0":
    raw = blob[5:]
else:
    raw = zlib.decompress(blob[4:])
assert len(raw) == n, (len(raw), n)
df = load(raw)

churn = df["churn"].astype(str).str.lower()
assert set(churn) == {"yes", "no"}, set(churn)
df = df.drop(columns=["churn"])
# 0/1 flags stored as doubles in wa_churn -> integers.
for c in df.columns:
    s = df[c]
    if s.dtype.kind == "f" and s.notna().all() and s.isin([0.0, 1.0]).all():
        df[c] = s.astype("int64")
    elif str(s.dtype) == "category":
        df[c] = s.astype(str)
df.insert(0, "customer_id", range(1, len(df) + 1))
df["churned"] = (churn == "yes").astype("int64").to_numpy()
df.to_csv(out, index=False, na_rep="", lineterminator="\n")
print(f"{out}: {len(df)} rows, {df.shape[1]} columns, "
      f"churn rate {df['churned'].mean():.4f}", file=sys.stderr)
PY
