#!/usr/bin/env python3
"""Reads Lighthouse JSON reports and prints one line per failure: a category of
accessibility, best-practices and SEO below 100 (with the audits that cost points), or a
cumulative layout shift above 0.

    lighthouse_check.py NAME=REPORT.json...   (exit 1 if any failure)
"""
import json
import sys

CATEGORIES = ("accessibility", "best-practices", "seo")


def main(args):
    failures = []
    for arg in args:
        name, path = arg.split("=", 1)
        try:
            with open(path, encoding="utf-8") as f:
                report = json.load(f)
        except (OSError, ValueError) as e:
            failures.append(f"{name}: no Lighthouse report ({e})")
            continue
        if report.get("runtimeError"):
            failures.append(f"{name}: Lighthouse runtime error: {report['runtimeError']}")
        audits = report["audits"]
        for cat in CATEGORIES:
            category = report["categories"].get(cat)
            if category is None:
                failures.append(f"{name}: no {cat} score")
                continue
            score = category["score"]
            if score is None or score < 1:
                lost = []
                for ref in category["auditRefs"]:
                    audit = audits.get(ref["id"], {})
                    if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
                        lost.append(f"{ref['id']} ({audit.get('title', '')})")
                shown = "none" if score is None else round(score * 100)
                failures.append(f"{name}: {cat} {shown}: " + "; ".join(lost or ["(no scored audit failed)"]))
        cls = audits.get("cumulative-layout-shift", {}).get("numericValue")
        if cls is None:
            failures.append(f"{name}: no CLS measured")
        elif cls > 0:
            failures.append(f"{name}: CLS {cls:.3f}")
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
