"""``placeholder-mismatch``: a format placeholder or tag of a software string lost, changed or added.

The most common defect of machine-translated UI strings, and the one that breaks the program rather
than the reading: ``%d개의 파일`` for "%d files" is fine, ``파일 개`` drops the count, ``{네임}님`` for
"{name}" shows a raw token, ``% s`` crashes a format call. Placeholders are compared as a multiset
(Korean word order moves them; ``%1$s``/``{0}`` may be reordered freely); see
:mod:`tqcheck.text.placeholders` for what counts as one.
"""

from __future__ import annotations

from collections import Counter

from tqcheck.checks.registry import CheckContext, check
from tqcheck.model import Alignment, Flag
from tqcheck.text.placeholders import Placeholder, placeholders


def _unmatched(side: list[Placeholder], other: list[Placeholder]) -> list[Placeholder]:
    """The placeholders of ``side`` that ``other`` does not hold as often (later copies first unmatched)."""
    available = Counter(placeholder.text for placeholder in other)
    unmatched = []
    for placeholder in side:
        if available[placeholder.text] > 0:
            available[placeholder.text] -= 1
        else:
            unmatched.append(placeholder)
    return unmatched


@check(
    "placeholder-mismatch",
    severity="error",
    description="a placeholder or tag of the English (`%s`, `{name}`, `<b>`) missing, changed or added",
)
def placeholder_mismatch(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """Each placeholder the Korean lacks or adds; a lone changed one (``{네임}`` for ``{name}``) is one
    flag on the Korean with the English placeholder as its suggestion."""
    if not alignment.source_ids or not alignment.target_ids:
        return []
    source, target = placeholders(alignment.source_text), placeholders(alignment.target_text)
    if not source and not target:
        return []
    missing, added = _unmatched(source, target), _unmatched(target, source)
    code = "placeholder-mismatch"
    if len(missing) == 1 and len(added) == 1:
        lost, found = missing[0], added[0]
        message = f'"{found.text}" where the English has "{lost.text}": keep placeholders as they are'
        return [context.flag(code, message, "target", found.start, found.end, suggestion=lost.text)]
    flags = [
        context.flag(code, f'"{lost.text}" is missing from the Korean', "source", lost.start, lost.end)
        for lost in missing
    ]
    flags += [
        context.flag(code, f'"{found.text}" is not in the English', "target", found.start, found.end)
        for found in added
    ]
    return flags
