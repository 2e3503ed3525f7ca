"""Korean numbers: digits with 만/억/조 and counters, Sino-Korean and native numerals, dates.

The Korean scale groups four digits, not three (1억 = 100 million), native numerals count
with counters (두 명, 세 번째), and vague forms (한두, 두세, 양국, 절반) confirm the English
without ever flagging.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import lru_cache

from tqcheck.text.numbers.korean_clock import (
    CLOCK_HOUR_END,
    clock_minutes,
    korean_clock_words,
    korean_meridiem,
)
from tqcheck.text.numbers.korean_words import (
    KO_BIG,
    KO_NATIVE_RANGES,
    KO_NATIVE_WORD,
    KO_SINO_WORD,
    native_value,
    sino_value,
)
from tqcheck.text.numbers.mention import (
    Found,
    NumberMention,
    clock_alternatives,
    fraction_alternatives,
    masked,
    percent_alternatives,
    to_float,
)

_KO_SMALL = {"천": 1e3, "백": 1e2}
# Counter nouns after a Hangul numeral (longest first when matching).
_KO_COUNTERS = sorted(
    (
        "명 개 곳 배 가지 번 살 시간 달 달러 해 마리 권 대 척 채 벌 잔 병 장 쪽 차례 군데 사람 주 주일 가구 "
        "그루 송이 켤레 편 건 개국 분 층 판 경기 골 표 통 발 년 개월 일 세 원 위 회 점 톤 퍼센트 킬로미터 "
        "미터 마일 명씩 형제 자녀 아이"
    ).split(),
    key=len,
    reverse=True,
)
# Counters a Hangul numeral may touch without a space ("두명") — the rest would catch words
# like 세대 (generation), 두개골 (skull), 세배 (New Year's bow).
_KO_TIGHT_COUNTERS = {"명", "개", "곳", "가지", "번", "살", "시간", "마리", "사람", "차례", "군데", "명씩"}
# What may follow a counter: particles and the like, so 두 개발 (two development?) is no count.
_KO_AFTER_COUNTER = set("이가을를은는의에도만씩째과와으로나뿐밖쯤정여동간전후뒤내중당께보부까엔")
# Units and counters after digits, by canonical unit name (used to pick the likeliest
# counterpart of a garbled number); matched longest first. "_" stands for a space.
_KO_UNIT_NAMES = {
    "percent": "퍼센트포인트 퍼센트 %포인트 %_포인트 %p %P % ％",
    "point": "포인트 점 골 표",
    "ordinal": "번째 분기 위 호 차 라운드",
    "article": "조",
    "decade": "년대",
    "year": "년 주년",
    "month": "개월",
    "month-of-year": "월",
    "week": "주일 주",
    "day": "일",
    "hour": "시간",
    "clock": "시",
    "minute": "분",
    "second": "초",
    "century": "세기",
    "age": "세 살",
    "person": "명 인",
    "country": "개국",
    "thing": "개 가지 개사 대 척 채 건 곳 권 편 마리 가구",
    "usd": "달러 불 센트",
    "krw": "원",
    "eur": "유로",
    "cny": "위안",
    "jpy": "엔",
    "km": "킬로미터 km ㎞ 킬로",
    "kmh": "km/h",
    "m": "미터 m",
    "mm": "밀리미터 mm",
    "cm": "센티미터 센티 cm",
    "mile": "마일",
    "ft": "피트",
    "inch": "인치",
    "lb": "파운드",
    "kg": "킬로그램 kg ㎏",
    "g": "그램 g",
    "t": "톤 t",
    "acre": "에이커",
    "ha": "헥타르 ha",
    "m2": "㎡ m2",
    "pyeong": "평",
    "gallon": "갤런",
    "l": "리터 ℓ",
    "deg": "도 °",
    "C": "℃ °C",
    "MW": "메가와트 MW",
    "GW": "기가와트 GW",
    "kW": "kw kW KW",
    "W": "와트",
    "lightyear": "광년",
    "times": "배 번 회 차례 연승 연패",
    "floor": "층",
}
_KO_DIGIT_UNITS: list[tuple[str, str]] = sorted(
    {
        unit.replace("_", " "): name for name, units in _KO_UNIT_NAMES.items() for unit in units.split()
    }.items(),
    key=lambda item: len(item[0]),
    reverse=True,
)
_KO_UNIT_TAIL_FORBIDDEN = {
    # a unit syllable that is really the start of another word
    "일": "본반단어",  # 일본 (Japan), 일반, 일단
    "시": "즌작장청민설스켜키",  # 시즌, 시작, 시장, 시청, 시민, 시설
    "위": "해한원험치",  # 위해 (for), 위한, 위원, 위험, 위치
    "원": "인래칙전자",  # 원인, 원래, 원칙
    "도": "시로록",  # 도시, 도로, 도록
    "세": "계대금력상",  # 세계, 세대, 세금, 세력
    "차": "이별례",  # 차이, 차별, (차례 is its own unit)
    "대": "통학표회응규상부책기",  # 대통령, 대학, 대표, 대회
    "주": "장민요의식목도",  # 주장, 주민, 주요
    "호": "텔주소응",  # 호텔, 호주
    "분": "야석쟁기열리",  # 분야, 분석, 분쟁
    "점": "차점",
    "표": "현정시명",
    "번": "역호",
    "배": "우경치구",
    "건": "물강설",
    "인": "구간정기권도상터",
    "개": "발선인최혁방",
    "명": "예단",
    "골": "프",
    "편": "지집",
    "불": "법구과안이",
    "엔": "진",
    "m": "a",
    "g": "a",
    "t": "a",
}
_KO_APPROX_BEFORE = re.compile(r"(?:약|대략|거의|줄잡아|근)\s*$")
_KO_APPROX_AFTER = re.compile(r"^\s*(?:여|가량|정도|쯤|남짓|안팎|내외|전후|가까이|육박|대)")
_KO_LOWER_BOUND = re.compile(r"^\s*(?:[을를이가은는의에]\s*)?(?:이상|넘|초과|웃돌|상회)")
_KO_UPPER_BOUND = re.compile(r"^\s*(?:[을를이가은는의에]\s*)?(?:이하|미만|밑돌|하회|안 ?되)")
_KO_DURATION_AFTER = (
    r"\s?(?:간|동안|만(?:에|이|의|으로)|째|짜리|이내|안에|(?:후|뒤|전)(?:에|부터|까지|의)?(?![가-힣])|씩|가량|"
    r"정도|여|이상|이하|내|밖에|뿐|"
    r"이 ?(?:걸|지나|넘|더|남)|에 ?걸|을 ?(?:앞|남)|를 ?(?:앞|남))"
)
_KO_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?")
# Brand names Korean glues model numbers to: 코로나19, 아이폰15, 보잉 747
_KO_CODE_BEFORE = re.compile(r"(?:코로나|아이폰|갤럭시|보잉|에어버스|윈도우?|플레이스테이션|엑스박스)\s?$")
_KO_DAY_WORDS = {
    "하루": (1, (24,)),
    "이틀": (2, (48,)),
    "사흘": (3, (72,)),
    "나흘": (4, (96,)),
    "닷새": (5, ()),
    "엿새": (6, ()),
    "열흘": (10, ()),
    "보름": (15, ()),
}
_KO_WORD_AFTER = r"(?=$|[^가-힣]|[이가을를은는의에도만씩째과와으로나동간전후뒤내중당께보부까])"
_KO_DAY_WORD = re.compile(r"(?<![가-힣])(" + "|".join(_KO_DAY_WORDS) + ")" + _KO_WORD_AFTER)
_KO_BOTH = re.compile(
    r"(?<![가-힣])양(?=(?:국|측|사|팀|당|자|진영|국가|정상|기관|기업|지역|쪽|대|손|쪽)|\s(?:팀|국|당))"
)
_KO_HALF = re.compile(r"(?<![가-힣])절반")
_KO_BATTING = re.compile(r"(?<![\d.])(\d)할(?:\s?(\d)푼)?(?:\s?(\d)리)?")


def _korean_counter(text: str, position: int, tight: bool) -> tuple[str, int] | None:
    """The counter noun at ``position`` (after an optional space) and where it ends."""
    spaced = text[position : position + 1] == " "
    at = position + 1 if spaced else position
    for counter in _KO_COUNTERS:
        if text.startswith(counter, at):
            if not spaced and tight and counter not in _KO_TIGHT_COUNTERS:
                continue
            after = text[at + len(counter) : at + len(counter) + 1]
            if after and "가" <= after <= "힣" and after not in _KO_AFTER_COUNTER:
                continue
            return counter, at + len(counter)
    return None


def _korean_digit_value(scanned: str, start: int, end: int, first: float) -> tuple[float, int]:
    """Extend a digit run with 천/백 and 만/억/조: 1억1천만 → 110,000,000; returns (value, end)."""
    total = 0.0
    section = 0.0
    current: float | None = first
    position = end
    last_big = math.inf
    while True:
        char = scanned[position : position + 1]
        if char in _KO_SMALL and current is not None:
            section += current * _KO_SMALL[char]
            current = None
            position += 1
            follow = _KO_NUMBER.match(scanned, position)
            if follow is not None:
                current = to_float(follow.group(0))
                position = follow.end()
            continue
        if char in KO_BIG and (current is not None or section):
            factor = KO_BIG[char]
            if factor >= last_big:
                break
            # 제5조, 헌법 9조 are articles, not trillions
            if char == "조" and (
                scanned[max(0, start - 1) : start] == "제"
                or "법" in scanned[max(0, start - 6) : start]
                or re.match(r"\s?\d+항", scanned[position + 1 : position + 6])
            ):
                break
            total += (section + (current or 0)) * factor
            section = 0
            current = None
            last_big = factor
            position += 1
            follow = _KO_NUMBER.match(scanned, position)
            spaced = re.match(r" (?=[\d,.]+[천백]?([만억]))", scanned[position:])
            if follow is None and spaced and KO_BIG[spaced.group(1)] < factor:
                follow = _KO_NUMBER.match(scanned, position + 1)  # "4억 5000만"
            if follow is not None:
                current = to_float(follow.group(0))
                position = follow.end()
            continue
        break
    return total + section + (current or 0), position


def korean_numbers(text: str) -> list[NumberMention]:
    """Every number the Korean text states, in order of position.

    Cached by text: the number check, the fidelity features and the review evidence all ask about the
    same segments (mentions are frozen; the caller gets its own list)."""
    return list(_korean_numbers(text))


@lru_cache(maxsize=8192)
def _korean_numbers(text: str) -> tuple[NumberMention, ...]:
    scanned = masked(text)
    found = Found()
    for match in _KO_BATTING.finditer(scanned):
        # 2할6푼8리, 4할 6리 (no 푼 for a zero): a batting average, .268 and .406
        if match.group(2) is None and match.group(3) is None:
            continue  # 3할 alone may be a share (3할대 타자 stays a plain number)
        value = int(match.group(1)) / 10 + int(match.group(2) or 0) / 100 + int(match.group(3) or 0) / 1000
        found.add(
            NumberMention(value, match.start(), match.end(), match.group(0), alternatives=(value * 100,))
        )
    korean_clock_words(text, scanned, found)
    for match in _KO_NUMBER.finditer(scanned):
        if found.free(match.start(), match.end()):
            mention = _korean_numeral(text, scanned, match)
            if found.free(mention.start, mention.end):
                found.add(mention)
    _korean_sino_words(text, scanned, found)
    _korean_native_words(text, scanned, found)
    for match in _KO_DAY_WORD.finditer(scanned):
        if found.free(match.start(), match.end()):
            value, alternatives = _KO_DAY_WORDS[match.group(1)]
            found.add(
                NumberMention(
                    float(value),
                    match.start(),
                    match.end(),
                    match.group(1),
                    unit="day",
                    alternatives=alternatives,
                )
            )
    for match in _KO_BOTH.finditer(scanned):
        if found.free(match.start(), match.end()):
            found.add(NumberMention(2.0, match.start(), match.end(), match.group(0), weak=True))
    for match in _KO_HALF.finditer(scanned):
        if found.free(match.start(), match.end()):
            found.add(
                NumberMention(
                    0.5, match.start(), match.end(), "절반", "fraction", weak=True, alternatives=(50, 2)
                )
            )
    mentions = _compound_durations(sorted(found.mentions, key=lambda mention: mention.start), scanned)
    mentions = _match_minutes(clock_minutes(mentions, text, scanned), scanned)
    return tuple(replace(m, bound=_korean_bound(scanned, m)) for m in mentions)


# Football reports count minutes from the start of each half: 후반 44분 is the 89th minute.
# 추가시간 (stoppage time) counts from the end of its half: 후반 추가시간 3분 is 90+3.
_KO_HALF_BEFORE = re.compile(r"(연장\s*)?(전반|후반)\s*(추가\s*시간\s*)?$")


def _match_minutes(mentions: list[NumberMention], scanned: str) -> list[NumberMention]:
    result = []
    for mention in mentions:
        half = _KO_HALF_BEFORE.search(scanned[max(0, mention.start - 12) : mention.start])
        if mention.unit == "minute" and half:
            extra, second, stoppage = half.group(1), half.group(2) == "후반", half.group(3)
            length = 15 if extra else 45
            offset = (90 if extra else 0) + length * (second + bool(stoppage))
            if offset:
                mention = replace(mention, alternatives=(*mention.alternatives, mention.value + offset))
        result.append(mention)
    return result


_KO_COMPOUND_UNITS = {("year", "month"): 12, ("hour", "minute"): 60}


def _compound_durations(mentions: list[NumberMention], scanned: str) -> list[NumberMention]:
    """1년 6개월 is also 18 months, 2시간 30분 also 150 minutes: the smaller unit carries the total."""
    result = list(mentions)
    for i in range(1, len(result)):
        larger, smaller = result[i - 1], result[i]
        factor = _KO_COMPOUND_UNITS.get((larger.unit or "", smaller.unit or ""))
        if factor and re.fullmatch(r"\s?", scanned[larger.end : smaller.start]) and larger.kind != "year":
            total = larger.value * factor + smaller.value
            result[i] = replace(smaller, alternatives=(*smaller.alternatives, total))
    return result


# Counters that name a currency: compared as currencies (삼백오십억 달러 is not 35 billion won).
_COUNTER_CURRENCIES = {"달러": "usd", "원": "krw"}


def _korean_sino_words(text: str, scanned: str, found: Found) -> None:
    """Hangul Sino-Korean numerals before a counter: 삼십 명, 백 명, 이백여 년."""
    for match in KO_SINO_WORD.finditer(scanned):
        word = match.group(1)
        if len(word) == 1 and word not in {"십", "백", "천", "만"}:
            continue
        if len(word) < 3 and any(big in word for big in "억조"):
            continue  # 구조대 (rescue team), 일조 (sunshine): 삼백오십억, 오십조 are the numerals
        value = sino_value(word)
        # 천장 (ceiling), 만원 (full): a one-syllable numeral needs a space before its counter
        if len(word) == 1 and scanned[match.end() : match.end() + 1] != " ":
            continue
        counter = _korean_counter(scanned, match.end(), tight=False)
        if value is None or counter is None or not found.free(match.start(), counter[1]):
            continue
        unit, end = counter
        approximate = _korean_approximate(scanned, match.start(), end)
        unit = _COUNTER_CURRENCIES.get(unit, unit)
        found.add(
            NumberMention(value, match.start(), end, text[match.start() : end], "cardinal", unit, approximate)
        )


def _korean_native_words(text: str, scanned: str, found: Found) -> None:
    """Native numerals before a counter: 여덟 명, 두 배, 열두 개, 세 번째, 두세 명."""
    for match in KO_NATIVE_WORD.finditer(scanned):
        word, start = match.group(1), match.start()
        counter = _korean_counter(scanned, match.end(), tight=True)
        if counter is None and " " in word:
            continue  # 열 네 is fourteen only before a counter (열 네 번째); else 열 is a noun
        if counter is None:
            # 세 외국어, 두 남성, 자녀가 셋이다: a native numeral with no counter; likely a number,
            # but only good enough to confirm the English, never to flag
            value = native_value(word) if word not in KO_NATIVE_RANGES else None
            after = scanned[match.end() : match.end() + 1]
            noun = re.match(r" [가-힣]", scanned[match.end() :])
            standalone = word not in {"한", "두", "세", "네", "스무"} and (
                not after or not "가" <= after <= "힣" or after in _KO_AFTER_COUNTER
            )
            if value is not None and value > 1 and (noun or standalone) and found.free(start, match.end()):
                found.add(NumberMention(value, start, match.end(), word, weak=True))
            continue
        unit, end = counter
        if not found.free(start, end):
            continue
        if word in KO_NATIVE_RANGES:
            low, high = KO_NATIVE_RANGES[word]
            found.add(NumberMention(float(low), start, end, text[start:end], weak=True, alternatives=(high,)))
            continue
        value = native_value(word)
        if value is None:
            continue
        kind = "cardinal"
        if scanned.startswith("째", end):
            kind = "ordinal"
            end += 1
        approximate = _korean_approximate(scanned, start, end)
        found.add(NumberMention(value, start, end, text[start:end], kind, unit, approximate))


def _korean_bound(scanned: str, mention: NumberMention) -> int:
    before = scanned[max(0, mention.start - 6) : mention.start]
    after = scanned[mention.end : mention.end + 8]
    if _KO_LOWER_BOUND.match(after) or re.search(r"최소(?:한)?\s*$", before):
        return 1
    if _KO_UPPER_BOUND.match(after) or re.search(r"최대\s*$", before):
        return -1
    return 0


def _korean_approximate(scanned: str, start: int, end: int) -> bool:
    return bool(
        _KO_APPROX_BEFORE.search(scanned[max(0, start - 6) : start])
        or _KO_APPROX_AFTER.match(scanned[end : end + 6])
        or scanned[start - 1 : start] == "~"
    )


def _korean_fraction(
    text: str, scanned: str, start: int, end: int, denominator: float
) -> NumberMention | None:
    """3분의 1, 3분의1, 3분의 일: a third."""
    fraction = re.match(r"\s?분의\s?(\d+(?:\.\d+)?|[일이삼사오육칠팔구십백]+)", scanned[end:])
    if fraction is None or not denominator:
        return None
    written = fraction.group(1)
    numerator = to_float(written) if written[0].isdigit() else sino_value(written)
    if numerator is None:
        return None
    end += fraction.end()
    ratio = numerator / denominator
    return NumberMention(
        ratio, start, end, text[start:end], "fraction", alternatives=fraction_alternatives(ratio)
    )


_KO_TEMPERATURE_BEFORE = re.compile(r"(?:영하|영상|섭씨|화씨|기온|온도|수온|체온)[^.?!]{0,12}$")


def _korean_unit(scanned: str, end: int) -> tuple[str | None, str]:
    """The unit or counter right after a number (or after one space): (unit name, its text)."""
    rest = scanned[end:]
    for candidate, name in _KO_DIGIT_UNITS:
        if not rest.startswith(candidate):
            continue
        tail = rest[len(candidate) : len(candidate) + 1]
        degrees = candidate == "도" and tail == "로" and _KO_TEMPERATURE_BEFORE.search(scanned[:end])
        if tail and tail in _KO_UNIT_TAIL_FORBIDDEN.get(candidate.strip(), "") and not degrees:
            continue  # 3일본, 5시즌: the syllable starts another word (but 영하 10도로 is degrees)
        if candidate[-1].isascii() and candidate[-1].isalpha() and re.match(r"[A-Za-z]", tail):
            continue  # 5mg is no 5m
        return name, candidate
    if re.match(r" [가-힣]", rest):
        spaced = _korean_unit_after(scanned, end + 1, strict=True)
        if spaced is not None:
            return spaced[0], " " + spaced[1]
    return None, ""


def _korean_day(scanned: str, before: str, end: int) -> str:
    """N일: "date" (28일(현지시간), 지난 25일), "count" (3일간, 10일 만에) or "day" (either)."""
    after = scanned[end:]
    if re.match(_KO_DURATION_AFTER, after):
        return "count"
    if re.search(r"(?:\d\s?월|지난|오는|이달|지난달|다음 ?달|내달|이번 ?달)\s*$", before) or re.match(
        r"\s?\(|,|\s?(?:오전|오후|밤|새벽|저녁|낮|아침|께|자 |까지|부터)", after
    ):
        return "date"
    return "day"


def _korean_numeral(text: str, scanned: str, match: re.Match[str]) -> NumberMention:
    """A number written in digits, with its Korean scale words, unit or counter."""
    start, digits = match.start(), match.group(0)
    value, end = _korean_digit_value(scanned, start, match.end(), to_float(digits))
    whole = value == int(value) and end == match.end()  # an integer written without 만/억
    before = scanned[max(0, start - 12) : start]
    fraction = _korean_fraction(text, scanned, start, end, value)
    if fraction is not None:
        return fraction

    unit, unit_text = _korean_unit(scanned, end)
    kind = "cardinal"
    if (
        re.search(r"[A-Za-z]-?$", before)
        or (unit is None and re.match(r"[A-Za-z]", scanned[end:]))  # 5G, 3D
        or (unit is None and _KO_CODE_BEFORE.search(before))  # 보잉 747 (but 보잉 747 30대 counts)
        or re.match(r"자\s?(?:회담|협상|회의|간)", scanned[end:])  # 6자회담: the six-party talks
    ):
        kind = "code"
    elif re.search(r"제\s?$", before):
        kind = "ordinal"  # 제2의 인생
    if unit is None and kind != "code":
        # "24~26일": the first number of a range takes the unit written after the second
        ahead = re.match(r"\s?(?:~|∼|〜|–|-)\s?\d+(?:\.\d+)?", scanned[end:])
        later = _korean_unit_after(scanned, end + ahead.end()) if ahead is not None else None
        unit = later[0] if later is not None else None
    if (
        unit == "clock"
        and not (whole and value <= 24)
        and not CLOCK_HOUR_END.match(scanned, end + len(unit_text))
    ):
        # 30시즌 is no clock; but 50시까지 is a clock time, just an impossible one (the MT's 5 -> 50),
        # and comparing it as a clock time is what catches it
        unit, unit_text = None, ""
    end += len(unit_text)

    alternatives: tuple[float, ...] = ()
    if kind == "code":
        pass
    elif unit == "percent":
        kind, alternatives = "percent", percent_alternatives(value)
    elif unit in {"ordinal", "article"}:
        kind = "ordinal"
    elif unit == "decade":
        kind = "decade"
        alternatives = (1900 + value, 2000 + value) if value < 100 else ()
    elif unit == "year" and whole and 1000 <= value <= 2100:
        kind = "year"
    elif unit == "month-of-year":
        kind, unit = ("month" if whole and 1 <= value <= 12 else "cardinal"), "month"
    elif unit == "day" and whole and 1 <= value <= 31:
        day = _korean_day(scanned, before, end)
        kind, unit = ("cardinal", "day") if day == "count" else ("day", day)
    elif unit == "clock":
        kind = "time"
        alternatives = clock_alternatives(value, korean_meridiem(before))
        if value == 12 and re.search(r"(?:밤|자정)\s*$", before):
            alternatives = (0.0, 24.0)  # 밤 12시: midnight
        half = re.match(r"\s?반(?![가-힣])|\s?반(?=[에을이은의부까께경])", scanned[end:])
        if half:
            # 3시 반: half past three
            value, alternatives, end = value + 0.5, tuple(h + 0.5 for h in alternatives), end + half.end()
    elif unit in {"deg", "C"}:
        # 섭씨 20도 is Celsius, 화씨 68도 Fahrenheit; 영하 10도 is also −10
        scale = re.search(r"(섭씨|화씨)?\s*(영하)?\s*(섭씨|화씨)?\s*$", before)
        named = scale and (scale.group(1) or scale.group(3))
        unit = "F" if named == "화씨" else "C" if named == "섭씨" else unit
        if scale and scale.group(2):
            alternatives = (-value,)
    elif unit == "minute" and re.search(r"\d\s?시\s?$", before):
        kind = "time"
    elif unit is None and whole and 1000 <= value <= 2100 and "," not in digits:
        kind = "year"

    approximate = _korean_approximate(scanned, start, end)
    if scanned[end : end + 1] == "여" and not unit_text:
        # 20여명, 50만여척: "some 20 people"
        approximate = True
        follow = _korean_unit_after(scanned, end + 1)
        if follow is not None:
            unit = follow[0]
            end += 1 + len(follow[1])
    # Consecutive ranges ("2, 3년", "2~3명", "3-4개") are vague, as is a bare 0 (2-0)
    range_after = re.match(r"\s?(?:,\s?|~|-|∼|〜)(\d+)", scanned[match.end() :])
    range_before = re.search(r"(\d+)\s?(?:,\s?|~|-|∼|〜)\s?$", before)
    weak = bool(
        (range_after and to_float(range_after.group(1)) == value + 1)
        or (range_before and to_float(range_before.group(1)) == value - 1)
        or (value == 0 and kind == "cardinal")
    )
    if unit is None and kind in {"cardinal", "year"} and end == match.end():
        dated = re.fullmatch(r"(\d{4})\.(\d{1,2})", digits)
        if dated and 1900 <= int(dated.group(1)) <= 2100 and 1 <= int(dated.group(2)) <= 12:
            # a dateline, "2005.10"
            kind, weak = "year", True
            value, alternatives = float(dated.group(1)), (float(dated.group(2)),)
        dated = re.fullmatch(r"([1-9]|1[0-2])\.([1-9]|[12]\d|3[01])", digits)
        if dated and re.match(r"(?:\s|$|[(\[])", scanned[end:]):
            # "6.15 남북공동선언", "9.11 테러": a date that names an event
            alternatives = (float(dated.group(1)), float(dated.group(2)))
    converted = (value * 3.3058, value * 35.58) if unit == "pyeong" else ()  # 평 → m², sq ft
    return NumberMention(
        value, start, end, text[start:end], kind, unit, approximate, weak, alternatives, converted
    )


def _korean_unit_after(scanned: str, position: int, strict: bool = False) -> tuple[str, str] | None:
    """The unit or counter at ``position``; ``strict`` also wants a particle or word end after it."""
    rest = scanned[position:]
    for candidate, name in _KO_DIGIT_UNITS:
        if not rest.startswith(candidate) or (strict and not "가" <= candidate[0] <= "힣"):
            continue
        tail = rest[len(candidate) : len(candidate) + 1]
        if tail and tail in _KO_UNIT_TAIL_FORBIDDEN.get(candidate, ""):
            continue
        if strict and tail and "가" <= tail <= "힣" and tail not in _KO_AFTER_COUNTER:
            continue
        return name, candidate
    return None
