"""CLI behaviour: bad input is a clear error that names the key and line and leaves no file."""
import re
from pathlib import Path

import pytest

MINIMAL = """\
[[class]]
name = "sat"
gpus = 8
gpus_required = 6

[[shell]]
name = "a"
altitude_km = 550
inclination_deg = 53
satellites = 10
class = "sat"
"""

BAD = {
    # label: (config text, key path the message names, line it names, phrase)
    "unknown_key": (MINIMAL + "\n[mission]\nyeras = 3\n", "mission.yeras", 14, "did you mean 'years'"),
    "wrong_type": (MINIMAL.replace("satellites = 10", 'satellites = "ten"'), "shell[0].satellites", 10,
                   "must be an integer, got a string"),
    "negative_scale": (MINIMAL + "[class.gpu]\nscale_years = -4\n", "class[0].gpu.scale_years", 13,
                       "must be in (0, 1e+07]"),
    "k_greater_than_g": (MINIMAL.replace("gpus_required = 6", "gpus_required = 12"), "class[0].gpus_required", 4,
                         "must be an integer in [1, 8], got 12"),
    "malformed_toml": (MINIMAL + "\n[mission\n", "malformed TOML", 13, "malformed"),
}


def assert_no_output(tmp_path: Path):
    leftovers = [p.name for p in tmp_path.iterdir() if p.suffix != ".toml"]
    assert leftovers == [], f"files left behind: {leftovers}"


@pytest.mark.parametrize("label", sorted(BAD))
def test_bad_config_is_a_clear_error(run, tmp_path, label):
    text, key, line, phrase = BAD[label]
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text)
    proc = run("run", cfg, "-o", tmp_path / "out.h5", "--trials", 10, check=False)
    assert proc.returncode != 0
    assert key in proc.stderr, proc.stderr
    assert f"bad.toml:{line}:" in proc.stderr, proc.stderr
    assert phrase in proc.stderr, proc.stderr
    assert_no_output(tmp_path)
    # validate reports the same error
    proc = run("validate", cfg, check=False)
    assert proc.returncode != 0 and key in proc.stderr


def test_missing_config_file(run, tmp_path):
    proc = run("run", tmp_path / "nope.toml", "-o", tmp_path / "out.h5", check=False)
    assert proc.returncode != 0
    assert "nope.toml: cannot open config file" in proc.stderr
    assert_no_output(tmp_path)


def test_bad_set_override_names_the_flag(run, tmp_path, source_dir):
    cfg = source_dir / "tests/configs/tiny.toml"
    proc = run("run", cfg, "-o", tmp_path / "out.h5", "--set", "shell[0].satelites=4", check=False)
    assert proc.returncode != 0
    assert "did you mean 'satellites'" in proc.stderr
    proc = run("run", cfg, "-o", tmp_path / "out.h5", "--set", "class[0].gpus=0", check=False)
    assert proc.returncode != 0
    assert "--set class[0].gpus=0" in proc.stderr and "class[0].gpus" in proc.stderr
    assert_no_output(tmp_path)


def test_bad_flags(run, tmp_path, source_dir):
    cfg = source_dir / "tests/configs/tiny.toml"
    for args in (["--trials", "0"], ["--backend", "gpu"], ["--threads", "-1"]):
        proc = run("run", cfg, "-o", tmp_path / "out.h5", *args, check=False)
        assert proc.returncode != 0, args
    assert_no_output(tmp_path)


def test_refuses_to_overwrite_without_force(run, tmp_path, source_dir):
    cfg = source_dir / "tests/configs/tiny.toml"
    out = tmp_path / "out.h5"
    run("run", cfg, "-o", out, "--trials", 20)
    before = out.read_bytes()
    proc = run("run", cfg, "-o", out, "--trials", 20, "--seed", 2, check=False)
    assert proc.returncode != 0 and "already exists" in proc.stderr
    assert out.read_bytes() == before
    run("run", cfg, "-o", out, "--trials", 20, "--seed", 2, "--force")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.h5"]


def test_unwritable_output_directory(run, tmp_path, source_dir):
    proc = run("run", source_dir / "tests/configs/tiny.toml", "-o", tmp_path / "no/such/dir/out.h5", check=False)
    assert proc.returncode != 0 and "cannot write to directory" in proc.stderr


def test_validate_prints_expected_losses(run, source_dir):
    proc = run("validate", source_dir / "configs/reference/factory-1k.toml")
    assert "valid" in proc.stdout
    assert "expected losses per year" in proc.stdout
    rows = [l for l in proc.stdout.splitlines() if re.match(r"\s+[1-5]\.00\s", l)]
    assert len(rows) == 5, proc.stdout


