#!/usr/bin/env bash
# How the engine scales with the constellation: seconds per trial of factory-1k's design at
# 1e2 .. 1e6 satellites (shells scaled alike; fragment clouds off, so every satellite meets the
# same per-satellite event rates at every size) with the fitted exponent, per-trial memory per
# satellite (validate), the speed-up of one 100,000-satellite trial on all threads over one,
# and one trial of the 1,000,000-satellite reference with everything on. Prints rows for
# docs/benchmarks.md. Not a test: numbers depend on the machine.
#   BACKEND=cpu|cuda (default cpu)  SIZES="100 1000 ..."  THREADS=T (default all)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backend="${BACKEND:-cpu}"
bin="${ORBITRISK_BIN:-$root/build/orbitrisk}"
[ -x "$bin" ] || { "$root/scripts/setup.sh"; "$root/scripts/build.sh" >/dev/null; }
sizes="${SIZES:-100 1000 10000 100000 1000000}"
threads="${THREADS:-0}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cfg="$root/configs/reference/factory-1k.toml"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
day="$(date -u +%Y-%m-%d)"

# shells of factory-1k (600 / 300 / 100) scaled to n satellites
scaled() { local n=$1; echo "--set shell[0].satellites=$((n * 6 / 10)) --set shell[1].satellites=$((n * 3 / 10)) --set shell[2].satellites=$((n - n * 6 / 10 - n * 3 / 10))"; }
# seconds of the trials in a run's summary ("... in 1.23 s (...)")
seconds_of() { sed -nE 's/^orbitrisk: .* trials on .* in ([0-9.]+) s .*/\1/p' "$1"; }
run_trials() {  # config, trials, threads, extra args... -> seconds
  local c=$1 n=$2 t=$3; shift 3
  "$bin" run "$c" -o "$out/r.h5" --force --trials "$n" --backend "$backend" --threads "$t" "$@" >"$out/log" 2>&1 \
    || { cat "$out/log" >&2; return 1; }
  seconds_of "$out/log"
}

echo "| date | commit | backend | satellites | trials | s/trial | bytes/satellite |"
echo "|---|---|---|---|---|---|---|"
: >"$out/points"
for n in $sizes; do
  trials=$(( n <= 100 ? 2000 : n <= 1000 ? 400 : n <= 10000 ? 40 : n <= 100000 ? 4 : 1 ))
  [ "$backend" = cuda ] && trials=$(( n <= 1000 ? 100000 : n <= 10000 ? 10000 : n <= 100000 ? 400 : 8 ))
  # shellcheck disable=SC2046
  run_trials "$cfg" 20 "$threads" $(scaled "$n") --set debris.fragments=false >/dev/null  # warm-up
  # shellcheck disable=SC2046
  s=$(run_trials "$cfg" "$trials" "$threads" $(scaled "$n") --set debris.fragments=false)
  # shellcheck disable=SC2046
  bytes=$("$bin" validate "$cfg" $(scaled "$n") --set debris.fragments=false | sed -nE 's/.*\(([0-9]+) bytes per satellite\).*/\1/p')
  per=$(awk -v s="$s" -v t="$trials" 'BEGIN { printf "%.3g", s / t }')
  echo "$n $per" >>"$out/points"
  echo "| $day | $commit | $backend | $n | $trials | $per | $bytes |"
done
awk '{ x = log($1); y = log($2); n++; sx += x; sy += y; sxx += x * x; sxy += x * y }
     END { if (n > 1) printf "\ncost exponent (least squares, log s/trial on log satellites): %.3f\n", (n * sxy - sx * sy) / (n * sxx - sx * sx) }' "$out/points"
awk 'NR > 1 { printf "  %s -> %s satellites: exponent %.3f\n", p, $1, log($2 / q) / log($1 / p) } { p = $1; q = $2 }' "$out/points"

if [ "$backend" = cpu ]; then
  c100="$root/configs/reference/constellation-100k.toml"
  one=$(run_trials "$c100" 4 1)
  all=$(run_trials "$c100" 4 "$threads")
  awk -v a="$one" -v b="$all" 'BEGIN { printf "\nconstellation-100k, 4 trials: %.2f s on 1 thread, %.2f s on all: speed-up %.2fx\n", a, b, a / b }'
fi
f1m="$root/configs/reference/filing-1m.toml"
s=$(run_trials "$f1m" 1 "$threads")
echo "filing-1m (1,000,000 satellites, everything on), 1 trial: $s s on $backend"
