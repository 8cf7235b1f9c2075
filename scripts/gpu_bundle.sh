#!/usr/bin/env bash
# Packs a CUDA build for a GPU machine that lacks the -dev packages (HDF5, toml++, CLI11,
# GoogleTest): the binaries, the test configs, and every shared library they load except the
# C runtime, into a folder (default .device/, git-ignored). Run scripts/gpu_check.sh there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ORBITRISK_BUILD_DIR:-$root/build}"
dest="${1:-$root/.device}"
grep -q "ORBITRISK_WITH_CUDA:INTERNAL=ON\|ORBITRISK_WITH_CUDA=ON" "$build/CMakeCache.txt" 2>/dev/null \
  || grep -q "CMAKE_CUDA_COMPILER:" "$build/CMakeCache.txt" \
  || { echo "gpu_bundle: $build is not a CUDA build" >&2; exit 1; }
rm -rf "$dest" && mkdir -p "$dest/bin" "$dest/lib"
# Only what needs the GPU travels: the CLI (for the benchmark) and the GPU tests; the other
# tests run on the CPU backend, which CI covers (and each CUDA-linked binary carries ~8 MB of
# device code).
bins=("$build/orbitrisk" "$build/tests/test_gpu")
cp "${bins[@]}" "$dest/bin/"
for b in "${bins[@]}"; do
  ldd "$b" | awk '$3 ~ /^\// {print $3}'
done | sort -u | grep -vE '/(libc|libm|libpthread|libdl|librt|ld-linux[^/]*|libgcc_s|libstdc\+\+)\.so' \
  | xargs -r cp -L -t "$dest/lib/"
du -sh "$dest" >&2
