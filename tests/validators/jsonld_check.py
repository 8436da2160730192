#!/usr/bin/env python3
"""Every <script type="application/ld+json"> of every page, expanded by pyld against the
schema.org vocabulary (schemaorg-context.jsonld, served by a local document loader: no network).
A failure: invalid JSON, a context other than schema.org's, or a term or type that does not
expand to a term of the vocabulary.

    jsonld_check.py SITE   (prints one line per failure; exit 1 if any)
"""
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

from pyld import jsonld

HERE = Path(__file__).resolve().parent
SCHEMA_URLS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}
# Terms the page's context does not define land here instead of being dropped silently.
UNKNOWN = "urn:quire-validators:unknown:"


class Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self._in, self._line = [], False, 0

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("type", "").strip().lower() == "application/ld+json":
            self._in, self._line = True, self.getpos()[0]
            self.scripts.append([self._line, ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.scripts[-1][1] += data


def loader(context_doc):
    def load(url, options=None):
        if url.rstrip("/") + "/" in {u.rstrip("/") + "/" for u in SCHEMA_URLS}:
            return {"contentType": "application/ld+json", "contextUrl": None,
                    "documentUrl": url, "document": context_doc}
        raise jsonld.JsonLdError(f"context {url} is not schema.org's (no network here)",
                                 "loading document failed")
    return load


def vocabulary(context_doc):
    base = context_doc["@context"]["schema"]
    names = {v.split(":", 1)[1] for k, v in context_doc["@context"].items()
             if isinstance(v, str) and v.startswith("schema:")}
    return {scheme + "://schema.org/" + n for n in names for scheme in ("http", "https")} | {base}


def iris(node, found):
    """Property and type IRIs used anywhere in an expanded document."""
    if isinstance(node, list):
        for item in node:
            iris(item, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@type":
                found.update(value if isinstance(value, list) else [value])
            elif not key.startswith("@"):
                found.add(key)
            if key not in ("@value", "@id"):
                iris(value, found)


def main(site):
    site = Path(site)
    context_doc = json.loads((HERE / "schemaorg-context.jsonld").read_text(encoding="utf-8"))
    vocab = vocabulary(context_doc)
    options = {"documentLoader": loader(context_doc), "expandContext": {"@vocab": UNKNOWN}}
    failures, blocks = [], 0
    for page in sorted(site.rglob("*.html")):
        parser = Scripts()
        parser.feed(page.read_text(encoding="utf-8"))
        for line, text in parser.scripts:
            blocks += 1
            where = f"{page.relative_to(site)}:{line}"
            try:
                doc = json.loads(text)
            except json.JSONDecodeError as e:
                failures.append(f"{where}: not JSON: {e}")
                continue
            try:
                expanded = jsonld.expand(doc, options)
            except Exception as e:  # pyld's JsonLdError, and anything a bad document provokes
                failures.append(f"{where}: pyld cannot expand it: {e}")
                continue
            found = set()
            iris(expanded, found)
            for iri in sorted(found - vocab):
                term = iri[len(UNKNOWN):] if iri.startswith(UNKNOWN) else iri
                failures.append(f"{where}: {term!r} is not a schema.org term")
    if blocks == 0:
        failures.append(f"{site}: no application/ld+json script on any page")
    for f in failures:
        print(f)
    print(f"({blocks} JSON-LD blocks checked)", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
