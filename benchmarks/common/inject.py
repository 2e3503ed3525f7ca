"""Defect injectors for ``checks_eval``: each turns one corpus pair into a pair with exactly one
known defect (or declines, when the pair's text does not allow it).

An injector is ``(document, pair index, rng, n) -> Spec | None``; ``n`` counts the injections of
that code so far, so an injector can alternate between its kinds. Hangul is recognised with the
package's own classes (``tqcheck.text.scripts``) and Korean is analysed with its cached kiwi analysis,
so the injections read Korean exactly as the checks do; numbers, on the other hand, are found as
literal digit strings on purpose: the injection must edit the digits as written, and must not be
chosen by the very parser whose check it measures. The hand-made lexicons (dangling lead-in
transliterations, glossary synonyms) are in ``benchmarks/data/inject_lexicon.json``; the dangling
words of fused tokens come from the corpora's tune half (:mod:`benchmarks.common.vocabulary`). No
injected word is one of the package's own (a test checks it).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from benchmarks.common.corpus import Pair
from benchmarks.common.data import load_json
from benchmarks.common.vocabulary import corpus_vocabulary
from tqcheck.checks.registry import default_thresholds, registered_codes
from tqcheck.text.morphemes import morphemes
from tqcheck.text.scripts import (
    HANGUL_SYLLABLE,
    HANGUL_SYLLABLES,
    LATIN_ALNUM,
    LATIN_WORD,
    has_final_consonant,
    has_hangul,
    syllable_parts,
)

_LEXICON = load_json("inject_lexicon.json")
#: Latin name -> its usual Hangul transliteration (for term-inconsistency).
TERM_MAP: dict[str, str] = dict(_LEXICON["term_map"])
#: (English term, the Korean the glossary requires, a synonym the injected line uses instead).
GLOSSARY_TERMS: tuple[tuple[str, str, str], ...] = tuple(
    (term, required, synonym) for term, required, synonym in _LEXICON["glossary_terms"]
)

#: Plain (한다체) sentence endings and their 합니다체 forms, checked in this order.
REGISTER_ENDINGS = (
    ("없다.", "없습니다."),
    ("있다.", "있습니다."),
    ("이다.", "입니다."),
    ("한다.", "합니다."),
    ("된다.", "됩니다."),
    ("는다.", "습니다."),
)

#: Codes whose injection needs more than one line of the document to be untouched.
DOCUMENT_LEVEL = frozenset({"register-mix", "term-inconsistency", "glossary"})

HANGUL = HANGUL_SYLLABLE.pattern  # one syllable, for building patterns around it
ALNUM = LATIN_ALNUM.pattern
_QUESTION_END = re.compile(r"\?[\"'”’)]*$")
_SENTENCE_END = re.compile(r"[.?!][\"'”’)]*$")
#: A number as written (thousands separators allowed), not part of a decimal.
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)|(?<![\d.,])\d+(?![\d,]|\.\d)")
_CLOSERS = {"”": "“", "’": "‘", ")": "(", "]": "[", "」": "「", "』": "『"}
_FINAL_RIEUL, _FINAL_SSANG_SIOT = 8, 20  # Unicode's indexes of final ㄹ and ㅆ
_PLAIN_STOP = re.compile(rf"{HANGUL}다\.$")
_PLAIN_END = re.compile(rf"{HANGUL}다[.!]$")
_HANGUL_STOP = re.compile(rf"{HANGUL}\.$")


@dataclass
class BaseDoc:
    """A window of consecutive kept pairs to inject into, and far-away pairs to take lines from."""

    name: str
    corpus: str
    pairs: list[Pair]
    far: list[Pair]
    held_out: bool = False  # not among the lines the fidelity model is fitted on
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def lines(self) -> tuple[int, int]:
        return self.pairs[0].line, self.pairs[-1].line


@dataclass(frozen=True)
class Spec:
    """One defect, ready to be placed: base pairs ``start:stop`` become ``en``/``ko`` lines.

    ``gold_ko`` indexes ``ko`` (the defect line); ``gold_en`` indexes ``en`` (used for an
    omission, which has no Korean line). ``protected`` base pairs must stay untouched in the
    same variant (the other occurrences a document-level defect relies on).
    """

    code: str
    kind: str
    start: int
    stop: int
    en: tuple[str, ...]
    ko: tuple[str, ...]
    gold_ko: int | None
    gold_en: int | None
    before: str
    protected: frozenset[int] = frozenset()
    glossary: tuple[str, str] | None = None


Injector = Callable[[BaseDoc, int, random.Random, int], Spec | None]


def _one(code: str, kind: str, i: int, pair: Pair, ko: str, **extra: Any) -> Spec:
    return Spec(code, kind, i, i + 1, (pair.en,), (ko,), 0, None, pair.ko, **extra)


def fuse_dangling(ko: str, noun: str, at: int = 0) -> str | None:
    """Glue a dangling lead-in noun onto the word at ``at``: ``정부는`` -> ``성명정부는``."""
    word = ko[at:].split(" ", 1)[0]
    if not word or word.startswith(noun):
        return None
    if HANGUL_SYLLABLE.match(word[0]):
        if len(HANGUL_SYLLABLE.findall(word)) < 2:
            return None
    elif not word[0].isdigit():
        return None
    return ko[:at] + noun + ko[at:]


#: What the dangling word is glued onto, in turn: the first word, a name, a number.
FUSE_TARGETS = ("word", "name", "number")


def _clause_starts(ko: str) -> list[int]:
    """Where a sentence or clause starts (line start, after a comma or colon), as an MT leaves a
    lead-in word there."""
    return [0, *(m.end() for m in re.finditer(r"[,:]\s+", ko))]


def fuse_sites(ko: str) -> dict[str, list[int]]:
    """Clause starts by what starts there: a Hangul name (kiwi's NNP), a number, any other word."""
    names = {m.start for m in morphemes(ko) if m.tag == "NNP" and HANGUL_SYLLABLE.match(m.form[:1])}
    sites: dict[str, list[int]] = {kind: [] for kind in FUSE_TARGETS}
    for at in _clause_starts(ko):
        if ko[at : at + 1].isdigit():
            sites["number"].append(at)
        elif at in names:
            sites["name"].append(at)
        elif HANGUL_SYLLABLE.match(ko[at : at + 1]):
            sites["word"].append(at)
    return sites


def inject_fused(doc: BaseDoc, i: int, rng: random.Random, n: int) -> Spec | None:
    """A dangling word from the corpora's tune half (a verbal noun or another noun, in turn; never
    one of the package's words) glued onto the first word, a name or a number of a clause."""
    pair = doc.pairs[i]
    vocabulary = corpus_vocabulary()
    kind = "verbal noun" if n % 2 == 0 else "noun"
    pool = vocabulary.verbal_nouns if kind == "verbal noun" else vocabulary.nouns
    sites = fuse_sites(pair.ko)
    wanted = rng.choice(FUSE_TARGETS)
    target = wanted if sites[wanted] else "word"
    if not sites[target]:
        return None
    fused = fuse_dangling(pair.ko, rng.choice(pool), rng.choice(sites[target]))
    return _one("fused-token", f"{kind} + {target}", i, pair, fused) if fused else None


def make_headline(pair: Pair) -> tuple[str, str] | None:
    """A short pair from elsewhere as a heading: 3-8 English words, final punctuation stripped."""
    words = pair.en.split()
    if not 3 <= len(words) <= 8 or re.search(r"[\"“”'‘’()\[\]:;]", pair.en + pair.ko):
        return None
    en, ko = pair.en.rstrip(" .!?…,"), pair.ko.rstrip(" .!?…,")
    if not en[:1].isupper() or not has_hangul(ko) or len(ko) > 40:
        return None
    if any(word not in en for word in LATIN_WORD.findall(ko)):
        return None  # Latin the English lacks: a glossary line, not a translation
    return en, ko


def is_nominal(ko: str) -> bool:
    """Korean that ends in a noun, a number or a foreign word, as headings do (``…에 대한 관심``)."""
    tokens = [t for t in morphemes(ko) if not t.tag.startswith("S") or t.tag in ("SL", "SN", "SH")]
    return bool(tokens) and tokens[-1].tag.startswith(("NN", "NR", "NP", "XSN", "SL", "SN", "SH"))


def _headlines(doc: BaseDoc) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Heading material from far away: (nominal, other). Real headings are nominal (``새로운
    의술에 대해 증가하는 관심``); the corpora have few such pairs, so short sentences with their
    full stop stripped stand in for the rest."""
    if "headlines" not in doc.memo:
        pool = [h for p in doc.far if (h := make_headline(p))]
        nominal = [h for h in pool if is_nominal(h[1])]
        doc.memo["headlines"] = (nominal, [h for h in pool if h not in nominal])
    return doc.memo["headlines"]


def inject_run_on(doc: BaseDoc, i: int, rng: random.Random, n: int) -> Spec | None:
    """Every other injection uses a nominal heading, when the corpus has one far enough away."""
    pair = doc.pairs[i]
    nominal, other = _headlines(doc)
    pool = nominal if (n % 2 == 0 and nominal) or not other else other
    if not pool or not HANGUL_SYLLABLE.match(pair.ko[:1] or " "):
        return None
    head_en, head_ko = rng.choice(pool)
    kind = "nominal heading" if pool is nominal else "sentence as heading"
    return Spec(
        "run-on-headline", kind, i, i + 1, (head_en, pair.en), (f"{head_ko} {pair.ko}",), 0, None, pair.ko
    )


def comma_join(first: str, second: str) -> str | None:
    """``…말했다.`` + next sentence -> ``…말했다, next sentence`` (one line)."""
    if not _PLAIN_STOP.search(first):
        return None
    return f"{first[:-1]}, {second}"


def strip_stop(ko: str) -> str | None:
    """Drop the final full stop of a Korean sentence (nothing after it)."""
    return ko[:-1].rstrip() if _HANGUL_STOP.search(ko) else None


def inject_unterminated(doc: BaseDoc, i: int, rng: random.Random, n: int) -> Spec | None:
    pair = doc.pairs[i]
    if not _SENTENCE_END.search(pair.en):
        return None
    if n % 2 == 0 and i + 1 < len(doc.pairs):
        nxt = doc.pairs[i + 1]
        joined = comma_join(pair.ko, nxt.ko)
        if joined and _SENTENCE_END.search(nxt.en):
            return Spec(
                "unterminated", "comma join", i, i + 2, (pair.en, nxt.en), (joined,), 0, None, pair.ko
            )
    stripped = strip_stop(pair.ko)
    return _one("unterminated", "stop stripped", i, pair, stripped) if stripped else None


def inject_untranslated(doc: BaseDoc, i: int, rng: random.Random, n: int) -> Spec | None:
    pair = doc.pairs[i]
    # One word more than the check needs, so the copied English surely makes a long enough run.
    if len(LATIN_WORD.findall(pair.en)) <= default_thresholds()["untranslated"]["min_latin_words"]:
        return None
    return _one("untranslated", "English copied", i, pair, pair.en)


def shared_numbers(en: str, ko: str) -> list[re.Match[str]]:
    """Numbers (2 or more) written the same way, once each, in the Korean and the English."""
    english = Counter(m.group().replace(",", "") for m in _NUMBER.finditer(en))
    korean = Counter(m.group().replace(",", "") for m in _NUMBER.finditer(ko))
    return [
        m
        for m in _NUMBER.finditer(ko)
        if english[value := m.group().replace(",", "")] == 1 and korean[value] == 1 and int(value) >= 2
    ]


def change_number(text: str, kind: str) -> str:
    """``x10``: 300 -> 3000 (or 300 -> 30 when it ends in 0); ``digit``: one digit changed, the
    second for 100 and more (1890 -> 1990, 300 -> 310), else the last (13 -> 14)."""
    value = int(text.replace(",", ""))
    if kind == "x10":
        new = value // 10 if value % 10 == 0 and value >= 20 else value * 10
    else:
        digits = list(str(value))
        at = 1 if value >= 100 else len(digits) - 1
        digits[at] = str((int(digits[at]) + 1) % 10)
        new = int("".join(digits))
        if new < 2 or new == value:
            new = value + 2
    return f"{new:,}" if "," in text else str(new)


def inject_number(doc: BaseDoc, i: int, rng: random.Random, n: int) -> Spec | None:
    pair = doc.pairs[i]
    found = shared_numbers(pair.en, pair.ko)
    if not found:
        return None
    match = rng.choice(found)
    kind = "x10" if n % 2 == 0 else "digit"
    if kind == "x10" and re.fullmatch(r"1\d{3}|20\d{2}", match.group()):
        kind = "digit"  # 2004년 -> 20040년 is no error anyone makes
    changed = pair.ko[: match.start()] + change_number(match.group(), kind) + pair.ko[match.end() :]
    return _one("number-mismatch", kind, i, pair, changed)


def inject_omission(doc: BaseDoc, i: int, rng: random.Random, n: int) -> Spec | None:
    pair = doc.pairs[i]
    return Spec("omission", "line dropped", i, i + 1, (pair.en,), (), None, 0, pair.ko)


def _far_korean(doc: BaseDoc, rng: random.Random, near: int | None = None) -> str | None:
    """A Korean line from far away in the corpus (another article, another topic), of any length
    a sentence has; ``near``: within a quarter of that length."""
    pool = [p.ko for p in doc.far if len(p.ko) >= 8 and has_hangul(p.ko)]
    if near is not None:
        pool = [ko for ko in pool if abs(len(ko) - near) <= 0.25 * near]
    return rng.choice(pool) if pool else None


def inject_addition(doc: BaseDoc, i: int, rng: random.Random, n: int) -> Spec | None:
    pair = doc.pairs[i]
    extra = _far_korean(doc, rng)
    if extra is None:
        return None
    return Spec("addition", "unrelated line", i, i + 1, (pair.en,), (extra, pair.ko), 0, None, "")


def double_word(ko: str, rng: random.Random) -> str | None:
    """Say one inner word twice (``국가 국가``): a noun-led word, neither first nor last."""
    words = list(re.finditer(r"\S+", ko))
    starts = {w.start(): w for w in words[1:-1]}
    choices = [
        starts[token.start]
        for token in morphemes(ko)
        if token.start in starts
        and token.tag in ("NNG", "NNP")
        and len(token.form) >= 2
        and HANGUL_SYLLABLES.fullmatch(starts[token.start].group())
    ]
    if not choices:
        return None
    word = rng.choice(choices)
    return ko[: word.end()] + " " + word.group() + ko[word.end() :]


def inject_repetition(doc: BaseDoc, i: int, rng: random.Random, n: int) -> Spec | None:
    pair = doc.pairs[i]
    doubled = double_word(pair.ko, rng)
    return _one("repetition", "word doubled", i, pair, doubled) if doubled else None


def speech_style(ko: str) -> str | None:
    """Rough register of a line from its last characters: plain, formal, polite or None."""
    tail = ko.rstrip(" \"'”’)")
    if re.search(r"니[다까][.?!]?$", tail):
        return "formal"
    if re.search(r"요[.?!]?$", tail):
        return "polite"
    if _PLAIN_END.search(tail):
        return "plain"
    return None


def is_plain_document(doc: BaseDoc) -> bool:
    """A 한다체 document: at least 80% of the lines with a recognisable register are plain."""
    styles = Counter(style for p in doc.pairs if (style := speech_style(p.ko)))
    known = sum(styles.values())
    return styles["plain"] >= 10 and styles["plain"] >= 0.8 * known


def to_formal(ko: str) -> str | None:
    """One plain ending to 합니다체: 했다. -> 했습니다., 이다. -> 입니다., 한다. -> 합니다. …"""
    for plain, formal in REGISTER_ENDINGS:
        if ko.endswith(plain) and len(ko) > len(plain):
            return ko[: -len(plain)] + formal
    last = ko[-3:-2] if ko.endswith("다.") else ""
    if _final(last) == _FINAL_SSANG_SIOT:  # 했다, 있었다
        return ko[:-2] + "습니다."
    return None


def inject_register(doc: BaseDoc, i: int, rng: random.Random, n: int) -> Spec | None:
    pair = doc.pairs[i]
    if not is_plain_document(doc):
        return None
    formal = to_formal(pair.ko)
    return _one("register-mix", "합니다체 ending", i, pair, formal) if formal else None


def _latin_pattern(term: str) -> re.Pattern[str]:
    """The name as a word of its own: not part of a hyphenated one (Maliki in al-Maliki)."""
    return re.compile(rf"(?<!{ALNUM})(?<!-){re.escape(term)}(?!{ALNUM}|-)")


_PARTICLES = (
    "에서|에게|으로|로|에|와|과|은|는|이|가|을|를|의|도|만|까지|부터|처럼|보다|측|씨|이라는|라는|이나|나|께"
)


def _hangul_pattern(form: str) -> re.Pattern[str]:
    """A Hangul name as a word of its own (오바마, 오바마는), not inside a longer noun (서울대공원)."""
    return re.compile(rf"(?<!{HANGUL})(?<!-){re.escape(form)}(?=(?:{_PARTICLES}){{0,2}}(?!{HANGUL}|-))")


def _term_occurrences(doc: BaseDoc) -> list[tuple[str, str, list[int], list[int]]]:
    """(term, Hangul form, pairs writing it in Latin, pairs writing it in Hangul) for every
    ``TERM_MAP`` name the English of the document mentions; only pairs whose English names it."""
    if "terms" not in doc.memo:
        found = []
        for term, hangul in TERM_MAP.items():
            latin, korean = _latin_pattern(term), _hangul_pattern(hangul)
            named = [k for k, p in enumerate(doc.pairs) if latin.search(p.en)]
            if len(named) < 2:
                continue
            in_latin = [k for k in named if latin.search(doc.pairs[k].ko)]
            in_hangul = [k for k in named if korean.search(doc.pairs[k].ko) and k not in in_latin]
            found.append((term, hangul, in_latin, in_hangul))
        doc.memo["terms"] = found
    return doc.memo["terms"]


def term_plan(doc: BaseDoc, i: int) -> tuple[str, str, str, frozenset[int]] | None:
    """(term, old form, new form, other occurrences) if rewriting one occurrence of a name at
    pair ``i`` leaves it the minority spelling in the document (ties go by Korean convention:
    acronyms in Latin letters, other names in Hangul)."""
    for term, hangul, in_latin, in_hangul in _term_occurrences(doc):
        if i not in in_latin + in_hangul or (in_latin and in_hangul):
            continue
        form = _latin_pattern(term) if i in in_latin else _hangul_pattern(hangul)
        if len(form.findall(doc.pairs[i].ko)) != 1:
            continue  # a line naming it twice (or two people of one name) would end up mixed
        acronym = term.isupper()
        if i in in_latin:
            keep, after = len(in_latin) - 1, len(in_hangul) + 1
            if after < keep or (after == keep and acronym):
                return term, term, hangul, frozenset(in_latin) - {i}
        else:
            keep, after = len(in_hangul) - 1, len(in_latin) + 1
            if after < keep or (after == keep and not acronym):
                return term, hangul, term, frozenset(in_hangul) - {i}
    return None


def inject_term(doc: BaseDoc, i: int, rng: random.Random, n: int) -> Spec | None:
    plan = term_plan(doc, i)
    if plan is None:
        return None
    term, old, new, others = plan
    pair = doc.pairs[i]
    if old == term:
        match = _latin_pattern(term).search(pair.ko)
        assert match is not None
        changed = pair.ko[: match.start()] + new + pair.ko[match.end() :]
        kind = "Latin -> Hangul"
    else:
        match = _hangul_pattern(old).search(pair.ko)
        assert match is not None
        changed = pair.ko[: match.start()] + new + pair.ko[match.end() :]
        kind = "Hangul -> Latin"
    return _one("term-inconsistency", kind, i, pair, changed, protected=others)


_PARTICLE_PAIRS = (("를", "을"), ("는", "은"), ("가", "이"), ("와", "과"), ("로", "으로"))


def _final(syllable: str) -> int:
    """Unicode's index of a syllable's final consonant (0: none, or not a syllable)."""
    parts = syllable_parts(syllable)
    return parts[2] if parts else 0


def replace_word(text: str, old: str, new: str) -> str:
    """Replace every ``old`` with ``new`` and fix the particle right after it for the new final
    sound (자동차를 -> 차량을, 음식은 -> 먹거리는)."""
    batchim = has_final_consonant(new[-1])
    pieces = text.split(old)
    for k in range(1, len(pieces)):
        rest = pieces[k]
        for vowel_form, consonant_form in _PARTICLE_PAIRS:
            wrong, right = (vowel_form, consonant_form) if batchim else (consonant_form, vowel_form)
            if rest.startswith(wrong) and not (wrong == "이" and HANGUL_SYLLABLE.match(rest[1:2] or " ")):
                if wrong == "로" and _final(new[-1:]) == _FINAL_RIEUL:
                    break  # ㄹ-final words take 로: 서울로
                pieces[k] = right + rest[len(wrong) :]
                break
    return new.join(pieces)


def _squash(text: str) -> str:
    return "".join(text.split()).casefold()


def glossary_plan(doc: BaseDoc, i: int) -> tuple[str, str, str, frozenset[int]] | None:
    """A glossary entry the pair at ``i`` follows, and every other pair naming the term follows too."""
    pair = doc.pairs[i]
    for term, required, synonym in GLOSSARY_TERMS:
        pattern = re.compile(rf"(?<!{ALNUM}){re.escape(term)}(?!{ALNUM})", re.IGNORECASE)
        if not pattern.search(pair.en) or required not in pair.ko:
            continue
        named = [k for k, p in enumerate(doc.pairs) if pattern.search(p.en)]
        if all(_squash(required) in _squash(doc.pairs[k].ko) for k in named):
            return term, required, synonym, frozenset(named) - {i}
    return None


def inject_glossary(doc: BaseDoc, i: int, rng: random.Random, n: int) -> Spec | None:
    plan = glossary_plan(doc, i)
    if plan is None:
        return None
    term, required, synonym, others = plan
    pair = doc.pairs[i]
    changed = replace_word(pair.ko, required, synonym)
    if _squash(required) in _squash(changed):
        return None
    return _one("glossary", "synonym used", i, pair, changed, protected=others, glossary=(term, required))


def _balanced(text: str) -> bool:
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return False
    return all(
        text.count(closer) == text.count(opener) for closer, opener in _CLOSERS.items() if opener != "‘"
    )


def drop_closer(ko: str) -> tuple[str, str] | None:
    """Remove the last closing quote or bracket of a balanced Korean line: (new text, kind)."""
    if not _balanced(ko):
        return None
    for at in range(len(ko) - 1, -1, -1):
        char = ko[at]
        if (char in _CLOSERS and char != "’") or (char == '"' and ko.count('"') >= 2):
            kind = "bracket" if char in ")]」』" else "quote"
            return ko[:at] + ko[at + 1 :], kind
    return None


def inject_punctuation(doc: BaseDoc, i: int, rng: random.Random, n: int) -> Spec | None:
    pair = doc.pairs[i]
    if _QUESTION_END.search(pair.en) and pair.ko.endswith("?"):
        return _one("punctuation-mismatch", "question mark", i, pair, pair.ko[:-1] + ".")
    if not _balanced(pair.en):
        return None
    dropped = drop_closer(pair.ko)
    if dropped is None:
        return None
    return _one("punctuation-mismatch", dropped[1], i, pair, dropped[0])


def truncate_third(ko: str) -> str | None:
    """The first third of a line, cut at the word boundary nearest a third of its length."""
    cuts = [m.start() for m in re.finditer(" ", ko)]
    if not cuts:
        return None
    cut = min(cuts, key=lambda at: abs(at - len(ko) / 3))
    return ko[:cut] if cut <= len(ko) / 2 else None


def inject_length(doc: BaseDoc, i: int, rng: random.Random, n: int) -> Spec | None:
    pair = doc.pairs[i]
    if len(pair.en) < 45:
        return None
    cut = truncate_third(pair.ko)
    return _one("length-ratio", "first third", i, pair, cut) if cut else None


def inject_low_fidelity(doc: BaseDoc, i: int, rng: random.Random, n: int) -> Spec | None:
    pair = doc.pairs[i]
    wrong = _far_korean(doc, rng, near=len(pair.ko))
    return _one("low-fidelity", "wrong sentence", i, pair, wrong) if wrong else None


#: One injector per code, in injection order (the order matters: it seeds which code is placed first).
INJECTORS: dict[str, Injector] = {
    "fused-token": inject_fused,
    "run-on-headline": inject_run_on,
    "unterminated": inject_unterminated,
    "untranslated": inject_untranslated,
    "number-mismatch": inject_number,
    "omission": inject_omission,
    "addition": inject_addition,
    "repetition": inject_repetition,
    "register-mix": inject_register,
    "term-inconsistency": inject_term,
    "glossary": inject_glossary,
    "punctuation-mismatch": inject_punctuation,
    "length-ratio": inject_length,
    "low-fidelity": inject_low_fidelity,
}


def check_codes() -> tuple[str, ...]:
    """Every registered check code: those with an injector first, in injection order, then the rest
    (which a benchmark reports as not injected)."""
    registered = registered_codes()
    stale = sorted(set(INJECTORS) - set(registered))
    if stale:
        raise RuntimeError(f"injectors for codes the registry does not know: {', '.join(stale)}")
    return (*INJECTORS, *(code for code in registered if code not in INJECTORS))
