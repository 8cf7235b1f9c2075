#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: runs the GPU tests, the cuRAND known-answer test and the
# factory-1k benchmark on the GPU and on all CPU cores, printing a summary table last.
# Uses a bundle from scripts/gpu_bundle.sh (default .device/) or build/ when it is complete.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundle="${1:-$root/.device}"
export LD_LIBRARY_PATH="$bundle/lib:${LD_LIBRARY_PATH:-}"
export ORBITRISK_BIN="$bundle/bin/orbitrisk" ORBITRISK_SOURCE="$root"
log="${OUT:-/tmp}/gpu_check.log"
{
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
  "$ORBITRISK_BIN" info
  for t in test_gpu test_philox test_determinism; do
    "$bundle/bin/$t" --gtest_brief=1 2>&1 | tail -n 25
  done
} 2>&1 | tee "$log"
rows=()
rows+=("$(BACKEND=cuda TRIALS="${GPU_TRIALS:-200000}" "$root/scripts/bench.sh" 2>&1 | tail -n 1)")
rows+=("$(BACKEND=cuda TRIALS="${GPU_TRIALS_BIG:-1000000}" "$root/scripts/bench.sh" 2>&1 | tail -n 1)")
rows+=("$(BACKEND=cpu TRIALS="${CPU_TRIALS:-50000}" "$root/scripts/bench.sh" 2>&1 | tail -n 1)")
printf '%s\n' "${rows[@]}" | tee -a "$log"
