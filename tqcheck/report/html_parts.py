"""Pure helpers of the HTML report's view model: what a row says in words (no Jinja, no markup).

- :func:`alignment_words`: the alignment notation in words, 1-based with ranges collapsed
  ("English 16–17 → Korean 15", "English 5 → (no Korean)") instead of ``15,16 → 14 / 2-1``;
- :func:`breakdown`: the evidence behind a fidelity (``Alignment.fidelity_parts``) in human words,
  with the parts that pull it down picked out, so a low number never stands unexplained;
- :func:`flag_tree`: which flags a row lists first and which under another one (a low-fidelity flag
  that only follows from a garble flag on the same row, or a flag's ``related`` flags);
- :func:`tone`: the one rule for colouring a score: by the worst flag of its row, neutral without one;
- :func:`spread`: label positions pushed apart so chart labels never overlap;
- :func:`config_number`, :func:`fidelity_note`: a threshold of the run, the word under a missing score.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from tqcheck.model import Alignment, CheckResult, Flag, Severity

NEUTRAL = "none"
"""The tone of a score no flag explains: shown plainly, in no alarm colour."""

LOW_FIDELITY = "low-fidelity"
EXPLAINS_LOW_FIDELITY = frozenset(
    {
        # the garble and punctuation flags the fidelity model counts (score.fidelity.FIDELITY_FLAG_CODES)
        "fused-token",
        "run-on-headline",
        "unterminated",
        "repetition",
        "punctuation-mismatch",
        # and the checks whose evidence it measures itself (number_problems, untranslated)
        "number-mismatch",
        "untranslated",
        # a Korean too short (what a truncated sentence looks like)
        "length-ratio",
    }
)
"""Codes whose flag, on the same row, is the reason its fidelity is low: the low-fidelity flag is then
shown under it as a consequence, not as a second problem to fix. The checks declare the same codes
(``secondary_to`` of low-fidelity) and fold the flag into its cause's ``related`` themselves; this
covers a result whose low-fidelity flag still stands alone (an older run's, a plug-in's)."""


# --------------------------------------------------------------------------- tone


def tone(flags: Sequence[Flag]) -> str:
    """The colour of a row's scores: its worst flag's severity, :data:`NEUTRAL` when no flag says why."""
    if not flags:
        return NEUTRAL
    return max((Severity(flag.severity) for flag in flags), key=lambda severity: severity.rank).value


# --------------------------------------------------------------------------- the run's settings


def config_number(result: CheckResult, *keys: str) -> float | None:
    """A number from the run's config (``settings["config"]``), or None when it is not there."""
    value: object = result.settings.get("config")
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


# --------------------------------------------------------------------------- notation in words


def id_span(ids: Sequence[int]) -> str:
    """0-based segment ids as 1-based numbers, runs collapsed: (15, 16) → ``16–17``; (3, 5, 6) → ``4, 6–7``.

    (An aligner's groups are contiguous; the general case costs nothing.)"""
    runs: list[list[int]] = []
    for number in sorted({i + 1 for i in ids}):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def side_words(language: str, ids: Sequence[int]) -> str:
    """``English 16–17``, or ``(no English)`` for a side without segments."""
    return f"{language} {id_span(ids)}" if ids else f"(no {language})"


def alignment_words(source: str, target: str, alignment: Alignment) -> tuple[str, str]:
    """The two sides of an alignment in words: (``English 16–17``, ``Korean 15``); joined with an
    arrow they read "English 16–17 → Korean 15" (sentences 16 and 17 became sentence 15)."""
    return side_words(source, alignment.source_ids), side_words(target, alignment.target_ids)


def kind_words(source: str, target: str, alignment: Alignment) -> str:
    """What ``2-1`` means: "2 English sentences in 1 Korean sentence"."""
    n, m = len(alignment.source_ids), len(alignment.target_ids)
    if not m:
        return f"{source} with no {target}: an omission"
    if not n:
        return f"{target} with no {source}: an addition"

    def count(k: int, language: str) -> str:
        return f"{k} {language} sentence{'' if k == 1 else 's'}"

    return f"{count(n, source)} rendered as {count(m, target)} (alignment kind {alignment.kind})"


