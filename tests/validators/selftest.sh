#!/usr/bin/env bash
# Shows that each check of run.sh (but Lighthouse, which is slow) can pass and can fail: a small
# site that is right passes them, and each known defect put into a copy of it is reported.
# Usage: tests/validators/selftest.sh   (after install.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

good="$work/good"
mkdir -p "$good/a"
cat >"$good/atom.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Proceedings</title>
  <link href="https://example.org/p/"/>
  <id>https://example.org/p/</id>
  <updated>2023-11-10T00:00:00Z</updated>
  <author><name>Jane Doe</name></author>
  <entry>
    <title>A chapter</title>
    <link href="https://example.org/p/a/"/>
    <id>https://example.org/p/a/</id>
    <updated>2023-11-10T00:00:00Z</updated>
    <summary>What it says.</summary>
  </entry>
</feed>
XML
cat >"$good/sitemap.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://example.org/p/</loc><lastmod>2023-11-10</lastmod></url>
</urlset>
XML
cat >"$good/cite.bib" <<'BIB'
@proceedings{doe2023,
  title = {{Workshop Proceedings}},
  editor = {Doe, Jane},
  publisher = {The Project},
  year = {2023},
}
@incollection{roe2023a,
  author = {Roe, Richard},
  title = {{About IGP and the US}},
  booktitle = {{Workshop Proceedings}},
  editor = {Doe, Jane},
  publisher = {The Project},
  year = {2023},
}
BIB
cat >"$good/a/index.html" <<'HTML'
<!doctype html><html><head><title>A</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Chapter","name":"A chapter","author":{"@type":"Person","name":"Richard Roe"},"isPartOf":{"@type":"Book","name":"Workshop Proceedings","editor":{"@type":"Person","name":"Jane Doe"}}}</script>
</head><body></body></html>
HTML