def test_info(run):
    proc = run("info")
    assert "orbitrisk" in proc.stdout and "backends: cpu" in proc.stdout


def test_progress_only_when_asked(run, tmp_path, source_dir):
    cfg = source_dir / "tests/configs/tiny.toml"
    quiet = run("run", cfg, "-o", tmp_path / "a.h5", "--trials", 50)
    assert "progress" not in quiet.stderr
    loud = run("run", cfg, "-o", tmp_path / "b.h5", "--trials", 50, "--progress")
    assert re.search(r"progress: 50/50 trials \(100\.0%\)", loud.stderr), loud.stderr


CASCADE = """\
[[class]]
name = "t"
vulnerable_area_m2 = 100

[[shell]]
name = "s"
altitude_km = 800
inclination_deg = 98
satellites = 5000
class = "t"

[debris]
avoidance_efficiency = 0.0
"""


def test_validate_prints_debris_diagnostics_and_warns(run, tmp_path, source_dir):
    proc = run("validate", source_dir / "configs/reference/factory-1k.toml")
    assert "R0 live" in proc.stdout and "kills/breakup" in proc.stdout
    rows = [l.split() for l in proc.stdout.splitlines() if l.strip().startswith("550km-53deg") and len(l.split()) == 10]
    assert len(rows) == 1, proc.stdout
    kills, r0 = float(rows[0][7]), float(rows[0][8])
    assert 3.9 < kills < 4.3 and 0.006 < r0 < 0.01  # MODEL.md: ~4.1 kills, R0 ~ 0.008 at 550 km
    assert "WARNING" not in proc.stdout
    cfg = tmp_path / "cascade.toml"
    cfg.write_text(CASCADE)
    proc = run("validate", cfg)
    assert "WARNING: R0 exceeds 1" in proc.stdout


def test_ord_export(run, tmp_path, source_dir):
    import csv
    out = tmp_path / "f.h5"
    run("run", source_dir / "tests/configs/tiny.toml", "-o", out, "--trials", 300, "--backend", "cpu")
    proc = run("export", out, "--ord", tmp_path / "ord")
    names = sorted(p.name for p in (tmp_path / "ord").iterdir())
    assert names == ["gul_S1_alt.csv", "gul_S1_ept.csv", "gul_S1_psept.csv",
                     "il_S1_alt.csv", "il_S1_ept.csv", "il_S1_psept.csv"], names
    headers = {"ept": ["SummaryId", "EPCalc", "EPType", "ReturnPeriod", "Loss"],
               "psept": ["SummaryId", "SampleId", "EPType", "ReturnPeriod", "Loss"],
               "alt": ["SummaryId", "SampleType", "MeanLoss", "SDLoss"]}
    for name in names:
        with open(tmp_path / "ord" / name, newline="") as fh:
            rows = list(csv.DictReader(fh))
        kind = name.split("_")[-1][:-4]
        with open(tmp_path / "ord" / name, newline="") as fh:
            assert next(csv.reader(fh)) == headers[kind]
        assert rows, name
        if kind == "ept":
            assert {r["EPCalc"] for r in rows} == {"2"}
            assert {r["EPType"] for r in rows} == {"1", "2", "3", "4"}
            for t in ("1", "3"):  # losses rise with return period
                pts = sorted((float(r["ReturnPeriod"]), float(r["Loss"])) for r in rows if r["EPType"] == t)
                assert all(b[1] >= a[1] for a, b in zip(pts, pts[1:]))
        if kind == "alt":
            assert rows[0]["SampleType"] == "2" and float(rows[0]["MeanLoss"]) >= 0
        if kind == "psept":
            assert max(int(r["SampleId"]) for r in rows) == 300
            assert max(float(r["ReturnPeriod"]) for r in rows) <= 3  # 3 policy years per sample
    assert proc.stdout.count(".csv") == 6


def test_export_refuses_bad_files(run, tmp_path):
    bad = tmp_path / "bad.h5"
    bad.write_text("not hdf5")
    proc = run("export", bad, "--ord", tmp_path / "ord", check=False)
    assert proc.returncode != 0 and "not an HDF5 file" in proc.stderr
    proc = run("export", tmp_path / "missing.h5", "--ord", tmp_path / "ord", check=False)
    assert proc.returncode != 0 and "missing.h5" in proc.stderr
