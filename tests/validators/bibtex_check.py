#!/usr/bin/env python3
"""cite.bib through two real BibTeX clients, every warning a failure:
BibTeX 0.99 itself with plain.bst (a .aux that cites every entry), and pybtex's plain style.
Also each title as those styles print it: plain lowercases the titles of parts (articles,
chapters), so a word like "IGP" that is not in braces comes out "igp".

    bibtex_check.py SITE/cite.bib   (prints one line per failure; exit 1 if any)
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pybtex.errors
from pybtex.database import parse_file
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style


def plain_text(latex):
    return " ".join(Text.from_latex(latex).render_as("text").split())


def case_changes(title, printed):
    """The words of the title that the style printed in another case ("IGP -> igp"), if the
    title as written is missing from what it printed but the same words are there."""
    printed = " ".join(printed.split())
    if title in printed:
        return []
    at = printed.lower().find(title.lower())
    if at < 0:
        return []
    shown = printed[at:at + len(title)]
    return [f"{a} -> {b}" for a, b in zip(title.split(), shown.split()) if a != b]


def run_bibtex(bib, failures):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "cite.bib").write_bytes(bib.read_bytes())
        (tmp / "check.aux").write_text("\\citation{*}\n\\bibdata{cite}\n\\bibstyle{plain}\n")
        run = subprocess.run(["bibtex", "-terse", "check"], cwd=tmp, capture_output=True, text=True)
        lines = (run.stdout + run.stderr).splitlines()
        # A warning is "Warning--empty author in KEY"; an error is followed by "---line N of file".
        for i, line in enumerate(lines):
            if line.startswith("Warning--") or "---line" in line or line.startswith("I couldn't"):
                failures.append(f"bibtex: {line.strip()}")
        if run.returncode not in (0, 1) or (run.returncode == 1 and not failures):
            failures.append(f"bibtex: exit {run.returncode}: {' | '.join(lines[-3:])}")
        bbl = (tmp / "check.bbl").read_text(errors="replace") if (tmp / "check.bbl").exists() else ""
    return {m.group(1): m.group(2) for m in re.finditer(r"\\bibitem\{([^}]*)\}(.*?)(?=\\bibitem|\\end\{thebibliography\})", bbl, re.S)}


def main(bib):
    bib = Path(bib)
    failures = []
    bbl_items = run_bibtex(bib, failures)

    pybtex.errors.set_strict_mode(True)
    try:
        data = parse_file(str(bib), "bibtex")
    except Exception as e:  # pybtex raises its own errors and a few plain ones on bad input
        failures.append(f"pybtex: cannot parse {bib}: {e}")
        data = None
    if data is not None:
        style = Style()
        for key, entry in data.entries.items():
            try:
                printed = next(iter(style.format_entries([entry]))).text.render_as("text")
            except Exception as e:
                failures.append(f"pybtex plain: {key}: {e}")
                printed = None
            title = entry.fields.get("title")
            if title is None:
                continue
            title = plain_text(title)
            changed = case_changes(title, printed) if printed is not None else []
            if changed:
                failures.append(f"pybtex plain: {key}: title {title!r} printed with {', '.join(changed)}")
            if key in bbl_items:
                in_bbl = plain_text(re.sub(r"\\(newblock|em)\b", "", bbl_items[key]))
                changed = case_changes(title, in_bbl)
                if changed:
                    failures.append(f"bibtex plain: {key}: title {title!r} printed with {', '.join(changed)}")
            else:
                failures.append(f"bibtex plain: {key}: not in the .bbl")

    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
