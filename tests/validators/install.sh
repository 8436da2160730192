#!/usr/bin/env bash
# Installs what run.sh needs: Debian's jing, xmllint, BibTeX (+ plain.bst), qpdf, epubcheck and Chromium; pybtex
# and PyLD from PyPI and Lighthouse from npm, pinned, into target/validator-tools/ (nothing
# outside the repository but the Debian packages). Quick when everything is there already.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools=target/validator-tools

# Debian: a package is installed only when its command (or plain.bst) is missing.
missing=()
command -v jing >/dev/null 2>&1 || missing+=(jing)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v bibtex >/dev/null 2>&1 || missing+=(texlive-binaries)
kpsewhich plain.bst >/dev/null 2>&1 || missing+=(texlive-base)
# Debian's epubcheck is a jar (its /usr/bin/epubcheck runs only where binfmt knows jars).
[[ -f /usr/share/java/epubcheck.jar ]] || missing+=(epubcheck)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
if ((${#missing[@]})); then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# PyPI: into a folder of their own, found through PYTHONPATH by run.sh.
py_pins=(pybtex==0.26.1 PyLD==3.3.0)
py_stamp=$tools/python/.pins
if [[ "$(cat "$py_stamp" 2>/dev/null)" != "${py_pins[*]}" ]]; then
  rm -rf "$tools/python"
  python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore --target "$tools/python" "${py_pins[@]}"
  echo "${py_pins[*]}" >"$py_stamp"
fi

# npm: Lighthouse 12.2 is the last line that runs on Node 20 (13 wants Node 22).
lh_version=12.2.3
if [[ "$(node -p "require('./$tools/node_modules/lighthouse/package.json').version" 2>/dev/null)" != "$lh_version" ]]; then
  npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error -E "lighthouse@$lh_version"
fi
