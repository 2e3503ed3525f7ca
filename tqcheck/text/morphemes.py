"""The Korean morphological analyser: one Kiwi per process, loaded only when an answer is not cached.

Loading kiwi costs about 2 s of a cold run (reading its model, then building its dictionaries on the
first analysis: 0.8 s and 1.0 s on a quiet machine) and 100+ MB, more than embedding a short
document. Every stage that analyses Korean (the segmenter, the checks, the fidelity scorer) must see
the same analysis, so all of them ask here, and the answers are cached twice: in memory, because the
checks and the scorer ask about the same strings again and again, and on disk (a ``TextCache`` table
beside the embedding cache) once the pipeline attaches it (:func:`use_analysis_cache`), because an
analysis is a pure function of the text and the analyser's version, so a warm run answers every
question without loading kiwi at all.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from tqcheck.text.scripts import has_final_consonant

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

    from tqcheck.io.sqlite_store import TextCache

T = TypeVar("T")
_loading = threading.Lock()
_kiwi: Kiwi | None = None
_cache: TextCache | None = None
_flush_at_exit: list[object] = []  # analyses made outside a check (a failed one) are kept too


def load_kiwi() -> Kiwi:
    """The process's one Kiwi, loaded on the first question no cache can answer (a lock makes two
    threads, a Dask worker's, wait for one load)."""
    global _kiwi
    if _kiwi is None:
        with _loading:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                # Without the multi-word dictionary (names such as "로베르토 카를로스" read as one
                # NNP): it adds about 1.4 s to the first analysis of every process, a third of a cold
                # start, and changed no flag of checks_eval's tune half nor any split of split_eval;
                # the two words of such a name are read as two NNPs instead.
                _kiwi = Kiwi(load_multi_dict=False)
    return _kiwi


def kiwi_loaded() -> bool:
    """Whether this process has loaded kiwi (a warm run never does)."""
    return _kiwi is not None


class SentenceSpan(NamedTuple):
    """One sentence of :meth:`KiwiAnalyser.split_into_sents`: offsets into the text that was split."""

    text: str
    start: int
    end: int


class KiwiAnalyser:
    """What :func:`get_kiwi` returns: kiwi's own API, with the questions the project asks cached.

    ``split_into_sents(text, return_tokens=False)`` (the segmenter's question) is answered from the
    caches as :class:`SentenceSpan` items; any other call loads kiwi and goes straight to it.
    """

    def split_into_sents(self, text: Any, *args: Any, **options: Any) -> Any:
        if args or not isinstance(text, str) or options not in ({}, {"return_tokens": False}):
            return load_kiwi().split_into_sents(text, *args, **options)
        return [SentenceSpan(text[start:end], start, end) for start, end in _sentence_spans(text)]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and friends probing for hooks: not worth loading kiwi
            raise AttributeError(name)
        return getattr(load_kiwi(), name)


_ANALYSER = KiwiAnalyser()


def get_kiwi() -> KiwiAnalyser:
    """The shared analyser; it loads kiwi only for a question none of the caches can answer."""
    return _ANALYSER


def use_analysis_cache(directory: Path | None) -> None:
    """Keep analyses in ``directory`` (the embedding cache's folder) from now on; ``None`` stops.

    The pipeline calls this at the start of every check with the run's cache folder, so ``--no-cache``
    neither reads nor writes analyses either. A folder that cannot be used is no cache, never a failure.
    """
    global _cache
    if directory is None:
        if _cache is not None:
            _cache.close()
        _cache = None
        return
    version = analyser_version()
    if _cache is not None and _cache.serves(directory, version):
        return
    from tqcheck.io.sqlite_store import open_text_cache

    if _cache is not None and _cache.pid == os.getpid():
        _cache.close()
    _cache = open_text_cache(directory, version)
    if _cache is not None and not _flush_at_exit:
        _flush_at_exit.append(atexit.register(flush_analysis_cache))


def flush_analysis_cache() -> None:
    """Write the analyses made since the last flush (the pipeline calls it at the end of each check)."""
    if _cache is not None:
        _cache.flush()


@lru_cache(maxsize=1)
def analyser_version() -> str:
    """What a cached analysis depends on besides its text: the kiwipiepy code and model versions and
    how :func:`load_kiwi` configures them. Read from the installed metadata, without importing kiwi."""
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for package in ("kiwipiepy", "kiwipiepy_model"):
        try:
            versions.append(f"{package}-{version(package)}")
        except PackageNotFoundError:
            versions.append(f"{package}-unknown")
    return "+".join(versions) + ":Kiwi(load_multi_dict=False)"


#: How an answer becomes JSON, and back.
Codec = tuple[Callable[[T], Any], Callable[[Any], T]]