# --------------------------------------------------------------------------- fidelity breakdown


@dataclass(frozen=True)
class PartLine:
    """One piece of evidence behind a fidelity, in words: ``label`` and ``value`` are shown, ``help``
    is the longer explanation; ``lowers`` puts it among the reasons a low number gives, ``muted`` marks
    a figure that is not in the score or is no quality figure at all."""

    label: str
    value: str
    help: str
    lowers: bool = False
    muted: bool = False


@dataclass(frozen=True)
class Breakdown:
    """``formula``: fidelity as the product of its two models; ``reasons``: the lines that pull it down,
    shown without hovering; ``lines``: every part, for the expandable detail."""

    formula: str
    factors: list[PartLine]
    reasons: list[PartLine]
    lines: list[PartLine]


def _percent(value: float) -> str:
    return f"{value:.0%}"


def _count(value: float) -> str:
    return f"{value:g}"


def _signed(value: float) -> str:
    return f"{value:+.3f}"


# Typical values of good pairs (news sample, e5): margin 0.07–0.13, neighbour margin 0.02–0.09;
# below these a pairing hardly beats another sentence of the document, which is what the score sees.
MARGIN_LOW = 0.05
NEIGHBOUR_MARGIN_LOW = 0.02
COVERAGE_LOW = 0.95
LENGTH_SHORT = 0.5  # robust standard deviations of the log length ratio
LENGTH_LONG = 2.0
WORDS_UNMATCHED = 0.25

_Spec = tuple[str, str, str, Callable[[float], str], Callable[[float], bool], bool]
_PARTS: tuple[_Spec, ...] = (
    # (part, label, help, format, lowers, muted)
    (
        "coverage",
        "English rendered",
        "share of the English, by clause and weighted by length, that the Korean renders "
        "(judged by numbers, names and length)",
        _percent,
        lambda v: v < COVERAGE_LOW,
        False,
    ),
    (
        "untranslated",
        "English left untranslated",
        "share of the English words copied into the Korean as English prose",
        _percent,
        lambda v: v > 0,
        False,
    ),
    (
        "number_problems",
        "numbers that differ",
        "numbers of the English the Korean gives differently (what the number-mismatch check reports)",
        _count,
        lambda v: v > 0,
        False,
    ),
    (
        "number_unmatched",
        "numbers unmatched",
        "numbers without a counterpart on the other side (a looser reading: clock times, 'six-party')",
        _count,
        lambda v: v > 0,
        False,
    ),
    (
        "flags",
        "garble flags counted",
        "garble and punctuation flags on this row (fused tokens, run-on headlines, unterminated "
        "sentences, repetitions) that the score counts",
        _count,
        lambda v: v > 0,
        False,
    ),
    (
        "negation",
        "negation",
        "whether one side negates and the other does not: the cheapest sign of a flipped meaning",
        lambda v: "differs" if v else "agrees",
        lambda v: v > 0,
        False,
    ),
    (
        "neighbour_margin",
        "lead over neighbours",
        "how much better this pairing is than pairing either side with a nearby sentence "
        f"(good pairs: about +0.02 to +0.09; below +{NEIGHBOUR_MARGIN_LOW:g} it hardly stands out)",
        _signed,
        lambda v: v < NEIGHBOUR_MARGIN_LOW,
        False,
    ),
    (
        "margin",
        "lead over other sentences",
        "how much more alike the two sides are than either is to random sentences "
        f"(good pairs: about +0.07 to +0.13; below +{MARGIN_LOW:g} it hardly stands out)",
        _signed,
        lambda v: v < MARGIN_LOW,
        False,
    ),
    (
        "words_missing",
        "English words unmatched",
        "share of the English words no Korean word aligns with",
        _percent,
        lambda v: v >= WORDS_UNMATCHED,
        False,
    ),
    (
        "words_added",
        "Korean words unmatched",
        "share of the Korean words no English word aligns with",
        _percent,
        lambda v: v >= WORDS_UNMATCHED,
        False,
    ),
    (
        "unknown",
        "unknown Korean words",
        "share of the Korean words the morphological analyser (kiwi) does not know; not in the score",
        _percent,
        lambda v: False,
        True,
    ),
)
_OPTIONAL = {"words_missing", "words_added", "unknown"}  # zero when not computed: shown only when set
_HANDLED = {
    *(spec[0] for spec in _PARTS),
    *("base", "similarity", "length_short", "length_long", "fluency_mean", "fluency_min"),
}


