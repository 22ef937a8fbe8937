"""Boilerplate rules: each rule's own examples, and whole made-up pages from other kinds of German news sites."""

from __future__ import annotations

import pytest

from builder.ingest import article_from_text
from builder.ingest.boilerplate import find_boilerplate, load_rules

RULES = load_rules()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.ident)
def test_ingest_boilerplate_rule_catches_its_example(rule):
    assert rule.matches_line(rule.catches), f"{rule.ident} must remove {rule.catches!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.ident)
def test_ingest_boilerplate_rule_keeps_its_counter_example(rule):
    assert not rule.matches_line(rule.keeps), f"{rule.ident} must keep {rule.keeps!r}"


def test_ingest_boilerplate_rules_have_unique_versioned_names():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert all(r.reason.startswith("boilerplate:") and r.version >= 1 for r in RULES)


# A regional news page as a reader might copy it: navigation, share bar, teaser, credits, newsletter, comments.
PAGE_REGIONAL = """Startseite > Region > Verkehr
Lesezeit: 3 Min.

Bahnstreik legt Pendlerverkehr lahm

Teilen Facebook WhatsApp E-Mail

Foto: Max Beispiel/Archiv

Seit dem frühen Mittwochmorgen stehen in weiten Teilen des Landes die Regionalzüge still. Die Gewerkschaft hatte den Streik am Vorabend angekündigt.

„Wir sehen keinen anderen Weg mehr. Die Arbeitgeber haben kein Angebot vorgelegt“, sagte der Vorsitzende am Morgen in Hannover.

Lesen Sie auch:
Was Fahrgäste bei Zugausfällen jetzt wissen müssen

Die Bahn rief Reisende auf, ihre Fahrt zu verschieben. Was bedeutet das für Schüler?

• Schulen sollen Fehlzeiten nachsichtig behandeln.
• Für Abschlussprüfungen gelten Sonderregeln.

Anzeige

Melden Sie sich jetzt für unseren Newsletter an!

© 2025 Beispiel-Verlag GmbH. Alle Rechte vorbehalten.

Kommentare (14)
Ihre E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert
Kommentar abschicken
"""

PAGE_REGIONAL_CLEAN = """Bahnstreik legt Pendlerverkehr lahm

Seit dem frühen Mittwochmorgen stehen in weiten Teilen des Landes die Regionalzüge still. Die Gewerkschaft hatte den Streik am Vorabend angekündigt.

„Wir sehen keinen anderen Weg mehr. Die Arbeitgeber haben kein Angebot vorgelegt“, sagte der Vorsitzende am Morgen in Hannover.

Die Bahn rief Reisende auf, ihre Fahrt zu verschieben. Was bedeutet das für Schüler?

• Schulen sollen Fehlzeiten nachsichtig behandeln.
• Für Abschlussprüfungen gelten Sonderregeln."""

# A blog-style page: theme switch, run-together categories, licence credit, donation appeal with bank details.
PAGE_BLOG = """WirtschaftFinanzenEuropa
Dark Mode Light Mode

Zentralbank hält Zinsen stabil

anna_beispiel (CC BY-SA 4.0), Wikimedia Commons

Die Europäische Zentralbank lässt den Leitzins unverändert bei 3,5 Prozent. Die Präsidentin begründete das mit der gesunkenen Inflation.

Ökonomen hatten mehrheitlich mit diesem Schritt gerechnet. Einige Banken erwarten eine Senkung im Herbst.

Unterstützen Sie unabhängigen Journalismus!

Spendenkonto: Freie Presse e.V.
IBAN: DE89 3704 0044 0532 0130 00
BIC: COBADEFFXXX
PayPal: https://paypal.me/freiepresse
"""

PAGE_BLOG_CLEAN = """Zentralbank hält Zinsen stabil

Die Europäische Zentralbank lässt den Leitzins unverändert bei 3,5 Prozent. Die Präsidentin begründete das mit der gesunkenen Inflation.

Ökonomen hatten mehrheitlich mit diesem Schritt gerechnet. Einige Banken erwarten eine Senkung im Herbst."""


# A public broadcaster's page: skip link, breadcrumb with ›, dateline, caption, teaser, share bar, comments.
PAGE_BROADCASTER = """Zur Startseite
Politik › Inland › Bundestag

Bundestag beschließt Rentenpaket

Stand: 14.03.2025 16:45 Uhr

Der Bundestag hat das Rentenpaket mit den Stimmen der Koalition beschlossen. Die Opposition stimmte geschlossen dagegen.

Bildunterschrift: Abgeordnete bei der Abstimmung im Plenum. © picture alliance/dpa

Mehr zum Thema
Rente mit 63: Was bleibt?

Die Arbeitsministerin sprach von einem „guten Tag für alle Beschäftigten“. Kritiker halten die Finanzierung für ungeklärt.

Artikel teilen
Facebook X WhatsApp E-Mail Link kopieren

Kommentare (3)
Max M. schrieb: Endlich!
"""

