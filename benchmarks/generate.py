"""Synthetic benchmark corpus: N realistic German news articles, seeded and reproducible.

``python -m benchmarks.generate --articles N --out DIR --seed S [--format txt|jsonl]``

Every article is recombined from real German sentences, with a headline line, a varied length (0.5-10 KB of
UTF-8), page furniture (breadcrumbs, bylines, share bars, image credits, "Lesen Sie auch" teasers, comment
forms, copyright lines) and made-up personal data (e-mail addresses at example domains, phone numbers and
IBANs with a valid ISO 13616 checksum from python-stdnum), so cleaning, redaction and the labeling rules all
have work to do and no two articles are the same.

The same seed gives the same bytes: article ``i`` draws from its own ``random.Random(f"{seed}:{i}")``, so the
corpus is written one article at a time (nothing is held in memory but the sentence pool) and any article can
be regenerated alone. ``.txt`` files go into sub-folders of 1,000 (``DIR/000/000000.txt``); ``--format jsonl``
writes one ``DIR/corpus.jsonl`` of ``{"id", "text"}`` lines instead.

Sources of the sentences:

- the five seed articles in ``seeds/`` (paragraph lines of six words or more, split into sentences);
- the development split of the GermEval 2014 NER shared task, ``/work/shared/corpora/germeval2014-ner-dev.tsv``
  (NoSta-D corpus: sentences from German Wikipedia and online news; tokens joined with spaces, spacing before
  punctuation fixed, straight quotes turned into „…“). Benikova, Biemann, Reznicek: "NoSta-D Named Entity
  Annotation for German: Guidelines and Dataset", LREC 2014. License: CC BY 4.0.

The page furniture and made-up people come from ``benchmarks/corpus_parts.yaml``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from stdnum import iban as stdnum_iban

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GERMEVAL = Path("/work/shared/corpora/germeval2014-ner-dev.tsv")
PARTS = Path(__file__).resolve().parent / "corpus_parts.yaml"

#: Bumped whenever the same seed would give different bytes.
GENERATOR_VERSION = 1
MIN_BYTES = 500
MAX_BYTES = 10_000

_SEED_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?]“))\s+(?=[A-ZÄÖÜ„])")
_SPACE_BEFORE = re.compile(r" ([,.;:!?)\]%…])")
_SPACE_AFTER = re.compile(r"([(\[]) ")


@dataclass
class Pool:
    """Everything articles are made of: sentences, the furniture of ``corpus_parts.yaml``."""

    sentences: list[str]
    parts: dict


def join_tokens(tokens: list[str]) -> str:
    """GermEval tokens as running text: spaces, no space before punctuation, „…“ for straight quotes.

    >>> join_tokens(['Er', 'sagte', '"', 'nein', '"', '(', 'kurz', ')', '.'])
    'Er sagte „nein“ (kurz).'
    """
    out: list[str] = []
    open_quote = True
    for tok in tokens:
        if tok == '"':
            out.append("„" if open_quote else "“")
            open_quote = not open_quote
        else:
            out.append(tok)
    text = " ".join(out)
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER.sub(r"\1", text)
    text = re.sub(r"„ ", "„", text)
    text = re.sub(r" “", "“", text)
    return text


def germeval_sentences(path: Path = GERMEVAL) -> Iterator[str]:
    """The sentences of a GermEval 2014 TSV file as running text."""
    tokens: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("#"):
                tokens = []
            elif not line.strip():
                if tokens:
                    yield join_tokens(tokens)
                tokens = []
            else:
                cols = line.split("\t")
                if len(cols) >= 2:
                    tokens.append(cols[1])
    if tokens:
        yield join_tokens(tokens)


def seed_sentences(folder: Path = SEEDS) -> Iterator[str]:
    """Sentences of the seed articles' paragraphs (lines of six words or more; headings are left out)."""
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line.split()) < 6:
                continue
            for sent in _SEED_SENTENCE.split(line):
                if len(sent.split()) >= 4:
                    yield sent


