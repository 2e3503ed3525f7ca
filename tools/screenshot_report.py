"""Regenerate ``docs/report.png``: the HTML report of ``corpora/news-1`` as headless Chromium draws it.

Runs the real CLI on the sample (with its reference, so BLEU/chrF/TER show), opens the HTML from
a temp dir and saves a screenshot of the top of the page with the "only flagged rows" filter on.
Needs Playwright's Python package and a Chromium binary (Debian's ``chromium`` at
/usr/bin/chromium by default, or ``--chromium``); Korean text needs a Hangul font such as
Debian's ``fonts-nanum``.

    python tools/screenshot_report.py [--out docs/report.png] [--full-page] [--all-rows]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NEWS = Path("corpora") / "news-1"  # relative, so the report shows repo paths, not this machine's
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]


def render_report(directory: Path) -> Path:
    html = directory / "report.html"
    command = [sys.executable, "-m", "tqcheck", "check", NEWS / "source.en.txt", NEWS / "target.ko.txt"]
    command += ["-r", NEWS / "reference.ko.txt", "--output", html]
    completed = subprocess.run(
        [str(part) for part in command], cwd=REPO, capture_output=True, text=True, timeout=900
    )
    # exit 1 only means the sample's planted defects tripped the gate
    if completed.returncode not in (0, 1) or not html.is_file():
        sys.exit(f"tqcheck failed ({completed.returncode}):\n{completed.stderr}")
    return html


def screenshot(html: Path, out: Path, args: argparse.Namespace) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=args.chromium,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": args.width, "height": args.height},
            device_scale_factor=1,
        )
        try:
            page = context.new_page()
            page.goto(html.as_uri())
            page.wait_for_load_state("load")
            page.evaluate("document.fonts.ready")
            if not args.all_rows:  # the filter at work: flagged rows right under the header
                page.check("#f-flagged")
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out), full_page=args.full_page)
        finally:
            context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "report.png")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1500)
    parser.add_argument("--full-page", action="store_true", help="capture the whole page, not the top")
    parser.add_argument("--all-rows", action="store_true", help="leave the 'only flagged rows' filter off")
    parser.add_argument("--keep-html", type=Path, help="also copy the rendered HTML here")
    args = parser.parse_args()
    if not Path(args.chromium).exists():
        sys.exit(f"no Chromium at {args.chromium} (apt-get install chromium, or pass --chromium)")
    with tempfile.TemporaryDirectory() as directory:
        html = render_report(Path(directory))
        if args.keep_html:
            args.keep_html.write_bytes(html.read_bytes())
        screenshot(html, args.out, args)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
