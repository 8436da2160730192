#!/usr/bin/env bash
# Builds the synthetic benchmark corpus (../shared/bench/gen_corpus.py) at the given sizes with a
# release quire and, when installed, with Hugo (Debian package `hugo`), reporting each run's wall
# time and peak memory (GNU time, Debian package `time`), then the median and pages per second.
# Quire is also timed rebuilding over its previous output (nothing changed), as an editor does.
#   bash bench/build.sh 1000 10000          RUNS=5 for more runs
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
gen=${GEN_CORPUS:-$here/../shared/bench/gen_corpus.py}
seed=$(ls "$here"/seeds/*.txt | head -n1)
work=${BENCH_DIR:-/tmp/quire-bench}
runs=${RUNS:-3}
mkdir -p "$work"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
quire="${CARGO_TARGET_DIR:-$here/target}/release/quire"
# Every run writes a new folder, and all of them are removed only at the end: on ext4 without a
# journal (this machine's), creating files right after deleting thousands of others costs several
# times more kernel time (the allocator skips recently deleted inodes), which would charge each
# run for the previous run's clean-up.
outputs=()
trap 'rm -rf "${outputs[@]}"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # label, pages, output-flag, command...
  local label=$1 pages=$2 flag=$3; shift 3
  local times=() peaks=()
  for i in $(seq "$runs"); do
    local out="$work/out-$label-$pages-$i-$$"
    outputs+=("$out")
    sync
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" "$flag" "$out" >/dev/null 2>&1
    read -r secs kb < "$work/time.txt"
    echo "  $label run $i: ${secs} s, peak $((kb / 1024)) MB"
    times+=("$secs"); peaks+=("$kb")
  done
  local mid peak
  mid=$(printf '%s\n' "${times[@]}" | median)
  peak=$(printf '%s\n' "${peaks[@]}" | sort -n | tail -n1)
  echo "  $label: median ${mid} s, $(awk -v p="$pages" -v s="$mid" 'BEGIN {printf "%.0f", p / s}') pages/s, peak $((peak / 1024)) MB"
}
rebuild() { # pages, command...: builds over the previous output, as an editor rebuilding does
  local pages=$1; shift
  local site="$work/rebuild-$pages-$$" times=() peaks=()
  outputs+=("$site" "$work/.rebuild-$pages-$$.staging" "$work/.rebuild-$pages-$$.lock")
  for i in $(seq 0 "$runs"); do
    sync
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" --output "$site" >/dev/null 2>&1
    read -r secs kb < "$work/time.txt"
    [ "$i" = 0 ] && continue
    echo "  quire rebuild $i: ${secs} s, peak $((kb / 1024)) MB"
    times+=("$secs"); peaks+=("$kb")
  done
  local mid
  mid=$(printf '%s\n' "${times[@]}" | median)
  echo "  quire rebuild: median ${mid} s, peak $(( $(printf '%s\n' "${peaks[@]}" | sort -n | tail -n1) / 1024 )) MB"
}
for n in "${@:-1000}"; do
  corpus="$work/corpus$n"
  if [ ! -d "$corpus/neutral" ]; then
    python3 "$gen" --seed "$seed" "$n" "$corpus" --layouts neutral,hugo >/dev/null
  fi
  # The generator writes `date: 2023-11-10T00:00:00Z`; front matter dates are days (YYYY-MM-DD).
  find "$corpus/neutral/content" -name '*.md' -exec \
    sed -i -E 's/^date: ([0-9]{4}-[0-9]{2}-[0-9]{2})T[0-9:]+Z$/date: \1/' {} +
  pages=$(find "$corpus/neutral/content" -name '*.md' | wc -l)
  echo "== $n pages ($pages Markdown files)"
  measure quire "$pages" --output "$quire" build --root "$corpus/neutral"
  rebuild "$pages" "$quire" build --root "$corpus/neutral"
  if command -v hugo >/dev/null; then
    measure hugo "$pages" -d hugo --quiet -s "$corpus/hugo"
  fi
done
