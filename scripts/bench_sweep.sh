#!/usr/bin/env bash
# Per-point overhead of a sweep on factory-1k: a 400-point grid with TRIALS trials per point
# (default 2) against one plain run of the same total trials, back to back on one backend.
# Prints a docs/benchmarks.md table row. Not a test: numbers depend on the machine.
#   BACKEND=cpu|cuda (default cpu)  TRIALS=N
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backend="${BACKEND:-cpu}"
trials="${TRIALS:-2}"
bin="${ORBITRISK_BIN:-$root/build/orbitrisk}"
[ -x "$bin" ] || { "$root/scripts/setup.sh"; "$root/scripts/build.sh" >/dev/null; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cat >"$out/grid.toml" <<SPEC
[sweep]
config = "$root/configs/reference/factory-1k.toml"
design = "grid"
levels = 20
trials = $trials
outputs = ["mission_average_capacity"]
[[parameter]]
key = "class[0].gpu.acceleration"
low = 1.0
high = 3.0
[[parameter]]
key = "class[0].shielding_mm_al"
low = 2.0
high = 8.0
SPEC
points=400
t0=$(date +%s.%N)
"$bin" sweep "$out/grid.toml" -o "$out/grid.h5" --backend "$backend" >/dev/null 2>&1
t1=$(date +%s.%N)
"$bin" run "$root/configs/reference/factory-1k.toml" -o "$out/plain.h5" --trials $((points * trials)) \
  --backend "$backend" >/dev/null 2>&1
t2=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v p="$points" -v n="$trials" -v be="$backend" 'BEGIN {
  sweep = b - a; plain = c - b;
  printf "| sweep overhead | %s | %d points x %d trials | sweep %.2f s | plain run %.2f s | %.1f ms per point |\n",
         be, p, n, sweep, plain, 1000 * (sweep - plain) / p }'
