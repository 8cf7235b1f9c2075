#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: runs the GPU tests (CPU vs CUDA, trial by trial), a memory
# check of the kernel when compute-sanitizer exists, and the factory-1k benchmark on the GPU and
# on all CPU cores, printing benchmark rows last.
# Uses a bundle from scripts/gpu_bundle.sh (default .device/).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundle="$(cd "${1:-$root/.device}" && pwd)"
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
    timeout 120 compute-sanitizer --tool memcheck --print-limit 5 \
      "$bundle/bin/test_gpu" --gtest_filter='*SubsystemsAndTerminals*' --gtest_brief=1 2>&1 | tail -n 8
  fi
} 2>&1
for spec in "cuda ${GPU_TRIALS:-200000}" "cuda ${GPU_TRIALS_BIG:-1000000}" "cpu ${CPU_TRIALS:-50000}"; do
  set -- $spec
  BACKEND=$1 TRIALS=$2 timeout "$limit" "$root/scripts/bench.sh" 2>&1 | tail -n 1 || echo "| $1 $2 trials: failed or over ${limit} s |"
done
