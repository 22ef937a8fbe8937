"""Record schemas of the claimset dataset: one module per record type.

The Hugging Face ``Features`` (``builder.release.features``), the JSON Schema files beside this module
(``python -m schemas`` writes them) and the Label Studio interface (``builder.studio.interface``) are all
derived from these models; tests fail when any of them drifts.
"""

from schemas.actor import Actor, ActorMention, ActorType, actor_id_for
from schemas.article import Article, Removal, Sentence, article_id_for
from schemas.base import SCHEMA_VERSION, Record, SpanMismatchError, check_span, stable_id
from schemas.claim import Claim, ClaimKind
from schemas.provenance import Provenance, Source, Status, predicted
from schemas.stance import Stance, StanceLabel

#: The dataset's configs, in release order, and the record model of each.
CONFIGS: dict[str, type[Record]] = {
    "articles": Article,
    "actors": Actor,
    "mentions": ActorMention,
    "claims": Claim,
    "stances": Stance,
}

#: The field that holds each config's record id.
ID_FIELDS: dict[str, str] = {
    "articles": "article_id",
    "actors": "actor_id",
    "mentions": "mention_id",
    "claims": "claim_id",
    "stances": "stance_id",
}

__all__ = [
    "Actor", "ActorMention", "ActorType", "Article", "CONFIGS", "Claim", "ClaimKind", "ID_FIELDS", "Provenance",
    "Record", "Removal", "SCHEMA_VERSION", "Sentence", "Source", "SpanMismatchError", "Stance", "StanceLabel",
    "Status", "actor_id_for", "article_id_for", "check_span", "predicted", "stable_id",
]
