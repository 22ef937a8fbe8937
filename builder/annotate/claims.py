"""Claims (placeholder while being written)."""
from dataclasses import dataclass
def resolve_claims(ctx, cands):
    return []