def _sigmoid(logit: float) -> float:
    return 0.0 if logit < -40 else 1.0 / (1.0 + math.exp(-logit))


def _length_line(parts: Mapping[str, float]) -> PartLine | None:
    if "length_short" not in parts and "length_long" not in parts:
        return None
    short, long = parts.get("length_short", 0.0), parts.get("length_long", 0.0)
    if short > 0:
        value = f"{short:.1f} SD short"
    elif long > 0:
        value = f"{long:.1f} SD long"
    else:
        value = "as expected"
    return PartLine(
        "Korean length",
        value,
        "the Korean's length against the length expected for this English, in standard deviations "
        f"(short from {LENGTH_SHORT:g} SD suggests something left out; long from {LENGTH_LONG:g} SD, "
        "something added)",
        lowers=short >= LENGTH_SHORT or long >= LENGTH_LONG,
    )


def _factors(fidelity: float | None, parts: Mapping[str, float]) -> tuple[str, list[PartLine]]:
    """Fidelity is P(renders this sentence) × (1 − P(serious accuracy error)) (``score.review``): the
    first is the synthetic model's probability (``base`` is its logit), the second what remains."""
    if "base" not in parts or fidelity is None:
        return "", []
    sentence = _sigmoid(parts["base"])
    factors = [
        PartLine(
            "match with the English",
            f"{sentence:.2f}",
            "probability that the Korean renders this English sentence, whole: embedding margins, "
            "coverage, numbers, untranslated words and garble flags (trained on synthetic damage)",
            lowers=sentence < 0.5,
        )
    ]
    accuracy = fidelity / sentence if sentence > 1e-6 else None
    if accuracy is None or accuracy > 1.0 + 1e-3:
        return "", factors
    factors.append(
        PartLine(
            "no accuracy error",
            f"{min(accuracy, 1.0):.2f}",
            "1 − the chance of a serious accuracy error, from length, untranslated words, numbers and "
            "negation (fitted on reviewed machine translation); even a clean pair keeps some doubt here",
            lowers=accuracy < 0.5,
        )
    )
    return f"{fidelity:.2f} = {sentence:.2f} match × {min(accuracy, 1.0):.2f} no accuracy error", factors


def breakdown(alignment: Alignment, *, with_similarity: bool = True) -> Breakdown | None:
    """The parts behind ``alignment.fidelity`` in words, or None when it has none (an omission, an
    addition, a run without scores). Similarity comes last, labelled "embedding similarity", muted
    and never a reason: a copied English sentence is most similar to itself. ``with_similarity=False``
    leaves it out (a row whose untranslated flag already explains its fidelity)."""
    parts = alignment.fidelity_parts
    if not parts:
        return None
    formula, factors = _factors(alignment.fidelity, parts)
    lines: list[PartLine] = []
    length = _length_line(parts)
    for name, label, help_text, shown, lowers, muted in _PARTS:
        if name not in parts or (name in _OPTIONAL and not parts[name]):
            continue
        value = parts[name]
        lines.append(PartLine(label, shown(value), help_text, lowers=lowers(value), muted=muted))
        if name == "coverage" and length is not None:
            lines.append(length)
    if length is not None and "coverage" not in parts:
        lines.insert(0, length)
    if "fluency_mean" in parts:
        lines.append(
            PartLine(
                "Korean grammar (kiwi)",
                f"{parts['fluency_mean']:.1f} / {parts.get('fluency_min', parts['fluency_mean']):.1f}",
                "the language model's log-probability of the Korean's particles and endings, mean / worst "
                "(closer to 0 is more usual); not in the score",
                muted=True,
            )
        )
    for name in sorted(set(parts) - _HANDLED):  # a part this report does not know yet: shown as is
        label = name.replace("_", " ")
        lines.append(PartLine(label, f"{parts[name]:.3g}", f"fidelity part {name}", muted=True))
    if with_similarity and "similarity" in parts:
        lines.append(
            PartLine(
                "embedding similarity",
                f"{parts['similarity']:.2f}",
                "cosine of the two sentence vectors: not a quality figure (every pair of one article sits "
                "near it, and English copied into the Korean is most similar to itself)",
                muted=True,
            )
        )
    reasons = [line for line in factors if line.lowers] + [line for line in lines if line.lowers]
    return Breakdown(formula=formula, factors=factors, reasons=reasons, lines=lines)


