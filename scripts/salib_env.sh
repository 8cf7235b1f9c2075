#!/usr/bin/env bash
# A Python virtual environment with SALib from PyPI, for the test that cross-checks orbitrisk's
# Sobol' indices against SALib's sobol.analyze. Created once under the build directory;
# prints the venv's python. Needs python3-venv (scripts/setup.sh) and access to PyPI.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${ORBITRISK_BUILD_DIR:-$root/build}/salib-venv"
if ! "$venv/bin/python" -c "import SALib" >/dev/null 2>&1; then
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv" >&2
  if ! "$venv/bin/pip" install -q --disable-pip-version-check "SALib==1.6.0" >&2; then
    echo "salib_env: installing SALib from PyPI failed (the SALib cross-check test needs it)" >&2
    exit 1
  fi
fi
echo "$venv/bin/python"
