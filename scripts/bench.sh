#!/usr/bin/env bash
# Throughput of factory-1k: trials/s and GPU-lifetimes/s (trials/s x 64,000 GPUs installed),
# printed as a docs/benchmarks.md table row. Not a test: numbers depend on the machine.
#   BACKEND=cpu|cuda (default cpu)  TRIALS=N (default 20000 cpu, 200000 cuda)  THREADS=T
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backend="${BACKEND:-cpu}"
if [ "$backend" = cuda ]; then trials="${TRIALS:-200000}"; else trials="${TRIALS:-20000}"; fi
threads="${THREADS:-0}"
bin="${ORBITRISK_BIN:-$root/build/orbitrisk}"
[ -x "$bin" ] || { "$root/scripts/setup.sh"; "$root/scripts/build.sh" >/dev/null; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cfg="$root/configs/reference/factory-1k.toml"
"$bin" run "$cfg" -o "$out/warm.h5" --trials 200 --backend "$backend" --threads "$threads" >/dev/null
log="$("$bin" run "$cfg" -o "$out/bench.h5" --trials "$trials" --backend "$backend" --threads "$threads")"
line="$(grep -E "^orbitrisk: .* trials on" <<<"$log")"
rate="$(sed -E 's/.*\(([0-9.]+) trials\/s\).*/\1/' <<<"$line")"
device="$(sed -E 's/.*\[(.*)\].*/\1/' <<<"$line")"
seconds="$(sed -E 's/.* in ([0-9.]+) s .*/\1/' <<<"$line")"
gpus=64000
lifetimes="$(awk -v r="$rate" -v g="$gpus" 'BEGIN { printf "%.3g", r * g }')"
echo "| $(date -u +%Y-%m-%d) | $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown) | $backend | $device | $trials | $seconds | $rate | $lifetimes |"
