"""Tiny hand-built documents for the Label Studio integration tests (German text written for these tests)."""

from __future__ import annotations

from builder.document import Document
from claimset_testing import make_doc as shared_make_doc
from schemas import article_id_for

RULE_VERSION = "rules-test-1"

#: German text written for these tests (not from any corpus).
PLAIN_TEXT = ("Die Bürgermeisterin Anna Berg sagte, der Haushalt sei solide. "
              "Laut Stadtrat fehlen im Etat aber zwei Millionen Euro. "
              "Der Kämmerer erklärte, man müsse neue Kredite aufnehmen.")

#: The same kind of text with characters outside the Basic Multilingual Plane before and inside spans.
EMOJI_TEXT = ("🏛️ Die Bürgermeisterin Anna Berg 👩‍💼 sagte, der Haushalt sei solide. "
              "𝐀𝐜𝐡𝐭𝐮𝐧𝐠: Laut Stadtrat 💶 fehlen im Etat aber zwei Millionen Euro. "
              "Der Kämmerer 🧮 erklärte, man müsse neue Kredite aufnehmen.")


def make_doc(text: str, mentions=(), claims=(), stances=(), *, source: str = "stadt.txt") -> Document:
    """A predicted document built from quotes (see :func:`claimset_testing.make_doc`), its id from ``source``."""
    return shared_make_doc(text, mentions, claims, stances, article_id=article_id_for(source, b""),
                           source_file=source, source_id=source, title="Haushalt")


def council_doc(text: str = PLAIN_TEXT, source: str = "stadt.txt") -> Document:
    """Three mentions, three claims (cue and claimant each), one stance."""
    return make_doc(
        text,
        mentions=[("Anna Berg", "person", "act_anna_berg"), ("Stadtrat", "organisation", "act_stadtrat"),
                  ("Kämmerer", "person", "act_kaemmerer")],
        claims=[("der Haushalt sei solide", "indirect_speech", "sagte", 0, None),
                ("fehlen im Etat aber zwei Millionen Euro", "attributed_report", "Laut", 1, None),
                ("man müsse neue Kredite aufnehmen", "indirect_speech", "erklärte", 2, None)],
    )


def small_docs(n: int, prefix: str = "kurz") -> list[Document]:
    """``n`` different one-mention documents."""
    return [make_doc(f"Nummer {i}: Anna Berg sagte, es gehe voran.",
                     mentions=[("Anna Berg", "person", "act_anna_berg")],
                     claims=[("es gehe voran", "indirect_speech", "sagte", 0, None)],
                     source=f"{prefix}-{i}.txt") for i in range(n)]
