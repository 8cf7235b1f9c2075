#!/usr/bin/env bash
# Packs a CUDA build for a GPU machine that lacks the -dev packages (HDF5, toml++, CLI11,
# GoogleTest): the binaries and every shared library they load except the C runtime and
# cuRAND (the CUDA image there has its own), stripped and xz-compressed into one file,
# .device/orbitrisk-gpu.tar.xz (git-ignored), because the device tool carries at most 64 MiB
# and the loose bundle is ~66 MiB. scripts/gpu_check.sh unpacks it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ORBITRISK_BUILD_DIR:-$root/build}"
dest="${1:-$root/.device}"
grep -q "CMAKE_CUDA_COMPILER:" "$build/CMakeCache.txt" 2>/dev/null \
  || { echo "gpu_bundle: $build is not a CUDA build" >&2; exit 1; }
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/lib"
# Only what needs the GPU travels: the CLI (for the benchmark) and the GPU tests; the other
# tests run on the CPU backend, which CI covers.
bins=("$build/orbitrisk" "$build/tests/test_gpu")
cp "${bins[@]}" "$stage/bin/"
for b in "${bins[@]}"; do
  ldd "$b" | awk '$3 ~ /^\// {print $3}'
done | sort -u | grep -vE '/(libc|libm|libpthread|libdl|librt|ld-linux[^/]*|libgcc_s|libstdc\+\+|libcurand)\.so' \
  | xargs -r cp -L -t "$stage/lib/"
strip "$stage"/bin/*
rm -rf "$dest" && mkdir -p "$dest"
tar -C "$stage" -cf - bin lib | xz -T0 -6 >"$dest/orbitrisk-gpu.tar.xz"
du -sh "$dest/orbitrisk-gpu.tar.xz" >&2
