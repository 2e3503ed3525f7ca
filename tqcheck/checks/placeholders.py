"""``placeholder-mismatch``: a format placeholder, tag or inline code of a software string lost,
changed or added.

The most common defect of machine-translated UI strings, and the one that breaks the program rather
than the reading: ``%d개의 파일`` for "%d files" is fine, ``파일 개`` drops the count, ``{네임}님`` for
"{name}" shows a raw token, ``% s`` crashes a format call. Placeholders are compared as a multiset
(Korean word order moves them; ``%1$s``/``{0}`` may be reordered freely); see
:mod:`tqcheck.text.placeholders` for what counts as one. XLIFF and TMX units carry their codes as
elements (``<ph id="1">``, ``<g id="b">``) that the text leaves out; the reader keeps them with each
segment (``Segment.codes``) and they are compared the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from tqcheck.checks.registry import CheckContext, check
from tqcheck.model import Alignment, Flag, Severity, Side
from tqcheck.text.placeholders import Placeholder, address_key, addresses, markdown_marks, placeholders

CODE = "placeholder-mismatch"


def _unmatched(side: Sequence[str], other: Sequence[str]) -> list[int]:
    """Positions in ``side`` of the items ``other`` does not hold as often (later copies first unmatched)."""
    available = Counter(other)
    unmatched = []
    for position, item in enumerate(side):
        if available[item] > 0:
            available[item] -= 1
        else:
            unmatched.append(position)
    return unmatched


def _inline_codes(alignment: Alignment, context: CheckContext, side: Side) -> list[str]:
    return [code for segment, _ in context.segments(alignment, side) for code in segment.codes]


def _code_flags(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """Inline codes lost or added: flags with no span, since the text holds no trace of a code."""
    source, target = _inline_codes(alignment, context, "source"), _inline_codes(alignment, context, "target")
    lost = [source[i] for i in _unmatched(source, target)]
    added = [target[i] for i in _unmatched(target, source)]
    return [
        *(
            context.flag(CODE, f"inline code {code} of the English is missing from the Korean", "target")
            for code in lost
        ),
        *(
            context.flag(CODE, f"inline code {code} of the Korean is not in the English", "target")
            for code in added
        ),
    ]


def _placeholder_flags(
    source: list[Placeholder], target: list[Placeholder], context: CheckContext
) -> list[Flag]:
    missing = [source[i] for i in _unmatched([p.text for p in source], [p.text for p in target])]
    added = [target[i] for i in _unmatched([p.text for p in target], [p.text for p in source])]
    if len(missing) == 1 and len(added) == 1:
        lost, found = missing[0], added[0]
        message = f'"{found.text}" where the English has "{lost.text}": keep placeholders as they are'
        return [context.flag(CODE, message, "target", found.start, found.end, suggestion=lost.text)]
    return [
        *(
            context.flag(CODE, f'"{p.text}" is missing from the Korean', "source", p.start, p.end)
            for p in missing
        ),
        *(context.flag(CODE, f'"{p.text}" is not in the English', "target", p.start, p.end) for p in added),
    ]


def _address_flags(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """A URL or e-mail address of the English that the Korean does not keep (a URL's host must be
    there, its path may be localised): a warning, since the sentence may still read, but the reader
    loses where to go."""
    kept = {address_key(address.text) for address in addresses(alignment.target_text)}
    return [
        context.flag(
            CODE,
            f'"{address.text}" is missing from the Korean: keep the address',
            "source",
            address.start,
            address.end,
            at_most=Severity.WARNING,
        )
        for address in addresses(alignment.source_text)
        if address_key(address.text) not in kept
    ]


@check(
    CODE,
    severity="error",
    description="a placeholder, tag or inline code of the English (`%s`, `{name}`, `<b>`, XLIFF `<ph>`, "
    "Markdown code and bold) missing, changed or added; a URL or e-mail address dropped (warning)",
)
def placeholder_mismatch(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """Each placeholder or inline code the Korean lacks or adds; a lone changed placeholder (``{네임}``
    for ``{name}``) is one flag on the Korean with the English placeholder as its suggestion."""
    if not alignment.source_ids or not alignment.target_ids:
        return []
    source = placeholders(alignment.source_text) + markdown_marks(alignment.source_text)
    target = placeholders(alignment.target_text) + markdown_marks(alignment.target_text)
    return (
        _code_flags(alignment, context)
        + _placeholder_flags(source, target, context)
        + _address_flags(alignment, context)
    )
