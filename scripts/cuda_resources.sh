#!/usr/bin/env bash
# Registers, stack frame, spills and shared memory of every CUDA kernel, from ptxas (no GPU
# needed): compiles kernels/cuda_backend.cu for one architecture (default sm_90) and prints one
# row per kernel, ready for docs/benchmarks.md.  ARCH=80 scripts/cuda_resources.sh for Ampere.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arch="${ARCH:-90}"
nvcc="$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$nvcc" -I"$root" -O3 -DNDEBUG -std=c++17 -Xcompiler=-fopenmp --generate-code=arch=compute_$arch,code=sm_$arch \
  --resource-usage -x cu -c "$root/kernels/cuda_backend.cu" -o "$out/k.o" 2>"$out/log"
# ptxas prints "Compiling entry function 'NAME'" then "Used N registers, ... M bytes stack frame ..." lines.
awk '
  /Compiling entry function/ { name = $0; sub(/.*entry function .?/, "", name); sub(/.? for .*/, "", name) }
  /Function properties for/ { fn = $0 }
  /bytes stack frame/ { stack = $0; sub(/ bytes stack frame.*/, "", stack); sub(/.* /, "", stack);
                        spill = $0; sub(/.*stack frame, /, "", spill) }
  /Used [0-9]+ registers/ {
    regs = $0; sub(/.*Used /, "", regs); sub(/ registers.*/, "", regs)
    smem = "0"; if ($0 ~ /smem/) { smem = $0; sub(/.*registers, /, "", smem); sub(/ bytes smem.*/, "", smem); sub(/.* /, "", smem) }
    label = name
    if (label ~ /SetupStage/) label = "1 setup (per trial)"
    else if (label ~ /SatelliteStage/) label = "2 satellite (per trial x satellite)"
    else if (label ~ /PlaceStage/) label = "3 place (per trial)"
    else if (label ~ /EventsStage/) label = "4 events (per trial)"
    else if (label ~ /RebuildStage/) label = "5 rebuild (per trial x satellite)"
    else if (label ~ /ReplayStage/) label = "6a replay (per trial x chunk)"
    else if (label ~ /FinishStage/) label = "6b finish (per trial)"
    else if (label ~ /RerunStage/) label = "exact rerun (per flagged trial)"
    else if (label ~ /CostKeys/) label = "cost keys (per trial)"
    else if (label ~ /CopyRecords/) label = "record copy (per trial)"
    else if (label ~ /parallel_for_kernel/) label = "other: " label
    else next
    printf "| sm_%s | %s | %s | %s | %s | %s |\n", arch, label, regs, stack, spill, smem
  }' arch="$arch" "$out/log"
