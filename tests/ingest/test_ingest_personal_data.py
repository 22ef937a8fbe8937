"""Personal and payment data in kept text become typed placeholders; names of public figures stay."""

from __future__ import annotations

import pytest

from builder.buildreport import BuildReport
from builder.ingest import article_from_text
from builder.ingest.personal_data import find_personal_data, load_pii_rules

RULES = load_pii_rules()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.ident)
def test_ingest_pii_rule_catches_its_example(rule):
    cuts = find_personal_data(rule.catches)
    assert rule.ident in [c.rule for c in cuts], rule.catches


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.ident)
def test_ingest_pii_rule_keeps_its_counter_example(rule):
    assert find_personal_data(rule.keeps) == []


def test_ingest_pii_in_article_text_replaced_by_placeholders():
    text = ("Spendenaufruf für Flutopfer\n\n"
            "Der Verein sammelt Geld für die Betroffenen der Flut im Ahrtal. Spenden gehen an das Konto "
            "DE89 3704 0044 0532 0130 00 bei der Commerzbank (COBADEFFXXX). Fragen beantwortet Jana Beispiel "
            "unter jana.beispiel@example.org oder Tel. 0221 / 987 65 43. Auch über paypal.me/flutverein und "
            "an die Adresse 0x52908400098527886E0F7030069857D2E4169EE7 kann gespendet werden, sagte "
            "Bundeskanzler Olaf Scholz bei seinem Besuch.")
    article = article_from_text(text, "spende.txt")
    assert article.text == (
        "Spendenaufruf für Flutopfer\n\n"
        "Der Verein sammelt Geld für die Betroffenen der Flut im Ahrtal. Spenden gehen an das Konto "
        "[IBAN] bei der Commerzbank ([BIC]). Fragen beantwortet Jana Beispiel "
        "unter [EMAIL] oder Tel. [PHONE]. Auch über [PAYMENT_LINK] und "
        "an die Adresse [WALLET] kann gespendet werden, sagte "
        "Bundeskanzler Olaf Scholz bei seinem Besuch.")
    report = BuildReport()
    report.count_removals(article.removals)
    assert dict(report.redacted) == {"iban": 1, "bic": 1, "email": 1, "phone": 1, "payment_link": 1, "wallet": 1}
    assert {r.replacement for r in article.removals} == {"[IBAN]", "[BIC]", "[EMAIL]", "[PHONE]",
                                                         "[PAYMENT_LINK]", "[WALLET]"}


def test_ingest_pii_invalid_iban_checksum_is_not_redacted():
    assert find_personal_data("Die Kennung DE00 3704 0044 0532 0130 00 ist erfunden.") == []


def test_ingest_pii_international_phone_number():
    text = "Die Hotline ist unter 0049 (0)30 1234-567 erreichbar."
    assert [text[c.start:c.end] for c in find_personal_data(text)] == ["0049 (0)30 1234-567"]


def test_ingest_pii_iban_without_spaces_and_followed_by_words():
    text = "Überweisung an DE89370400440532013000 BIC COBADEFFXXX bis Freitag."
    cuts = find_personal_data(text)
    assert [(text[c.start:c.end], c.replacement) for c in cuts] == [
        ("DE89370400440532013000", "[IBAN]"), ("COBADEFFXXX", "[BIC]")]


def test_ingest_pii_years_prices_and_dates_are_not_phone_numbers():
    text = ("Zwischen 2014 und 2022 stiegen die Kosten um 1.250.000 Euro. Am 12.02.2025 um 14:30 Uhr "
            "tagte der Rat, Drucksache 19/12345.")
    assert find_personal_data(text) == []


def test_ingest_pii_placeholders_listed():
    from builder.ingest import placeholders

    assert placeholders() == {"[IBAN]", "[BIC]", "[EMAIL]", "[PHONE]", "[PAYMENT_LINK]", "[WALLET]"}
