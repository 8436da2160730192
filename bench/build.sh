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
# Each run writes into a new folder (removed afterwards, outside the timing), so no tool pays
# for deleting the previous output.
measure() { # label, output-flag, input...
  local label=$1 flag=$2; shift 2
  for i in $(seq "$runs"); do
    local out="$work/out-$label-$i-$$"
    sync
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" "$flag" "$out" >/dev/null 2>&1
    read -r secs kb < "$work/time.txt"
    echo "  $label: ${secs}s, peak ${kb} KB"
    rm -rf "$out"
  done
}
for n in "${@:-1000}"; do
  corpus="$work/corpus$n"
  if [ ! -d "$corpus/neutral" ]; then
    python3 "$gen" --seed "$seed" "$n" "$corpus" --layouts neutral,hugo >/dev/null
  fi
  echo "== $n pages"
  measure quire --output "$quire" build --root "$corpus/neutral"
  if command -v hugo >/dev/null; then
    measure hugo -d hugo --quiet -s "$corpus/hugo"
  fi
done
