# Sourced by bench/fetch_churn_data.sh and bench/text_eval.sh: public data sets from Debian's
# r-cran-modeldata (MIT), whose R data files bench/rdata_object.py decodes without R.

MODELDATA_VERSION=1.1.0-1
MODELDATA_SHA256=66c2e08bb4bf695d972b1e72ea44d5af9ada3c42841793d3871017f7b896bf95

# modeldata_dir WORK: downloads and unpacks the package into WORK; prints its data folder.
modeldata_dir() {
  local work=$1 deb got
  (
    cd "$work"
    if ! apt-get download "r-cran-modeldata=$MODELDATA_VERSION" >/dev/null 2>&1; then
      apt-get update >/dev/null 2>&1 || true
      apt-get download "r-cran-modeldata=$MODELDATA_VERSION" >/dev/null 2>&1 \
        || apt-get download r-cran-modeldata >/dev/null
    fi
  )
  deb=$(ls "$work"/r-cran-modeldata_*.deb)
  got=$(sha256sum "$deb" | cut -d' ' -f1)
  if [[ "$got" != "$MODELDATA_SHA256" ]]; then
    echo "warning: $(basename "$deb") sha256 $got differs from the reviewed $MODELDATA_VERSION build" >&2
  fi
  dpkg-deb -x "$deb" "$work/x"
  echo "$work/x/usr/lib/R/site-library/modeldata/data"
}
