"""Korean language helpers shared by the segmenter and the checks.

One Kiwi per process: loading its model costs about a second and 100+ MB, and every
stage that analyses Korean must see the same analysis.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

HANGUL_SYLLABLE = re.compile(r"[가-힣]")


@lru_cache(maxsize=1)
def get_kiwi() -> Kiwi:
    from kiwipiepy import Kiwi

    return Kiwi()


def has_hangul(text: str) -> bool:
    return HANGUL_SYLLABLE.search(text) is not None