def load_pool(germeval: Path = GERMEVAL, seeds: Path = SEEDS) -> Pool:
    """The sentence pool (seed and GermEval sentences, de-duplicated, in a fixed order) and the furniture."""
    if not germeval.is_file():
        raise SystemExit(f"{germeval}: GermEval 2014 dev file not found (needed for the sentence pool)")
    seen: dict[str, None] = {}
    for sent in (*seed_sentences(seeds), *germeval_sentences(germeval)):
        if len(sent.split()) >= 4 and sent.count("„") == sent.count("“"):  # no half quotes
            seen.setdefault(sent, None)
    parts = yaml.safe_load(PARTS.read_text(encoding="utf-8"))
    return Pool(list(seen), parts)


def make_iban(rng: random.Random) -> str:
    """A German IBAN with a valid ISO 13616 check (bank code and account are random), in groups of four."""
    bban = "".join(rng.choice("0123456789") for _ in range(18))
    check = stdnum_iban.calc_check_digits("DE00" + bban)
    return stdnum_iban.format("DE" + check + bban)


def _person(rng: random.Random, parts: dict) -> str:
    return f"{rng.choice(parts['first_names'])} {rng.choice(parts['surnames'])}"


def _email(rng: random.Random, parts: dict) -> str:
    first, last = rng.choice(parts["first_names"]), rng.choice(parts["surnames"])
    local = rng.choice([f"{first}.{last}", f"{first[0]}.{last}", f"{last}{rng.randint(1, 99)}", "redaktion",
                        "leserbriefe", "hinweise"])
    trans = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
    return f"{local.translate(trans).lower()}@{rng.choice(parts['domains'])}"


def _phone(rng: random.Random) -> str:
    return rng.choice(["030 ", "+49 89 ", "0221/", "+49 (0)40 "]) + "".join(
        rng.choice("0123456789") for _ in range(rng.randint(6, 8)))


def _fill(template: str, rng: random.Random, parts: dict) -> str:
    return template.format(
        name=_person(rng, parts), outlet=rng.choice(parts["outlets"]), n=rng.randint(2, 48),
        year=rng.randint(2019, 2025), day=f"{rng.randint(1, 28):02d}", month=f"{rng.randint(1, 12):02d}",
        hour=f"{rng.randint(6, 22):02d}", minute=f"{rng.randint(0, 59):02d}", email=_email(rng, parts),
        iban=make_iban(rng), phone=_phone(rng))


def _speaker(rng: random.Random, parts: dict) -> str:
    if rng.random() < 0.5:
        return rng.choice(parts["public_speakers"])
    name = _person(rng, parts)
    return f"{rng.choice(parts['roles'])} {name}" if rng.random() < 0.6 else name


def _quote(sent: str, rng: random.Random, parts: dict) -> str:
    """Turn a sentence into a direct quote with a speaker and a verb of saying."""
    body = sent.rstrip(".!?").replace("„", "‚").replace("“", "‘")
    speaker, verb = _speaker(rng, parts), rng.choice(parts["say_verbs"])
    if " " in verb:  # "räumte ein": the particle goes after the speaker
        verb, particle = verb.split(" ", 1)
        return f"„{body}“, {verb} {speaker} {particle}."
    if rng.random() < 0.5:
        return f"„{body}“, {verb} {speaker}."
    return f"{speaker[0].upper() + speaker[1:]} {verb}: „{body}.“"


def _headline(rng: random.Random, pool: Pool) -> str:
    words = rng.choice(pool.sentences).rstrip(".!?").split()
    head = " ".join(words[: rng.randint(4, 10)]).rstrip(",;:")
    return head + ("?" if rng.random() < 0.1 else "")


