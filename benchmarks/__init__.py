"""Hand-run measurements behind ``docs/benchmarks.md``.

Run each from the project root with the project's interpreter, e.g. ``python -m benchmarks.align_eval``.
What they share (corpus loading, the tune/report split, sampling, running the CLI, the docs writer,
the defect injectors) lives in :mod:`benchmarks.common`; hand-made data (verdicts, lexicons) lives in
``benchmarks/data/``.
"""
