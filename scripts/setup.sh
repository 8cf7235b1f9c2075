#!/usr/bin/env bash
# Installs the Debian packages orbitrisk needs to build, test and run. Idempotent, and silent
# when everything is already installed. Needs root or sudo only when something is missing.
# The CUDA Toolkit is not a Debian package here: when nvcc is on PATH the CUDA backend is
# built too, otherwise the CPU backend alone.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ git pkg-config
  libhdf5-dev libcli11-dev libtomlplusplus-dev libgtest-dev libopenmpi-dev openmpi-bin
  python3 python3-h5py python3-numpy python3-pytest python3-matplotlib python3-venv
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup: these packages are missing and installing them needs root or sudo: ${missing[*]}" >&2
  exit 1
fi
echo "setup: installing ${missing[*]}" >&2
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { "${as_root[@]}" apt-get update -qq &&
       "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
         --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "setup: installing packages failed (log above)" >&2
  exit 1
fi
