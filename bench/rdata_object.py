#!/usr/bin/env python3
"""Write one object of an R package's lazy-load database (data/Rdata.rdx + Rdata.rdb) as CSV,
without R: the index and the records are decoded with the pure-Python PyPI package `rdata`.

Usage: rdata_object.py DATA_DIR OBJECT OUT.csv
"""
import bz2, gzip, lzma, struct, sys, warnings, zlib
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
    raw = bz2.decompress(blob[5:])
elif kind == b"0":
    raw = blob[5:]
else:
    raw = zlib.decompress(blob[4:])
assert len(raw) == n, (len(raw), n)
df = load(raw)
for column in df.columns:
    if str(df[column].dtype) == "category":
        df[column] = df[column].astype(str)
df.to_csv(out, index=False, lineterminator="\n")
print(f"{out}: {len(df)} rows, columns {list(df.columns)}", file=sys.stderr)