PAGE_BROADCASTER_CLEAN = """Bundestag beschließt Rentenpaket

Der Bundestag hat das Rentenpaket mit den Stimmen der Koalition beschlossen. Die Opposition stimmte geschlossen dagegen.

Die Arbeitsministerin sprach von einem „guten Tag für alle Beschäftigten“. Kritiker halten die Finanzierung für ungeklärt."""


def test_ingest_boilerplate_dateline_removed_but_used_as_published_date():
    article = article_from_text(PAGE_BROADCASTER, "page.txt")
    assert article.published == "2025-03-14"
    assert "boilerplate:dateline" in {r.reason for r in article.removals}


@pytest.mark.parametrize("page, clean", [(PAGE_REGIONAL, PAGE_REGIONAL_CLEAN), (PAGE_BLOG, PAGE_BLOG_CLEAN),
                                         (PAGE_BROADCASTER, PAGE_BROADCASTER_CLEAN)],
                         ids=["regional", "blog", "broadcaster"])
def test_ingest_boilerplate_other_sites_cleaned_exactly(page, clean):
    article = article_from_text(page, "page.txt")
    assert article.text == clean
    assert all(r.reason.startswith(("boilerplate:", "pii:")) for r in article.removals)


def test_ingest_boilerplate_blog_reasons_and_nested_personal_data():
    article = article_from_text(PAGE_BLOG, "page.txt")
    reasons = {r.reason for r in article.removals}
    assert {"boilerplate:breadcrumb", "boilerplate:theme_switch", "boilerplate:image_credit",
            "boilerplate:donation_appeal", "pii:iban", "pii:bic", "pii:payment_link"} <= reasons


def test_ingest_boilerplate_keeps_article_questions_quotes_and_bullets_in_the_second_half():
    # Short lines, questions and quotes late in the text are article text, not a trailer.
    text = ("Heizungsgesetz: Was sich ändert\n\n" + "Der Bundestag hat das Gesetz mit großer Mehrheit beschlossen. " * 3
            + "\n\nWer muss jetzt handeln?\n\nKritiker hingegen warnen:\n\n• Die Kosten seien zu hoch.\n"
            "• Handwerker fehlten.\n\n„Unterstützen Sie uns, sonst scheitert die Wende“, sagte die Ministerin.\n\nFazit\n\n"
            "Viele Fragen bleiben offen.")
    assert find_boilerplate(text) == []


def test_ingest_boilerplate_trailer_only_in_second_half():
    # A "Kommentare" label early in the text is removed as a line, but does not start a trailer there.
    body = "Die Debatte im Landtag dauerte mehr als vier Stunden und endete ohne Ergebnis. " * 4
    text = "Landtag streitet über Haushalt\n\nKommentare\n\n" + body
    cuts = find_boilerplate(text)
    assert [(text[c.start:c.end], c.rule) for c in cuts] == [("Kommentare", "comment_form@1")]


ARTICLE_LINES_THAT_LOOK_LIKE_FURNITURE = [
    "Das Spendenkonto der Stadt für die Flutopfer ist seit Montag eingerichtet.",
    "Wer jetzt abonnieren will, zahlt mehr, sagte der Verlagschef.",
    "Quellen aus Regierungskreisen bestätigten den Bericht.",
    "Die Kommentare im Netz waren überwiegend kritisch.",
    "Foto-Ausstellung in Berlin eröffnet",
    "Teilen statt besitzen: Der Trend zur Sharing Economy",
    "Anzeige gegen Unbekannt erstattet",
    "Werbung für Abtreibung bleibt verboten",
    "Wir brauchen Ihre Unterstützung, sagte die Bürgermeisterin.",
    "Jetzt spenden? Viele zögern noch.",
    "Lesen Sie dazu auch den Kommentar unseres Korrespondenten.",
    "Nächster Halt: Berlin",
    "Konto gesperrt: Bank zieht Reißleine",
    "Bild-Zeitung berichtet über Affäre",
]


@pytest.mark.parametrize("where", ["head", "middle", "tail"])
def test_ingest_boilerplate_leaves_article_lines_that_look_like_furniture(where):
    body = "Die Hilfsorganisation sammelt seit Tagen Geld für die Opfer der Flut im Süden des Landes. " * 3
    block = "\n\n".join(ARTICLE_LINES_THAT_LOOK_LIKE_FURNITURE)
    text = {"head": block + "\n\n" + body * 2, "middle": body + "\n\n" + block + "\n\n" + body,
            "tail": body * 2 + "\n\n" + block}[where]
    assert [text[c.start:c.end] for c in find_boilerplate(text)] == []


def test_ingest_boilerplate_inline_kind_removes_part_of_a_line():
    import re

    from builder.ingest.boilerplate import Rule

    rule = Rule(name="photo_credit_inline", version=1, reason="boilerplate:image_credit", kind="inline",
                where="anywhere", max_words=60, regex=re.compile(r"\s*\(Foto: [^)]+\)"),
                catches="Der Minister (Foto: dpa) sprach.", keeps="Der Minister sprach.")
    text = "Der Minister (Foto: dpa) sprach am Montag im Landtag."
    cuts = find_boilerplate(text, rules=(rule,))
    assert [(text[c.start:c.end], c.rule) for c in cuts] == [(" (Foto: dpa)", "photo_credit_inline@1")]
