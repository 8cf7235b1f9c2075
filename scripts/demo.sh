#!/usr/bin/env bash
# The main job on the default scenario: set up, build, run factory-1k (1,000 satellites,
# 5 years) with a modest trial count, print the summary table, and draw the report. The result
# file is results/factory-1k.h5 (layout: docs/output.md), the report results/report/index.html.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" >/dev/null
mkdir -p "$root/results"
trials="${TRIALS:-5000}"
"$root/build/orbitrisk" validate "$root/configs/reference/factory-1k.toml"
"$root/build/orbitrisk" run "$root/configs/reference/factory-1k.toml" \
  -o "$root/results/factory-1k.h5" --trials "$trials" --seed 1 --force
/usr/bin/python3 "$root/scripts/report.py" "$root/results/factory-1k.h5" -o "$root/results/report"
