#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: runs the GPU tests (CPU vs CUDA, trial by trial), a memory
# check of the kernel when compute-sanitizer exists, and the factory-1k benchmark on the GPU and
# on all CPU cores, printing benchmark rows last.
# Uses a bundle from scripts/gpu_bundle.sh (default .device/orbitrisk-gpu.tar.xz).
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
{
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv
  "$ORBITRISK_BIN" info
  echo "== test_gpu"
  "$bundle/bin/test_gpu" 2>&1 | grep -E "^\[ +(OK|FAILED|SKIPPED|PASSED) +\]|Failure|Expected|Which is|mismatch|difference" | head -n 40
  if command -v compute-sanitizer >/dev/null 2>&1; then
    echo "== compute-sanitizer memcheck (suncatcher, 4096 trials)"
    timeout "${SANITIZER_TIMEOUT:-90}" compute-sanitizer --tool memcheck --print-limit 5 \
      "$bundle/bin/test_gpu" --gtest_filter='*SubsystemsAndTerminals*' --gtest_brief=1 2>&1 | tail -n 8
    for tool in initcheck racecheck; do
      echo "== compute-sanitizer $tool (two classes, 2048 trials)"
      timeout "${SANITIZER_TIMEOUT:-90}" compute-sanitizer --tool "$tool" --print-limit 5 \
        "$bundle/bin/test_gpu" --gtest_filter='*TwoClasses*' --gtest_brief=1 2>&1 | tail -n 8
    done
  fi
} 2>&1
for spec in "cuda ${GPU_TRIALS:-200000}" ${GPU_TRIALS_BIG:+"cuda $GPU_TRIALS_BIG"} "cpu ${CPU_TRIALS:-50000}"; do
  set -- $spec
  BACKEND=$1 TRIALS=$2 timeout "$limit" "$root/scripts/bench.sh" 2>&1 | tail -n 1 || echo "| $1 $2 trials: failed or over ${limit} s |"
done
