#!/usr/bin/env bash
# The device check, in one call on a lent GPU machine (see docs/benchmarks.md):
#   1. every GPU test: CPU and CUDA compared trial by trial on every reference and test config,
#      replenishment, the runaway cascade and a multi-device backend included;
#   2. compute-sanitizer memcheck, initcheck and racecheck on small configs;
#   3. benchmarks: factory-1k on the GPU and on all CPU cores of the same machine, then
#      BACKEND=cuda scripts/bench_scale.sh at 1,000 / 100,000 / 1,000,000 satellites.
# Prints the rows for docs/benchmarks.md last. Uses a bundle from scripts/gpu_bundle.sh
# (default .device/orbitrisk-gpu.tar.xz): here, `scripts/build.sh && scripts/gpu_bundle.sh`;
# there, `bash scripts/gpu_check.sh` (the device tool: carry .device).
# Limits: SANITIZER_TIMEOUT (s per sanitizer run, default 90), BENCH_TIMEOUT (s per benchmark,
# default 150), GPU_TRIALS (factory-1k, default 200000), CPU_TRIALS (default 50000).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packed="$(cd "${1:-$root/.device}" && pwd)/orbitrisk-gpu.tar.xz"
bundle="$(mktemp -d)"
trap 'rm -rf "$bundle"' EXIT
tar -C "$bundle" -xJf "$packed" || { echo "gpu_check: cannot unpack $packed" >&2; exit 1; }
# cuRAND does not travel in the bundle (132 MB): take the CUDA image's own.
curand="$(find /usr/local /opt /usr/lib -name 'libcurand.so.1*' 2>/dev/null | head -n 1)"
[ -n "$curand" ] && cp -L "$curand" "$bundle/lib/libcurand.so.10"
export LD_LIBRARY_PATH="$bundle/lib:${LD_LIBRARY_PATH:-}"
export ORBITRISK_BIN="$bundle/bin/orbitrisk" ORBITRISK_SOURCE="$root"
limit="${BENCH_TIMEOUT:-150}"
sanitize="${SANITIZER_TIMEOUT:-90}"
rows="$(mktemp)"
{
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv
  "$ORBITRISK_BIN" info
  echo "== test_gpu"
  "$bundle/bin/test_gpu" 2>&1 | grep -E "^\[ +(OK|FAILED|SKIPPED|PASSED) +\]|Failure|Expected|Which is|differ|difference" | head -n 60
  if command -v compute-sanitizer >/dev/null 2>&1; then
    for spec in "memcheck *SubsystemsAndTerminals*" "initcheck *TwoClasses*" "racecheck *TwoClasses*" \
                "memcheck *WithReplenishment*" "initcheck *DebrisFeedback*"; do
      set -- $spec
      echo "== compute-sanitizer $1 ($2)"
      timeout "$sanitize" compute-sanitizer --tool "$1" --print-limit 5 \
        "$bundle/bin/test_gpu" --gtest_filter="$2" --gtest_brief=1 2>&1 | tail -n 8
    done
  fi
} 2>&1
for spec in "cuda ${GPU_TRIALS:-200000}" "cpu ${CPU_TRIALS:-50000}"; do
  set -- $spec
  BACKEND=$1 TRIALS=$2 timeout "$limit" "$root/scripts/bench.sh" 2>&1 | tail -n 1 >>"$rows" ||
    echo "| $1 $2 trials: failed or over ${limit} s |" >>"$rows"
done
echo "== scale (GPU)"
BACKEND=cuda SIZES="1000 100000 1000000" timeout "$((3 * limit))" "$root/scripts/bench_scale.sh" 2>&1 | tee -a "$rows" >/dev/null ||
  echo "| scale: failed or over $((3 * limit)) s |" >>"$rows"
echo "== rows for docs/benchmarks.md"
cat "$rows"
