#!/usr/bin/env bash
# Builds the synthetic benchmark corpus (../shared/bench/gen_corpus.py) at the given sizes with a
# release quire and, when installed, with Hugo (Debian package `hugo`), reporting wall time,
# pages per second and peak memory (GNU time, Debian package `time`).
#   bash bench/build.sh 1000 10000
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
gen=${GEN_CORPUS:-$here/../shared/bench/gen_corpus.py}
seed=$(ls "$here"/seeds/*.txt | head -n1)
work=${BENCH_DIR:-/tmp/quire-bench}
runs=${RUNS:-3}
mkdir -p "$work"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
quire="${CARGO_TARGET_DIR:-$here/target}/release/quire"
measure() { # label, command...
  local label=$1; shift
  local best=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>&1
    read -r secs kb < "$work/time.txt"
    echo "  $label: ${secs}s, peak ${kb} KB"
  done
}
for n in "${@:-1000}"; do
  corpus="$work/corpus$n"
  if [ ! -d "$corpus/neutral" ]; then
    python3 "$gen" --seed "$seed" "$n" "$corpus" --layouts neutral,hugo >/dev/null
  fi
  echo "== $n pages"
  measure quire "$quire" build --root "$corpus/neutral" --output "$work/out-quire-$n"
  if command -v hugo >/dev/null; then
    rm -rf "$work/out-hugo-$n"
    measure hugo hugo --quiet -s "$corpus/hugo" -d "$work/out-hugo-$n"
  fi
done
