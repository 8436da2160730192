#!/usr/bin/env bash
# Runs validators and clients nobody here wrote against a built site (issue 13), and exits
# non-zero listing every failure:
#   atom      atom.xml against RFC 4287's RELAX NG schema (jing)
#   sitemap   sitemap.xml against the sitemaps.org 0.9 XSD (xmllint)
#   bibtex    cite.bib formatted with no warning by BibTeX 0.99 (plain.bst) and pybtex (plain)
#   jsonld    every ld+json script expanded by pyld with no term outside schema.org
#   pdf       proceedings.pdf read whole by qpdf --check (structure, xref, every stream decoded),
#             with the PDF/A identification and the structure tree of a tagged PDF present
#   epub      proceedings.epub through epubcheck with no error and no warning
#   lighthouse  home, session-1/, comparison/, print/ on mobile: accessibility, best practices
#             and SEO 100, CLS 0
# Usage: tests/validators/run.sh SITE_DIR [CHECK...]   (tools: tests/validators/install.sh)
# LIGHTHOUSE_REPORTS=DIR keeps Lighthouse's JSON reports there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tools=$root/target/validator-tools
site=$(cd "${1:?usage: run.sh SITE_DIR [CHECK...]}" && pwd)
shift
checks=("$@")
((${#checks[@]})) || checks=(atom sitemap bibtex jsonld pdf epub lighthouse)
export PYTHONPATH=$tools/python${PYTHONPATH:+:$PYTHONPATH} PYTHONDONTWRITEBYTECODE=1

work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

check_atom() {
  # jing reads the RFC's compact syntax as it is (-c); its Schematron annotations are ignored.
  jing -c "$here/atom.rnc" "$site/atom.xml"
}

check_sitemap() {
  xmllint --noout --schema "$here/sitemap.xsd" "$site/sitemap.xml" 2>&1 | grep -v ' validates$'
  return "${PIPESTATUS[0]}"
}

check_bibtex() {
  python3 "$here/bibtex_check.py" "$site/cite.bib"
}

check_jsonld() {
  python3 "$here/jsonld_check.py" "$site"
}

check_pdf() {
  local pdf=$site/proceedings.pdf
  # A site built with `pdf: false` or --no-pdf has none, and no page links one.
  if [[ ! -e $pdf ]]; then
    if grep -rlq --include='*.html' 'proceedings\.pdf' "$site"; then
      echo "pages link proceedings.pdf but the site has none"
      return 1
    fi
    echo "no proceedings.pdf in this site"
    return 0
  fi
  # Exit 0 only: 2 is an error, 3 a warning (a damaged file qpdf could still repair).
  qpdf --check "$pdf" >"$work/qpdf.log" 2>&1 || { cat "$work/qpdf.log"; return 1; }
  # The claims the PDF makes of itself: PDF/A-2b in its XMP, a structure tree (tagged PDF).
  qpdf --qdf --object-streams=disable "$pdf" "$work/plain.pdf" 2>/dev/null || true
  grep -aq 'pdfaid:part' "$work/plain.pdf" || { echo "no PDF/A identification in the XMP metadata"; return 1; }
  grep -aqE '/StructTreeRoot [0-9]+ 0 R' "$work/plain.pdf" || { echo "no structure tree: not a tagged PDF"; return 1; }
}

check_epub() {
  # --failonwarnings: a warning (a deprecated feature, a file name readers choke on) fails too.
  # Its report is on stderr; the closing "No errors or warnings detected" line is the pass.
  java -jar /usr/share/java/epubcheck.jar --failonwarnings "$site/proceedings.epub" 2>&1 |
    grep -v '^Validating using\|^Check finished\|^EPUBCheck completed\|^$'
  return "${PIPESTATUS[0]}"
}

check_lighthouse() {
  # The site on loopback; the port is whatever the kernel gives (port 0).
  python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$site" >"$work/server.log" 2>&1 &
  server_pid=$!
  local port= i
  for i in $(seq 50); do
    port=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$work/server.log" | head -n1)
    [[ -n $port ]] && break
    sleep 0.1
  done
  [[ -n $port ]] || { echo "http.server did not start: $(cat "$work/server.log")"; return 1; }
  local reports=() name path file
  for path in "" session-1/ comparison/ print/; do
    name=/${path}
    file=${path%/}
    file=${file:-home}
    # Lighthouse's own chrome-launcher starts Debian's Chromium; mobile is its default form.
    CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} node "$tools/node_modules/lighthouse/cli/index.js" \
      "http://127.0.0.1:$port/$path" --quiet --output=json --output-path="$work/lh-${file}.json" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless --no-sandbox --disable-gpu" >"$work/lh.log" 2>&1 ||
      { echo "$name: lighthouse failed: $(tail -n 5 "$work/lh.log")"; }
    reports+=("$name=$work/lh-${file}.json")
  done
  kill "$server_pid" 2>/dev/null || true
  server_pid=
  if [[ -n ${LIGHTHOUSE_REPORTS:-} ]]; then
    mkdir -p "$LIGHTHOUSE_REPORTS" && cp "$work"/lh-*.json "$LIGHTHOUSE_REPORTS"/ 2>/dev/null || true
  fi
  python3 "$here/lighthouse_check.py" "${reports[@]}"
}

failed=()
passed=0
for check in "${checks[@]}"; do
  start=$SECONDS
  if out=$("check_$check" 2>&1); then
    echo "ok   $check ($((SECONDS - start)) s)"
    passed=$((passed + 1))
  else
    echo "FAIL $check ($((SECONDS - start)) s)"
    sed 's/^/     /' <<<"$out"
    failed+=("$check")
  fi
done
((${#failed[@]} == 0)) || echo "failed: ${failed[*]}"
echo "validators: $passed passed, ${#failed[@]} failed"
((${#failed[@]} == 0))
