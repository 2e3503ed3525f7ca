"""What the benchmarks share, written once.

- :mod:`~benchmarks.common.corpus`: the shared corpora, line-parallel reading, the fixed tune/report
  split and the filters that drop pairs which are not translations;
- :mod:`~benchmarks.common.sampling`: seeded random streams and document windows;
- :mod:`~benchmarks.common.runner`: running ``tqcheck check`` as a user would, scratch folders and the
  command-line options every CLI benchmark takes;
- :mod:`~benchmarks.common.docs`: each benchmark's section of ``docs/benchmarks.md``;
- :mod:`~benchmarks.common.data`: the hand-made data files in ``benchmarks/data/``;
- :mod:`~benchmarks.common.perturb`: structural edits with gold alignments (``align_eval``);
- :mod:`~benchmarks.common.inject` and :mod:`~benchmarks.common.variants`: single known defects and the
  documents that carry them (``checks_eval``).
"""