def _cached(kind: str, text: str, compute: Callable[[str], T], codec: Codec[T]) -> T:
    """``compute(text)`` through the disk cache: the stored answer when there is one, else a fresh one,
    stored. ``codec`` turns an answer into JSON and back; JSON round-trips every float exactly."""
    cache = _cache
    if cache is not None:
        stored = cache.get(kind, text)
        if stored is not None:
            return codec[1](json.loads(stored))
    value = compute(text)
    if cache is not None:
        cache.put(kind, text, json.dumps(codec[0](value), ensure_ascii=False))
    return value


# kiwipiepy gives a morpheme it guessed (not in its dictionary) one of these placeholder ids.
_UNKNOWN_IDS = frozenset({0, 1, 2, 3})


@dataclass(frozen=True)
class Morph:
    """One morpheme of kiwi's best analysis; offsets are into the analysed text."""

    form: str
    tag: str
    start: int
    end: int
    known: bool
    score: float


def _analyse(text: str) -> tuple[Morph, ...]:
    return tuple(
        Morph(
            token.form,
            token.tag,
            token.start,
            token.start + token.len,
            token.id not in _UNKNOWN_IDS,
            float(token.score),
        )
        for token in load_kiwi().tokenize(text)
    )


def _morphs_to_json(morphs: tuple[Morph, ...]) -> list[list[Any]]:
    return [[m.form, m.tag, m.start, m.end, m.known, m.score] for m in morphs]


def _morphs_from_json(rows: list[list[Any]]) -> tuple[Morph, ...]:
    return tuple(Morph(row[0], row[1], row[2], row[3], bool(row[4]), float(row[5])) for row in rows)


@lru_cache(maxsize=16384)
def morphemes(text: str) -> tuple[Morph, ...]:
    """kiwi's best analysis of ``text``."""
    return _cached("morphemes", text, _analyse, (_morphs_to_json, _morphs_from_json))


def _score(text: str) -> float:
    return float(load_kiwi().analyze(text, top_n=1)[0][1])


@lru_cache(maxsize=16384)
def log_probability(text: str) -> float:
    """kiwi's language-model score of its best analysis of ``text`` (a log probability).

    Comparing the score of a whole with the scores of its parts says whether two strings belong
    together (a compound, a heading and its sentence) or were merely run together.
    """
    return _cached("log_probability", text, _score, (float, float))


def _split(text: str) -> tuple[tuple[int, int], ...]:
    sentences = load_kiwi().split_into_sents(text, return_tokens=False)
    return tuple((sentence.start, sentence.end) for sentence in sentences)


def _spans_from_json(rows: list[list[int]]) -> tuple[tuple[int, int], ...]:
    return tuple((start, end) for start, end in rows)


@lru_cache(maxsize=4096)
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where kiwi ends the sentences of ``text``: ``(start, end)`` offsets."""
    return _cached("sentences", text, _split, (list, _spans_from_json))


# kiwi's tags for common and proper nouns (dependent nouns, NNB, are not words of their own).
NOUN_TAGS = frozenset({"NNG", "NNP"})


@lru_cache(maxsize=4096)
def noun_score(word: str) -> float | None:
    """How likely ``word`` is as a sentence-initial noun, or None when kiwi does not know it as one.

    Asked with an object particle after it, so kiwi reads ``보고`` as the noun "report" and not
    as 보+고 ("seeing and").
    """
    noun = dictionary_noun(word)
    return None if noun is None else noun.score


OBJECT_PARTICLE = ("을", "를")
TOPIC_PARTICLE = ("은", "는")


@lru_cache(maxsize=8192)
def dictionary_noun(word: str, particles: tuple[tuple[str, str], ...] = (OBJECT_PARTICLE,)) -> Morph | None:
    """``word`` as kiwi's dictionary noun, read before each particle of ``particles`` in turn (its
    form after a final consonant, then after a vowel), or None when no reading makes it one noun."""
    for after_consonant, after_vowel in particles:
        morphs = morphemes(word + (after_consonant if has_final_consonant(word[-1]) else after_vowel))
        if len(morphs) == 2 and morphs[0].tag in NOUN_TAGS and morphs[0].known and morphs[0].form == word:
            return morphs[0]
    return None


@lru_cache(maxsize=4096)
def verbal_noun_score(noun: str) -> float:
    """How readily ``noun`` takes 하다 (직면하다, 발표하다): high for verbal nouns, very low otherwise."""
    morphs = morphemes(noun + "했다")
    if len(morphs) >= 2 and morphs[0].form == noun and morphs[1].form == "하" and morphs[1].tag == "XSV":
        return morphs[1].score
    return float("-inf")
