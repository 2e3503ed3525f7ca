"""Where the injected defects get their words, and the proof that none comes from the package.

A benchmark that injects dangling nouns the check itself lists measures the list, not the check
(issue 10: 7 of 10 injected dangling nouns were in ``_LABEL_NOUNS``). So:

- :func:`package_words` collects every word the package could be keyed on: every Hangul run
  anywhere in ``tqcheck/`` (code, comments, docstrings and data alike: an example in a docstring is
  a word somebody tried), the one-word Latin string constants and those of ``"… …".split()`` lists,
  and every word of the package's JSON data (English words of messages and docstrings are not
  lists, and counting them would rule out half the language);
- :func:`draw_corpus_vocabulary` draws the dangling words of fused-token injections from the Korean
  of the corpora's *tune* half, as kiwi reads it (verbal nouns: a noun followed by 하다/되다/시키다;
  other nouns), less :func:`package_words`; the benchmarks use that draw frozen in
  ``benchmarks/data/dangling_vocabulary.json`` (:func:`corpus_vocabulary`), so a comment added to
  the package no longer changes what they inject, and a test keeps the frozen words out of the package;
- the hand-made lexicons in ``benchmarks/data/inject_lexicon.json`` (names, glossary terms) are
  checked against :func:`package_words` by a test, so they cannot drift into the package either.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common.corpus import CORPORA, DEFAULT_CORPORA, REPO_ROOT, load_pairs

PACKAGE_DIR = REPO_ROOT / "tqcheck"
_HANGUL_RUN = re.compile(r"[가-힣]+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")
#: The kiwi tags of a noun that can be left dangling, and of the suffix that makes a verbal noun a verb.
_NOUN_TAGS = frozenset({"NNG"})
_VERB_SUFFIX_TAGS = frozenset({"XSV", "XSA"})
#: Dangling words are 2-3 syllables (직면, 기자회견 is already a compound) and seen at least twice.
_SYLLABLES = (2, 3)
_MIN_COUNT = 2
#: Templates, styles and scripts of the reports: their Hangul counts too.
_TEXT_SUFFIXES = frozenset({".j2", ".css", ".js", ".txt", ".md", ".toml", ".csv", ".tsv"})


def _docstring_nodes(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _split_receivers(tree: ast.AST) -> set[int]:
    """String constants that are word lists written as ``"a b c".split()``."""
    return {
        id(node.func.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "split"
        and isinstance(node.func.value, ast.Constant)
    }


def _python_words(source: str) -> Iterator[str]:
    tree = ast.parse(source)
    docstrings, word_lists = _docstring_nodes(tree), _split_receivers(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str) or id(node) in docstrings:
            continue
        text = node.value
        if id(node) in word_lists or not any(char.isspace() for char in text.strip()):
            yield from _LATIN_WORD.findall(text)


def _json_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


@functools.cache
def package_words(package_dir: Path = PACKAGE_DIR) -> frozenset[str]:
    """Every Hangul run and listed Latin word the package's code and data hold (case as written)."""
    words: set[str] = set()
    for path in sorted(package_dir.rglob("*")):
        if path.suffix in _TEXT_SUFFIXES:
            words.update(_HANGUL_RUN.findall(path.read_text(encoding="utf-8")))
        if path.suffix == ".py":
            source = path.read_text(encoding="utf-8")
            words.update(_HANGUL_RUN.findall(source))
            words.update(_python_words(source))
        elif path.suffix == ".json":
            for text in _json_strings(json.loads(path.read_text(encoding="utf-8"))):
                words.update(_HANGUL_RUN.findall(text))
                words.update(_LATIN_WORD.findall(text))
    return frozenset(words)


@functools.cache
def _latin_casefolded() -> frozenset[str]:
    return frozenset(word.casefold() for word in package_words() if word.isascii())


def in_package(word: str) -> bool:
    """Whether the package lists ``word`` (Latin compared case-insensitively)."""
    return word in package_words() or word.casefold() in _latin_casefolded()


@dataclass(frozen=True)
class DanglingVocabulary:
    """Words an injection may leave dangling, drawn from corpus text, none of them the package's."""

    verbal_nouns: tuple[str, ...]
    nouns: tuple[str, ...]


