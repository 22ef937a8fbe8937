"""Tiny hand-built documents for the Label Studio integration tests (German text written for these tests)."""

from __future__ import annotations

from builder.document import Document
from schemas import ActorMention, Article, Claim, Stance, article_id_for, predicted

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
    """A predicted document built from quotes.

    mentions: ``(quote, type, actor_id)``; claims: ``(quote, kind, cue quote | None, mention index | None,
    target | None)``; stances: ``(claim index, label)`` (holder and target from the claim).
    """
    article_id = article_id_for(source, b"")
    article = Article(article_id=article_id, source_file=source, source_id=source, title="Haushalt", text=text,
                      raw_sha256="0" * 64)

    def at(quote: str) -> tuple[int, int]:
        i = text.index(quote)
        return i, i + len(quote)

    ms = []
    for quote, kind, actor in mentions:
        s, e = at(quote)
        ms.append(ActorMention(article_id=article_id, start=s, end=e, text=quote, type=kind, actor_id=actor,
                               provenance=predicted("actor_names@1", 0.9)))
    cs = []
    for quote, kind, cue, claimant, target in claims:
        s, e = at(quote)
        data = dict(article_id=article_id, start=s, end=e, text=quote, kind=kind, target=target,
                    provenance=predicted("claims_speech@1", 0.7))
        if cue:
            c0, c1 = at(cue)
            data.update(cue_start=c0, cue_end=c1, cue_text=cue)
        if claimant is not None:
            data.update(claimant_mention_id=ms[claimant].mention_id, claimant_actor_id=ms[claimant].actor_id)
        cs.append(Claim(**data))
    ss = [Stance(article_id=article_id, actor_id=cs[i].claimant_actor_id, target=cs[i].target, label=label,
                 claim_id=cs[i].claim_id, provenance=predicted("stance_lex@1", 0.6)) for i, label in stances]
    return Document(article=article, mentions=ms, claims=cs, stances=ss)


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