def fidelity_note(alignment: Alignment) -> str:
    """What stands under a fidelity that needs a word: an addition's, an omission's, a missing one."""
    if not alignment.source_ids:
        return "no English to be faithful to"
    if not alignment.target_ids:
        return "nothing of the English is rendered"
    return "" if alignment.fidelity is not None else "not scored"


# --------------------------------------------------------------------------- primary and secondary flags

Nested = int | Flag
"""A flag shown under another: its position in the row's flags, or one of the primary's ``related``
flags (which the checks fold into it, so the row does not list them itself)."""


def _related(flag: Flag, flags: Sequence[Flag]) -> list[Nested]:
    """``flag.related``, each as its position in ``flags`` when the row lists it too, else as is."""
    found: list[Nested] = []
    for item in getattr(flag, "related", None) or ():
        positions = [k for k, other in enumerate(flags) if other is item] or [
            k for k, other in enumerate(flags) if other == item and other is not flag
        ]
        found.append(positions[0] if positions else item)
    return found


def flag_tree(flags: Sequence[Flag]) -> list[tuple[int, list[Nested]]]:
    """The row's flags as its list shows them: each top-level flag (by position) with the flags shown
    under it. A flag's ``related`` flags go under it (``checks.registry.attach_related`` folds them
    there); a low-fidelity flag the row still lists on its own goes under the worst flag of
    :data:`EXPLAINS_LOW_FIDELITY` on the row, since fixing that one is what raises the fidelity. A flag
    is shown once, and never under a flag that is itself shown under another."""
    children: dict[int, list[Nested]] = {}
    nested: set[int] = set()
    for position, flag in enumerate(flags):
        if position in nested:
            continue
        for item in _related(flag, flags):
            if isinstance(item, int) and (item == position or item in nested or item in children):
                continue
            children.setdefault(position, []).append(item)
            if isinstance(item, int):
                nested.add(item)
    causes = [k for k, flag in enumerate(flags) if flag.code in EXPLAINS_LOW_FIDELITY and k not in nested]
    if causes:
        cause = max(causes, key=lambda k: (Severity(flags[k].severity).rank, -k))
        for position, flag in enumerate(flags):
            if flag.code == LOW_FIDELITY and position not in nested and position not in children:
                children.setdefault(cause, []).append(position)
                nested.add(position)
    top = [position for position in range(len(flags)) if position not in nested]
    return [(position, children.get(position, [])) for position in top]


def secondary_message(flag: Flag, primary: Flag, fidelity: float | None) -> str:
    """What a flag shown under ``primary`` says: a low-fidelity flag names its cause instead of asking
    the editor to check the whole sentence again; any other keeps its message."""
    if flag.code != LOW_FIDELITY:
        return flag.message
    value = "" if fidelity is None else f" ({fidelity:.2f})"
    return f"low fidelity{value} follows from the {primary.code} above; fixing that raises it"


# --------------------------------------------------------------------------- chart labels


def spread(positions: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """``positions`` (label baselines) moved apart to at least ``gap`` and kept within [low, high],
    in their original order: two reference lines close together get two readable labels."""
    order = sorted(range(len(positions)), key=lambda k: positions[k])
    placed: list[float] = []
    for k in order:
        y = max(low, positions[k])
        if placed:
            y = max(y, placed[-1] + gap)
        placed.append(y)
    overflow = (placed[-1] - high) if placed else 0.0
    if overflow > 0:  # pushed past the bottom: shift the run up, keeping the gaps
        placed = [max(low, y - overflow) for y in placed]
    result = [0.0] * len(positions)
    for k, y in zip(order, placed, strict=True):
        result[k] = y
    return result