# A small PDF that is right: written with its cross-reference offsets counted here.
python3 - "$good/proceedings.pdf" <<'PY'
import sys
objs = [
    b"<< /Type /Catalog /Pages 2 0 R /MarkInfo << /Marked true >> /StructTreeRoot 5 0 R /Metadata 6 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
    None,
    b"<< /Type /StructTreeRoot >>",
    None,
]
content = b"0 0 m 100 100 l S"
objs[3] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part="2" pdfaid:conformance="B"/></rdf:RDF></x:xmpmeta>'
objs[5] = b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(xmp) + xmp + b"\nendstream"
out = bytearray(b"%PDF-1.7\n")
offsets = []
for i, body in enumerate(objs, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offsets:
    out += b"%010d 00000 n \n" % o
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open(sys.argv[1], "wb").write(out)
PY

# A small right EPUB 3 from its files under $good/epub/ (zipped by zip_epub, mimetype first and
# stored), so each defect below is one edit of one file.
mkdir -p "$good/epub/META-INF" "$good/epub/EPUB"
printf 'application/epub+zip' >"$good/epub/mimetype"
cat >"$good/epub/META-INF/container.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles></container>
XML
cat >"$good/epub/EPUB/package.opf" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">urn:uuid:5f0f5b6e-1c1a-5d3e-9c4a-0b8f7e6d5c4b</dc:identifier>
<dc:title>Proceedings</dc:title>
<dc:language>en</dc:language>
<meta property="dcterms:modified">2023-11-10T00:00:00Z</meta>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="c0" href="c0.xhtml" media-type="application/xhtml+xml"/>
</manifest>
<spine><itemref idref="nav"/><itemref idref="c0"/></spine>
</package>
XML
cat >"$good/epub/EPUB/nav.xhtml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en"><head><title>Contents</title></head>
<body><nav epub:type="toc" id="toc"><h1>Contents</h1><ol><li><a href="c0.xhtml">A chapter</a></li></ol></nav></body></html>
XML
cat >"$good/epub/EPUB/c0.xhtml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en"><head><title>A chapter</title></head>
<body><h1 id="a">A chapter</h1><p>Text, and <a href="c0.xhtml#a">a link</a>.</p></body></html>
XML

# zip_epub SITE: SITE/epub/ → SITE/proceedings.epub.
zip_epub() {
  python3 - "$1" <<'PY'
import os, sys, zipfile
site = sys.argv[1]
src = os.path.join(site, "epub")
with zipfile.ZipFile(os.path.join(site, "proceedings.epub"), "w") as z:
    z.write(os.path.join(src, "mimetype"), "mimetype", zipfile.ZIP_STORED)
    for folder, _, files in sorted(os.walk(src)):
        for f in sorted(files):
            full = os.path.join(folder, f)
            name = os.path.relpath(full, src)
            if name != "mimetype":
                z.write(full, name, zipfile.ZIP_DEFLATED)
PY
}
zip_epub "$good"

# expect CHECK pass|fail [TEXT]: run the check on $site; a failure must mention TEXT.
expect() {
  local check=$1 want=$2 text=${3:-} out status=0
  out=$("$here/run.sh" "$site" "$check" 2>&1) || status=$?
  if [[ $want == pass && $status == 0 ]] || [[ $want == fail && $status != 0 && $out == *"$text"* ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "selftest: $check on $(basename "$site") should $want${text:+ with '$text'}; got:"
    sed 's/^/  /' <<<"$out"
  fi
}

# break NAME: a fresh copy of the good site to put one defect into.
break_copy() {
  site="$work/$1"
  cp -r "$good" "$site"
}

site=$good
for check in atom sitemap bibtex jsonld pdf epub; do expect "$check" pass; done

break_copy feed-without-id
sed -i '0,/<id>/{/<id>/d}' "$site/atom.xml"
expect atom fail "id"

break_copy sitemap-bad-date
sed -i 's|<lastmod>2023-11-10</lastmod>|<lastmod>10 Nov 2023</lastmod>|' "$site/sitemap.xml"
expect sitemap fail "lastmod"

break_copy bib-no-author
sed -i '/author = {Roe, Richard},/d' "$site/cite.bib"
expect bibtex fail "empty author in roe2023a"

break_copy bib-unprotected-title
sed -i 's|title = {{About IGP and the US}},|title = {About IGP and the US},|' "$site/cite.bib"
expect bibtex fail "IGP -> igp"

break_copy jsonld-unknown-term
sed -i 's|"editor":|"editr":|' "$site/a/index.html"
expect jsonld fail "'editr' is not a schema.org term"

break_copy jsonld-unknown-type
sed -i 's|"@type":"Chapter"|"@type":"BookChapter"|' "$site/a/index.html"
expect jsonld fail "'BookChapter' is not a schema.org term"

break_copy jsonld-not-json
sed -i 's|"name":"A chapter",|"name":"A chapter",,|' "$site/a/index.html"
expect jsonld fail "not JSON"

break_copy pdf-bad-xref
python3 - "$site/proceedings.pdf" <<'PY'
import re, sys
p = sys.argv[1]
b = open(p, "rb").read()
# The cross-reference table pointed 7 bytes off: readers must repair the file to open it.
b = re.sub(rb"startxref\n(\d+)", lambda m: b"startxref\n%d" % (int(m.group(1)) + 7), b)
open(p, "wb").write(b)
PY
expect pdf fail "qpdf"

break_copy pdf-untagged
# Spaces for the catalog's reference, byte for byte, so the offsets stay right.
sed -i 's|/StructTreeRoot 5 0 R|                     |' "$site/proceedings.pdf"
expect pdf fail "not a tagged PDF"

break_copy pdf-linked-but-missing
rm "$site/proceedings.pdf"
echo '<a href="../proceedings.pdf">PDF</a>' >>"$site/a/index.html"
expect pdf fail "pages link proceedings.pdf"

break_copy epub-no-modified-date
sed -i '/dcterms:modified/d' "$site/epub/EPUB/package.opf"
zip_epub "$site"
expect epub fail "dcterms:modified"

break_copy epub-not-well-formed
sed -i 's|<p>Text|<p>Text<br>|' "$site/epub/EPUB/c0.xhtml"
zip_epub "$site"
expect epub fail "br"

break_copy epub-link-to-missing-file
sed -i 's|c0.xhtml#a|c1.xhtml|' "$site/epub/EPUB/c0.xhtml"
zip_epub "$site"
expect epub fail "c1.xhtml"

echo "selftest: $passed passed, $failed failed"
((failed == 0))
