"""Actor recognition on the GermEval 2014 development news sentences (PER and ORG outer spans, overlap match).

Data: GermEval 2014 NER (NoSta-D), Benikova, Biemann, Reznicek, LREC 2014, CC BY 4.0. News sentences are those
whose source is not Wikipedia; ``*deriv``/``*part`` tags are not actors; predicted countries are not scored
(GermEval tags them LOC).
"""

from pathlib import Path

import pytest

from builder.annotate import annotate
from builder.ingest import article_from_text

GERMEVAL = Path("/work/shared/corpora/germeval2014-ner-dev.tsv")
SCORED = {"person", "organisation", "government", "media", "group", "other"}


def _sentences():
    url, toks = "", []
    for line in GERMEVAL.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            url, toks = line.split("\t")[1], []
        elif not line.strip():
            if toks and "wikipedia.org" not in url:
                yield toks
            toks = []
        else:
            _, tok, outer, *_ = line.split("\t")
            toks.append((tok, outer))


def _gold(toks):
    text, spans, cur = "", [], None
    for tok, tag in toks:
        start = len(text) + (1 if text else 0)
        text = f"{text} {tok}" if text else tok
        if tag in ("B-PER", "B-ORG"):
            cur = [start, len(text)]
            spans.append(cur)
        elif tag in ("I-PER", "I-ORG") and cur is not None:
            cur[1] = len(text)
        else:
            cur = None
    return text, spans


@pytest.mark.slow
@pytest.mark.skipif(not GERMEVAL.is_file(), reason="GermEval dev data not present at /work/shared/corpora")
def test_annotate_germeval_news_recall_and_precision():
    matched_gold = n_gold = matched_pred = n_pred = 0
    for toks in _sentences():
        text, gold = _gold(toks)
        doc = annotate(article_from_text(text, "germeval.txt"))
        pred = [(m.start, m.end) for m in doc.mentions if m.type in SCORED]
        n_gold += len(gold)
        n_pred += len(pred)
        matched_gold += sum(any(s < pe and ps < e for ps, pe in pred) for s, e in gold)
        matched_pred += sum(any(s < ge and gs < e for gs, ge in gold) for s, e in pred)
    recall, precision = matched_gold / n_gold, matched_pred / n_pred
    assert recall >= 0.70 and precision >= 0.70, f"recall {recall:.3f}, precision {precision:.3f}"
