"""The language layer: what every stage (io, segment, checks, score) knows about Korean and English text.

One definition per concept, so a fix to, say, what counts as an apostrophe reaches every check
at once:

- :mod:`~tqcheck.text.scripts`: Hangul, Latin and CJK character classes, syllable structure,
  the Hangul share of a text;
- :mod:`~tqcheck.text.marks`: quotation marks, apostrophes, brackets, sentence-final
  punctuation, short quotes of text for messages;
- :mod:`~tqcheck.text.morphemes`: the one kiwi analyser, its cached analysis and LM score;
- :mod:`~tqcheck.text.clauses`: where sentences and clauses end, in both languages;
- :mod:`~tqcheck.text.register`: Korean speech levels (합니다체, 해요체, 한다체, 해체);
- :mod:`~tqcheck.text.transliteration`: whether a Hangul word sounds like an English name;
- :mod:`~tqcheck.text.numbers`: the numbers a text states, and whether two sides agree.

Nothing here imports from ``checks`` or ``score``: they import from here.
"""