def _stable_order(words: Counter[str]) -> list[str]:
    """Frequent words first, ties broken by a hash (not by the alphabet, not by ``hash()``)."""
    return sorted(words, key=lambda w: (-words[w], hashlib.sha256(w.encode()).hexdigest()))


#: The draw the benchmarks use, frozen: any Hangul added anywhere in ``tqcheck/`` used to change which
#: words were injected, so a figure moved with every comment. Refreshed only on purpose
#: (``python -m benchmarks.common.vocabulary --refresh``); a test keeps it disjoint from the package.
FROZEN_VOCABULARY = REPO_ROOT / "benchmarks" / "data" / "dangling_vocabulary.json"
_LIMIT = 80


@functools.cache
def corpus_vocabulary(corpora_dir: Path = DEFAULT_CORPORA, limit: int = _LIMIT) -> DanglingVocabulary:
    """The frozen draw (:data:`FROZEN_VOCABULARY`) for the shared corpora, else a fresh one."""
    if corpora_dir.resolve() == DEFAULT_CORPORA.resolve() and limit == _LIMIT and FROZEN_VOCABULARY.exists():
        return frozen_vocabulary()
    return draw_corpus_vocabulary(corpora_dir, limit)


def frozen_vocabulary() -> DanglingVocabulary:
    data = json.loads(FROZEN_VOCABULARY.read_text(encoding="utf-8"))
    return DanglingVocabulary(tuple(data["verbal_nouns"]), tuple(data["nouns"]))


def draw_corpus_vocabulary(corpora_dir: Path = DEFAULT_CORPORA, limit: int = _LIMIT) -> DanglingVocabulary:
    """Up to ``limit`` verbal nouns and other nouns from the Korean of both corpora's tune half, less
    :func:`package_words` as they are now."""
    from tqcheck.text.morphemes import morphemes  # kiwi only when a benchmark needs it

    verbal: Counter[str] = Counter()
    other: Counter[str] = Counter()
    for corpus in CORPORA:
        for pair in load_pairs(corpus, "tune", corpora_dir=corpora_dir):
            tokens = morphemes(pair.ko)
            for token, following in zip(tokens, [*tokens[1:], None], strict=True):
                if token.tag not in _NOUN_TAGS or not _HANGUL_RUN.fullmatch(token.form):
                    continue
                if not _SYLLABLES[0] <= len(token.form) <= _SYLLABLES[1]:
                    continue
                attached = following is not None and following.start == token.end
                if attached and following.tag in _VERB_SUFFIX_TAGS:
                    verbal[token.form] += 1
                else:
                    other[token.form] += 1
    listed = package_words()
    verbal_nouns = [w for w in _stable_order(verbal) if verbal[w] >= _MIN_COUNT and w not in listed]
    nouns = [
        w for w in _stable_order(other) if other[w] >= _MIN_COUNT and w not in listed and w not in verbal
    ]
    return DanglingVocabulary(tuple(verbal_nouns[:limit]), tuple(nouns[:limit]))


def refresh_frozen_vocabulary(commit: str) -> DanglingVocabulary:
    """Draw again and write :data:`FROZEN_VOCABULARY` (the figures of every injection benchmark move)."""
    vocabulary = draw_corpus_vocabulary()
    record = {
        "about": "2-3 syllable nouns seen at least twice in the Korean of the shared corpora's tune half "
        "(no text), less the package's words at the commit below; see benchmarks/common/vocabulary.py",
        "commit": commit,
        "verbal_nouns": list(vocabulary.verbal_nouns),
        "nouns": list(vocabulary.nouns),
    }
    FROZEN_VOCABULARY.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return vocabulary


if __name__ == "__main__":
    import argparse
    import subprocess

    parser = argparse.ArgumentParser(description="Refresh the frozen injection vocabulary.")
    parser.add_argument("--refresh", action="store_true", required=True)
    parser.parse_args()
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO_ROOT
    )
    drawn = refresh_frozen_vocabulary(head.stdout.strip())
    print(f"{FROZEN_VOCABULARY}: {len(drawn.verbal_nouns)} verbal nouns, {len(drawn.nouns)} nouns")
