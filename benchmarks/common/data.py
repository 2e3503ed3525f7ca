"""The hand-made data of the benchmarks (verdicts, lexicons), kept as files in ``benchmarks/data/``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def load_json(name: str) -> Any:
    """``benchmarks/data/NAME`` parsed."""
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
