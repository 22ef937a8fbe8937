"""Labeling functions: small named, versioned rules that suggest spans and may abstain.

A labeling function takes a :class:`Context` (one article with its sentences and what earlier layers found)
and yields :class:`Candidate` spans. It never edits the text. Functions are registered under
``name@version``; :func:`get` fails on an unknown name and lists the valid ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from builder.errors import ClaimsetError

Layer = Literal["mention", "claim", "stance"]


@dataclass(slots=True, unsafe_hash=True)
class Candidate:
    """One raw suggestion of a labeling function, before merging and resolution.

    ``label`` is the actor type (mention layer), the claim kind (claim layer) or the stance label (stance
    layer); ``data`` holds what else the rule knows (actor id, cue span, claimant span, target).

    Treat it as immutable (make a new one to change a field): it hashes by its fields but ``data``. It is not
    ``frozen`` only because a frozen dataclass is about three times slower to create, and the labeling
    functions create tens of thousands per thousand articles.
    """

    rule: str
    layer: Layer
    start: int
    end: int
    label: str
    score: float
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class LabelingFunction:
    """A registered rule: ``name@version``, its layer, and the function that yields candidates.

    ``reads_trail`` marks a claim function whose output depends on the claims found before it (it reads
    ``ctx.cache["speaker_trail"]`` or ``["first_claims"]``): it runs twice, once to lay the trail and once
    with it; every other claim function runs once.
    """

    name: str
    version: int
    layer: Layer
    func: Callable[..., Iterable[Candidate]]
    reads_trail: bool = False

    @property
    def rule(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()

    def __call__(self, ctx: Any) -> list[Candidate]:
        return list(self.func(ctx))


#: Every labeling function by ``name@version``, in the order the layers run them.
LABELING_FUNCTIONS: dict[str, LabelingFunction] = {}


class UnknownRuleError(ClaimsetError):
    """A rule name that is not registered."""


def labeling_function(name: str, version: int, layer: Layer, *, reads_trail: bool = False) -> Callable:
    """Decorator: register ``func`` as labeling function ``name@version`` of ``layer`` (``reads_trail``: see
    :class:`LabelingFunction`)."""

    def wrap(func: Callable[..., Iterable[Candidate]]) -> Callable[..., Iterable[Candidate]]:
        lf = LabelingFunction(name=name, version=version, layer=layer, func=func, reads_trail=reads_trail)
        if lf.rule in LABELING_FUNCTIONS:
            raise ValueError(f"labeling function {lf.rule} is registered twice")
        LABELING_FUNCTIONS[lf.rule] = lf
        func.rule = lf.rule  # type: ignore[attr-defined]
        return func

    return wrap


def get(rule: str) -> LabelingFunction:
    """The labeling function registered as ``rule`` (``name@version``); an unknown name lists the valid ones."""
    try:
        return LABELING_FUNCTIONS[rule]
    except KeyError:
        valid = ", ".join(sorted(LABELING_FUNCTIONS))
        raise UnknownRuleError(f"unknown labeling function {rule!r}; valid: {valid}") from None


def by_layer(layer: Layer) -> list[LabelingFunction]:
    """The registered functions of one layer, in registration order."""
    return [lf for lf in LABELING_FUNCTIONS.values() if lf.layer == layer]
