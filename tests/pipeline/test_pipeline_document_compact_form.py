"""The compact form of a document (``document.pack_document``) rebuilds every record exactly, also where a list
mixes fields sets, holds human provenance or is empty, and never shares a dict with the records it was made of."""

from __future__ import annotations

import pickle

from builder.document import Document, pack_document, pack_records, unpack_document, unpack_records
from builder.ingest import article_from_text
from schemas import Actor, ActorMention, Claim, Provenance, Stance, predicted


def _exact(doc: Document) -> list:
    records = [doc.article, *doc.article.sentences, *doc.article.removals, *doc.mentions, *doc.actors,
               *doc.claims, *doc.stances]
    records += [r.provenance for r in (*doc.mentions, *doc.claims, *doc.stances)]
    return [(type(r), r.__dict__, r.__pydantic_fields_set__, r.__pydantic_extra__, r.__pydantic_private__)
            for r in records]


def _document() -> Document:
    article = article_from_text("Olaf Scholz sagte am Montag in Berlin, die Steuern würden nicht erhöht. "
                                "Die taz berichtete darüber. Kontakt: redaktion@example.org", "a.txt")
    aid = article.article_id
    human = Provenance(source="human", annotator="anna", status="corrected", task_id=3, annotation_id=7)
    mentions = [ActorMention(article_id=aid, start=0, end=11, text="Olaf Scholz", actor_id="olaf_scholz",
                             type="person", provenance=predicted("title_name@1", 0.9)),
                ActorMention(article_id=aid, start=76, end=79, text="taz", actor_id="taz", type="media",
                             provenance=human)]
    actors = [Actor(actor_id="olaf_scholz", name="Olaf Scholz", type="person", aliases=["Scholz"], wikidata="Q61053"),
              Actor(actor_id="taz", name="taz", type="media")]  # fields sets differ within the list
    claim = Claim(article_id=aid, start=39, end=70, text=article.text[39:70], kind="indirect_speech",
                  cue_start=12, cue_end=17, cue_text="sagte", claimant_actor_id="olaf_scholz",
                  provenance=predicted("indirect_speech@1", 0.7))
    stance = Stance(article_id=aid, actor_id="olaf_scholz", target="tax_increase", label="against",
                    claim_id=claim.claim_id, provenance=predicted("stance_cues@1", 0.6))
    return Document(article, mentions, actors, [claim], [stance])


def test_pipeline_compact_form_rebuilds_records_exactly():
    doc = _document()
    assert doc.article.removals and doc.article.sentences
    back = unpack_document(pickle.loads(pickle.dumps(pack_document(doc))))
    assert back == doc
    assert _exact(back) == _exact(doc)
    assert [r.model_dump_json() for r in back.mentions] == [r.model_dump_json() for r in doc.mentions]


def test_pipeline_compact_form_without_pickle_shares_no_dicts():
    doc = _document()
    back = unpack_document(pack_document(doc))
    assert _exact(back) == _exact(doc)
    for a, b in zip((back.article, *back.mentions, *back.claims), (doc.article, *doc.mentions, *doc.claims)):
        assert a.__dict__ is not b.__dict__ and a.__pydantic_fields_set__ is not b.__pydantic_fields_set__
    back.mentions[0].actor_id = "scholz"  # assignment on the rebuilt record leaves the original unchanged
    assert doc.mentions[0].actor_id == "olaf_scholz"


def test_pipeline_compact_form_lists_empty_and_mixed():
    doc = _document()
    empty = unpack_document(pickle.loads(pickle.dumps(pack_document(Document(doc.article)))))
    assert empty == Document(doc.article) and empty.mentions == [] and empty.mentions is not empty.claims
    mixed = [doc.mentions[0], doc.actors[1], doc.claims[0]]  # not one class: packed one by one
    cls, fields_set, items = pack_records(mixed)
    assert cls is None and fields_set is None and len(items) == 3
    assert unpack_records(pickle.loads(pickle.dumps((cls, fields_set, items)))) == mixed


def test_pipeline_compact_form_keeps_shared_provenance_shared():
    doc = _document()
    shared = predicted("title_name@1", 0.9)
    doc.claims[0] = doc.claims[0].model_copy(update={"provenance": shared})
    assert doc.mentions[0].provenance is shared  # predicted() gives one record per rule and score
    back = unpack_document(pickle.loads(pickle.dumps(pack_document(doc))))
    assert _exact(back) == _exact(doc)
    assert back.mentions[0].provenance is back.claims[0].provenance  # still one record, now a new one
    assert back.mentions[0].provenance is not shared
    assert back.mentions[1].provenance is not back.claims[0].provenance
    # records that are not frozen are never shared: an article's sentences stay one record each
    twice = Document(doc.article, claims=[doc.claims[0]])
    twice.article.sentences.append(twice.article.sentences[0])
    again = unpack_document(pack_document(twice))
    assert again.article.sentences[0] == again.article.sentences[-1]
    assert again.article.sentences[0] is not again.article.sentences[-1]
