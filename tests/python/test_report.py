"""scripts/report.py draws every figure and an index for result files with and without the
debris and radiation families."""
import subprocess
import sys
from pathlib import Path

import pytest

REQUIRED = ["survival.png", "capacity.png", "failures.png", "exceedance.png", "loss_causes.png"]


@pytest.mark.parametrize("families", ["all", "attrition_only"])
def test_report(run, source_dir, tmp_path, families):
    extra = ["--set", "replenishment.enabled=true", "--set", "replenishment.lead_time_days=30.0"]
    if families != "all":
        extra = ["--set", "debris.enabled=false", "--set", "radiation.enabled=false"]
    out = tmp_path / "r.h5"
    run("run", source_dir / "tests/configs/tiny.toml", "-o", out, "--trials", 300, "--backend", "cpu", *extra)
    report = tmp_path / "report"
    proc = subprocess.run([sys.executable, str(source_dir / "scripts/report.py"), str(out), "-o", str(report)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    index = (report / "index.html").read_text()
    for name in REQUIRED:
        path = report / name
        assert path.exists() and path.stat().st_size > 10_000, name  # a real picture, not an empty canvas
        assert f'src="{name}"' in index
    optional = {"debris.png", "radiation.png", "replenishment.png"} & {p.name for p in report.iterdir()}
    assert optional == ({"debris.png", "radiation.png", "replenishment.png"} if families == "all" else set())
    for phrase in ("mission-average capacity", "AAL ground-up / insured", "1-in-200 AEP ground-up"):
        assert phrase in index


def test_report_rejects_other_files(tmp_path, source_dir):
    bad = tmp_path / "x.h5"
    bad.write_text("nope")
    proc = subprocess.run([sys.executable, str(source_dir / "scripts/report.py"), str(bad), "-o", str(tmp_path / "o")],
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "cannot read" in proc.stderr
