#!/usr/bin/env bash
# Configures and builds orbitrisk (Release) in build/ (or $ORBITRISK_BUILD_DIR). Extra
# arguments go to cmake's configure step, e.g. -DORBITRISK_CUDA=OFF.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ORBITRISK_BUILD_DIR:-$root/build}"
# nvcc lives outside PATH on many machines; let CMake find it for the CUDA backend.
if ! command -v nvcc >/dev/null 2>&1 && [ -x /usr/local/cuda/bin/nvcc ]; then
  export PATH="/usr/local/cuda/bin:$PATH"
fi
mkdir -p "$build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >"$build/configure.log" 2>&1 \
  || { cat "$build/configure.log" >&2; exit 1; }
grep -E "orbitrisk: (CUDA backend|MPI)" "$build/configure.log" | sed 's/^-- //' >&2 || true
cmake --build "$build" -j "$(nproc)"