def article(index: int, seed: int, pool: Pool) -> str:
    """Article ``index`` of the corpus for ``seed``: headline, furniture, paragraphs; 0.5-10 KB of UTF-8."""
    rng = random.Random(f"{seed}:{index}")
    parts = pool.parts
    target = int(math.exp(rng.uniform(math.log(MIN_BYTES), math.log(MAX_BYTES * 0.9))))
    head: list[str] = []
    if rng.random() < 0.35:
        head.append(rng.choice(parts["breadcrumbs_glued"] + parts["breadcrumbs_separated"]))
    head.append(_headline(rng, pool))
    if rng.random() < 0.5:
        head.append(_fill(rng.choice(parts["bylines"]), rng, parts))
    if rng.random() < 0.3:
        head.append(_fill(rng.choice(parts["reading_times"]), rng, parts))
    if rng.random() < 0.3:
        head.append(rng.choice(parts["share_bars"]))
    if rng.random() < 0.25:
        head.append(_fill(rng.choice(parts["image_credits"]), rng, parts))

    tail: list[str] = []
    if rng.random() < 0.3:
        tail.append(rng.choice(parts["share_bars"]))
    if rng.random() < 0.2:
        tail.append(rng.choice(parts["newsletters"]))
    if rng.random() < 0.25:
        tail.append(rng.choice(parts["tags"]))
    if rng.random() < 0.3:
        tail.append("\n".join(_fill(line, rng, parts) for line in rng.choice(parts["comment_forms"])))
    if rng.random() < 0.4:
        tail.append(_fill(rng.choice(parts["copyrights"]), rng, parts))

    furniture = len("\n\n".join(head + tail).encode("utf-8"))
    body: list[str] = []
    size = furniture
    while size < target or not body:
        sentences = []
        for _ in range(rng.randint(1, 5)):
            sent = rng.choice(pool.sentences)
            if rng.random() < 0.2:
                sent = _quote(sent, rng, parts)
            sentences.append(sent)
        if rng.random() < 0.12:
            sentences.append(_fill(rng.choice(parts["personal_data"]), rng, parts))
        para = " ".join(sentences)
        body.append(para)
        size += len(para.encode("utf-8")) + 2
        if rng.random() < 0.06:
            teaser = f"{rng.choice(parts['read_also'])}\n{_headline(rng, pool)}"
            body.append(teaser)
            size += len(teaser.encode("utf-8")) + 2
        if rng.random() < 0.04:
            body.append(rng.choice(parts["adverts"]))
            size += 12
    text = "\n\n".join(head + body + tail) + "\n"
    while len(text.encode("utf-8")) > MAX_BYTES and len(body) > 1:
        body.pop()
        text = "\n\n".join(head + body + tail) + "\n"
    if len(text.encode("utf-8")) > MAX_BYTES:  # one huge paragraph: cut it at a sentence end
        text = text.encode("utf-8")[:MAX_BYTES].decode("utf-8", "ignore")
        text = text[: max(text.rfind(". "), MIN_BYTES) + 1] + "\n"
    return text


def txt_path(out: Path, index: int) -> Path:
    """Where article ``index`` goes: sub-folders of 1,000 files."""
    return out / f"{index // 1000:03d}" / f"{index:06d}.txt"


def generate(n: int, out: Path, seed: int = 0, fmt: str = "txt", pool: Pool | None = None,
             progress: bool = False) -> dict:
    """Write ``n`` articles into ``out`` (created; must be empty or absent) and return a summary.

    The summary (also written to ``out/corpus.json``): articles, bytes, seed, format, generator version.
    """
    if fmt not in ("txt", "jsonl"):
        raise ValueError(f"unknown format {fmt!r}; valid: txt, jsonl")
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out}: output folder is not empty; choose a new one")
    pool = pool or load_pool()
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    started = time.perf_counter()
    jsonl = (out / "corpus.jsonl").open("w", encoding="utf-8") if fmt == "jsonl" else None
    try:
        for i in range(n):
            text = article(i, seed, pool)
            data = text.encode("utf-8")
            total += len(data)
            if jsonl is not None:
                jsonl.write(json.dumps({"id": f"bench-{seed}-{i:06d}", "text": text}, ensure_ascii=False) + "\n")
            else:
                path = txt_path(out, i)
                if i % 1000 == 0:
                    path.parent.mkdir(exist_ok=True)
                path.write_bytes(data)
            if progress and (i + 1) % 10_000 == 0:
                print(f"{i + 1:,} articles, {total / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s",
                      file=sys.stderr)
    finally:
        if jsonl is not None:
            jsonl.close()
    summary = {"articles": n, "bytes": total, "seed": seed, "format": fmt,
               "generator_version": GENERATOR_VERSION}
    (out / "corpus.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True, help="number of articles to write")
    parser.add_argument("--out", type=Path, required=True, help="output folder (new or empty)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bytes)")
    parser.add_argument("--format", choices=("txt", "jsonl"), default="txt",
                        help="one .txt file per article (default) or one corpus.jsonl")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    started = time.perf_counter()
    summary = generate(args.articles, args.out, args.seed, args.format, progress=not args.quiet)
    if not args.quiet:
        print(f"{args.out}: {summary['articles']:,} articles, {summary['bytes'] / 1e6:.1f} MB "
              f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
