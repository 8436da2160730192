#!/usr/bin/env python3
"""Writes schemaorg-context.jsonld: one term per schema.org class, property and enumeration
member of the vocabulary file given (schemaorg-current-https.jsonld), and no @vocab.

Why generate it: schema.org's own context maps every word through "@vocab", so a misspelt or
invented term still expands to a schema.org IRI and nothing would be caught. With one explicit
term per vocabulary entry, jsonld_check.py can tell a real term from an unknown one.

    python3 make_context.py schemaorg-current-https.jsonld > schemaorg-context.jsonld
"""
import json
import sys

PREFIX = "schema:"


def main(path):
    with open(path, encoding="utf-8") as f:
        graph = json.load(f)["@graph"]
    terms = sorted({node["@id"][len(PREFIX):] for node in graph if node["@id"].startswith(PREFIX)})
    context = {"schema": "https://schema.org/", "id": "@id", "type": "@type"}
    context.update({term: PREFIX + term for term in terms})
    json.dump({"@context": context}, sys.stdout, indent=0, sort_keys=False, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
