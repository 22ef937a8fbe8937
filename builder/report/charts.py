"""Charts for the dataset card, as PNG bytes: same data, same bytes.

Every chart is drawn on a bare :class:`matplotlib.figure.Figure` with the Agg canvas (no pyplot, no global
figure state), under matplotlib's default style plus :data:`STYLE`, at a fixed size and dpi, and saved
without metadata (no software version, no time), so two renders of the same data are byte-identical.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

import matplotlib
import matplotlib.style
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import MaxNLocator

from builder.document import Document
from builder.report.corpus import CorpusStats
from builder.report.network import StanceNetwork

#: The fixed style every chart is drawn in (on top of matplotlib's defaults).
STYLE: dict[str, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "axes.axisbelow": True,
    "grid.color": "#dddddd",
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.hashsalt": "claimset",
    "svg.fonttype": "none",
    "path.simplify": True,
    "text.hinting": "default",
}

#: Figure size in inches and resolution of every chart.
SIZE = (8.0, 4.5)
DPI = 100

#: Colours per label, fixed so the same label always has the same colour.
COLOURS = {
    "favor": "#2e7d32", "against": "#c62828", "neutral": "#9e9e9e",
    "predicted": "#bdbdbd", "accepted": "#2e7d32", "corrected": "#f9a825", "added": "#1565c0", "rejected": "#c62828",
}
BAR = "#1565c0"

#: Review statuses in stacking order.
STATUSES = ("predicted", "accepted", "corrected", "added", "rejected")

#: How many actors the per-actor chart and the network picture show at most (the title says how many more).
TOP_ACTORS = 20


def render(draw: Callable[[Figure], None], size: tuple[float, float] = SIZE) -> bytes:
    """Draw a figure with ``draw`` under the fixed style and return its PNG bytes."""
    with matplotlib.style.context(["default", STYLE]):
        fig = Figure(figsize=size, dpi=DPI)
        FigureCanvasAgg(fig)
        draw(fig)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def _bars(ax, counts: Mapping[str, int], title: str, horizontal: bool = False, colours: Mapping[str, str] | None = None) -> None:
    ax.set_title(title)
    if not counts:
        ax.text(0.5, 0.5, "no records", ha="center", va="center", transform=ax.transAxes, color="#757575")
        ax.set_xticks([])
        ax.set_yticks([])
        return
    names = list(counts)
    values = [counts[n] for n in names]
    colour = [(colours or {}).get(n, BAR) for n in names]
    if horizontal:
        ax.barh(range(len(names)), values, color=colour)
        ax.set_yticks(range(len(names)), names)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.invert_yaxis()
        for i, v in enumerate(values):
            ax.text(v, i, f" {v}", va="center", fontsize=8)
    else:
        ax.bar(range(len(names)), values, color=colour)
        ax.set_xticks(range(len(names)), [n.replace("_", "\n") for n in names], fontsize=8 if len(names) < 8 else 7)
        ax.grid(axis="y")
        ax.grid(axis="x", visible=False)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        for i, v in enumerate(values):
            if v:
                ax.text(i, v, str(v), ha="center", va="bottom", fontsize=8)


def label_distribution(stats: CorpusStats) -> bytes:
    """Bars: mentions per actor type, claims per kind, stances per label."""
    mentions, claims, stances = (stats.labels[n] for n in ("mentions", "claims", "stances"))

    def draw(fig: Figure) -> None:
        axes = fig.subplots(1, 3)
        _bars(axes[0], dict(sorted(mentions.items())), "Mentions by actor type", horizontal=True)
        _bars(axes[1], dict(sorted(claims.items())), "Claims by kind")
        _bars(axes[2], {k: stances[k] for k in ("favor", "against", "neutral") if stances[k]}, "Stances by label",
              colours=COLOURS)
    return render(draw, (10.0, 4.0))


def claims_per_article(stats: CorpusStats) -> bytes:
    """Bars: how many articles have 0, 1, 2, ... claims."""
    per_article = stats.claims_per_article

    def draw(fig: Figure) -> None:
        ax = fig.subplots()
        _bars(ax, histogram(per_article), f"Claims per article ({stats.articles} articles)")
        ax.set_xlabel("claims in the article")
        ax.set_ylabel("articles")
    return render(draw)


def histogram(counts: Mapping[int, int], bins: int = 15) -> dict[str, int]:
    """Group ``value → how often`` into at most ``bins`` equal-width bins labelled ``"a"`` or ``"a–b"``."""
    if not counts:
        return {}
    top = max(counts)
    width = max(1, -(-(top + 1) // bins))
    out: dict[str, int] = {}
    for lo in range(0, top + 1, width):
        hi = min(lo + width - 1, top)
        out[str(lo) if lo == hi else f"{lo}–{hi}"] = sum(counts.get(v, 0) for v in range(lo, hi + 1))
    return out


def claims_per_actor(stats: CorpusStats) -> bytes:
    """Horizontal bars: the actors with the most claims (claimant actor)."""
    ranked = sorted(stats.claims_per_actor.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ranked[:TOP_ACTORS]
    more = len(ranked) - len(shown)

    def draw(fig: Figure) -> None:
        ax = fig.subplots()
        title = "Claims per actor (claimant)" + (f", top {len(shown)} of {len(ranked)}" if more else "")
        _bars(ax, {stats.name(a): n for a, n in shown}, title, horizontal=True)
    return render(draw, (8.0, max(3.0, 0.3 * len(shown) + 1.2)))


def review_coverage(stats: CorpusStats) -> bytes:
    """Stacked bars: records per layer by review status."""
    layers = stats.status

    def draw(fig: Figure) -> None:
        ax = fig.subplots()
        names = list(layers)
        left = [0] * len(names)
        for status in STATUSES:
            values = [layers[n][status] for n in names]
            if any(values):
                ax.barh(range(len(names)), values, left=left, color=COLOURS[status], label=status)
                left = [a + b for a, b in zip(left, values)]
        ax.set_yticks(range(len(names)), names)
        ax.invert_yaxis()
        ax.set_title(f"Review status of records ({stats.reviewed_articles} of {stats.articles} articles reviewed)")
        ax.set_xlabel("records")
        if any(left):
            ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
        else:
            ax.text(0.5, 0.5, "no records", ha="center", va="center", transform=ax.transAxes, color="#757575")
    return render(draw, (8.0, 3.2))


def stance_network_picture(net: StanceNetwork) -> bytes:
    """The stance network drawn bipartite: actors on the left, targets on the right, edges by stance."""
    g = net.graph
    strength: Counter = Counter()
    for u, _, d in g.edges(data=True):
        strength[u] += d["weight"]
    actors = sorted(strength, key=lambda a: (-strength[a], a))
    shown = actors[:TOP_ACTORS]
    more = len(actors) - len(shown)
    targets = sorted({v for u, v in g.edges() if u in shown})

    def y(i: int, n: int) -> float:
        return 1.0 - (i + 0.5) / n

    def draw(fig: Figure) -> None:
        ax = fig.subplots()
        ax.set_axis_off()
        title = "Stance network: actor → target (green favor, red against; width = claims)"
        if more:
            title += f"; top {len(shown)} of {len(actors)} actors"
        ax.set_title(title)
        if not shown:
            ax.text(0.5, 0.5, "no favor or against stances", ha="center", va="center", color="#757575")
            return
        pos = {a: (0.0, y(i, len(shown))) for i, a in enumerate(shown)}
        pos.update({t: (1.0, y(i, len(targets))) for i, t in enumerate(targets)})
        top = max(d["weight"] for _, _, d in g.edges(data=True))
        for u, v, key, d in sorted(g.edges(keys=True, data=True)):
            if u not in pos:
                continue
            both = g.number_of_edges(u, v) > 1
            rad = (0.08 if key == "favor" else -0.08) if both else 0.0
            ax.add_patch(FancyArrowPatch(
                pos[u], pos[v], arrowstyle="-|>", mutation_scale=8, color=COLOURS[d["stance"]], alpha=0.8,
                linewidth=0.8 + 3.2 * d["weight"] / top, connectionstyle=f"arc3,rad={rad}", shrinkA=4, shrinkB=4,
            ))
        for node in [*shown, *targets]:
            x, yy = pos[node]
            ax.plot([x], [yy], "o", color="#424242" if node in shown else "#1565c0", markersize=5)
            ax.text(x - 0.02 if node in shown else x + 0.02, yy, g.nodes[node]["label"], fontsize=8, va="center",
                    ha="right" if node in shown else "left")
        ax.set_xlim(-0.6, 1.6)
        ax.set_ylim(-0.02, 1.02)
    height = max(3.5, 0.28 * max(len(shown), len(targets)) + 1.0)
    return render(draw, (10.0, height))


#: The charts of the card: file name → what it shows.
CHARTS = {
    "label_distribution.png": "Label distribution: mentions by actor type, claims by kind, stances by label",
    "claims_per_article.png": "Claims per article",
    "claims_per_actor.png": "Claims per actor",
    "review_coverage.png": "Review coverage: records by review status",
    "stance_network.png": "Stance network",
}


def all_charts(stats: CorpusStats, net: StanceNetwork) -> dict[str, bytes]:
    """Every chart of the card as ``file name → PNG bytes``, in :data:`CHARTS` order."""
    return {
        "label_distribution.png": label_distribution(stats),
        "claims_per_article.png": claims_per_article(stats),
        "claims_per_actor.png": claims_per_actor(stats),
        "review_coverage.png": review_coverage(stats),
        "stance_network.png": stance_network_picture(net),
    }


def corpus_stats(documents: Iterable[Document]) -> CorpusStats:
    """Count documents into a :class:`CorpusStats` (for charts of an in-memory corpus)."""
    stats = CorpusStats()
    for doc in documents:
        stats.add(doc)
    return stats
