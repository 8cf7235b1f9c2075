#!/usr/bin/env bash
# Set up, build, and run every test (GoogleTest and pytest) through ctest. GPU tests skip
# without a CUDA device.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
ORBITRISK_SALIB_PYTHON="$("$root/scripts/salib_env.sh")"
export ORBITRISK_SALIB_PYTHON
cd "${ORBITRISK_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j "$(nproc)" "$@"
