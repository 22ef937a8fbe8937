"""Context.is_initial: only punctuation between the sentence start (or a colon, or a line break) and a position."""

from __future__ import annotations

from builder.annotate.context import Context


def _ctx(text: str, spans: list[tuple[int, int]]) -> Context:
    return Context(article=None, text=text, spans=spans, starts=[s for s, _ in spans])


def test_annotate_is_initial_after_quotes_colon_and_line_break():
    text = "„Okonkwo kam. Er sagte: Okonkwo bleibt.\n– Okonkwo ging."
    ctx = _ctx(text, [(0, 13), (14, len(text))])
    assert ctx.is_initial(1)  # after the opening quote
    assert ctx.is_initial(text.index("Okonkwo bleibt"))  # after the colon
    assert ctx.is_initial(text.index("Okonkwo ging"))  # after a line break and a dash
    assert not ctx.is_initial(text.index("sagte"))
    assert not ctx.is_initial(text.index("bleibt"))
