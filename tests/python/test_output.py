"""The HDF5 result file is as docs/output.md documents it, and is deterministic."""
import math
import re
import tomllib

import h5py
import numpy as np
import pytest

from results import all_datasets, datasets_bytes

TRIALS = 300


def documented_paths(source_dir):
    text = (source_dir / "docs/output.md").read_text()
    text = text[: text.index("## Sweep files")]  # sweep files are checked by test_sweep.py
    return set(re.findall(r"^\| `(/[^`]+)`", text, flags=re.M))


@pytest.fixture(scope="module")
def result(run, source_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "tiny.h5"
    run("run", source_dir / "tests/configs/tiny.toml", "-o", out, "--trials", TRIALS, "--seed", 11,
        "--keep-trials", "--backend", "cpu")
    with h5py.File(out, "r") as f:
        yield f


def test_every_documented_dataset_exists_and_nothing_else(result, source_dir):
    documented = documented_paths(source_dir)
    present = set(all_datasets(result))
    assert documented - present == set(), "documented but missing"
    assert present - documented == set(), "present but undocumented"


def test_units_and_long_name_on_every_dataset(result):
    for path, ds in all_datasets(result).items():
        assert "units" in ds.attrs and ds.attrs["units"], path
        assert "long_name" in ds.attrs and len(ds.attrs["long_name"]) > 3, path


def test_root_attributes(result, source_dir):
    a = result.attrs
    assert a["filetype"] == "orbitrisk-results"
    assert a["format_version"] == "1.0"
    assert a["seed"] == 11 and a["trials"] == TRIALS
    assert a["backend"] == "cpu" and a["device"]
    assert re.fullmatch(r"[0-9a-f]{40}(-dirty)?|unknown", a["git_sha1"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", a["date_and_time"])
    cfg = tomllib.loads(a["config_toml"])
    assert [s["name"] for s in cfg["shell"]] == ["low", "sso"]
    assert cfg["class"][0]["bus"]["shape"] == 0.4521  # defaults are written out
    assert re.fullmatch(r"[0-9a-f]{16}", a["config_hash"])
    assert a["trials_per_second"] > 0


def test_time_is_a_dimension_scale(result):
    t = result["time/bin_end_days"]
    assert t.attrs["CLASS"] == b"DIMENSION_SCALE"
    assert t.attrs["NAME"] == b"time"
    np.testing.assert_allclose(t[:], 91.3125 * np.arange(1, 13))
    for path in ("capacity/snapshot_mean", "capacity/average_percentiles", "survival/alive_fraction_mean",
                 "failures/gpus_per_bin_mean"):
        assert result[path].dims[0][0].name == "/time/bin_end_days", path
    assert result["capacity/snapshot_percentiles"].dims[1][0].name == "/capacity/percentile_levels"


def test_shapes(result):
    B, S, T = 12, 2, 2
    expect = {
        "capacity/snapshot_mean": (B,), "capacity/snapshot_percentiles": (B, 7),
        "capacity/snapshot_histogram": (B, 1000), "capacity/mission_average_mean": (),
        "survival/alive_fraction_mean": (B, S), "failures/satellites_mean": (6,),
        "failures/gpus_per_bin_mean": (B, 4), "thresholds/time_percentiles_days": (T, 7),
        "trials/mission_average_capacity": (TRIALS,), "trials/satellite_losses": (TRIALS, 6),
        "capacity/availability_percentiles": (B, 7), "radiation/counts_mean": (3,), "radiation/dose_end_rad_mean": (S,),
        "trials/radiation_counts": (TRIALS, 3), "trials/dose_end_rad": (TRIALS, S),
        "losses/ylt_gross_aggregate": (TRIALS, 3), "losses/aal_by_cause_mean": (11,), "losses/var_995": (2, 2),
        "losses/var_995_ci95": (2, 2, 2), "losses/aep_gross_by_year_loss": (3, 9),  # return periods <= 300 trials
        "debris/hits_mean": (B, S, 3), "debris/fragments_ge_1cm_mean": (B, S), "debris/counts_mean": (5,),
        "debris/breakups_histogram": (1025,), "trials/debris_counts": (TRIALS, 5), "trials/manoeuvres": (TRIALS,),
        "trials/threshold_time_days": (TRIALS, T), "tallies/alive_sum": (B * S, 2),
    }
    for path, shape in expect.items():
        assert result[path].shape == shape, path


def test_no_nan_anywhere(result):
    for path, ds in all_datasets(result).items():
        if ds.dtype.kind == "f":
            assert not np.isnan(ds[()]).any(), path


def test_values_are_consistent(result):
    snap = result["capacity/snapshot_mean"][:]
    assert np.all((snap >= 0) & (snap <= 1)) and np.all(np.diff(snap) <= 0)
    pct = result["capacity/snapshot_percentiles"][:]
    assert np.all(np.diff(pct, axis=1) >= 0)
    # per-trial records agree with the summaries built from the exact tallies
    at_end = result["trials/capacity_at_end"][:]
    assert at_end.mean() == pytest.approx(snap[-1], abs=1e-12)
    mission = result["trials/mission_average_capacity"][:]
    assert mission.mean() == pytest.approx(result["capacity/mission_average_mean"][()], abs=1e-9)
    losses = result["trials/satellite_losses"][:]
    np.testing.assert_allclose(losses.mean(axis=0), result["failures/satellites_mean"][:], atol=1e-12)
    times = result["trials/threshold_time_days"][:]
    crossed = np.isfinite(times).sum(axis=0)
    np.testing.assert_array_equal(crossed, TRIALS - result["thresholds/not_crossed"][:])
    np.testing.assert_array_equal(crossed, result["tallies/crossed"][:])
    mean_given = result["thresholds/time_mean_days_given_crossed"][:]
    for j in range(2):
        if crossed[j]:
            assert mean_given[j] == pytest.approx(times[np.isfinite(times[:, j]), j].mean(), rel=1e-9)
    assert np.all(result["survival/full_capacity_fraction_mean"][:] <= result["survival/alive_fraction_mean"][:] + 1e-15)
    counts = result["trials/debris_counts"][:]
    np.testing.assert_allclose(counts.mean(axis=0), result["debris/counts_mean"][:], atol=1e-12)
    breakups = counts[:, 1] + counts[:, 2]
    hist = result["debris/breakups_histogram"][:]
    np.testing.assert_array_equal(np.bincount(breakups.astype(int), minlength=1025)[:1025], hist)
    assert result["trials/manoeuvres"][:].mean() == pytest.approx(result["debris/manoeuvres_all_mean"][()], rel=1e-12)
    assert result["debris/manoeuvres_all_mean"][()] > 0
    avail, cap = result["capacity/availability_mean"][:], result["capacity/average_mean"][:]
    assert np.all(avail <= cap + 1e-12) and np.all(avail > cap - 0.05)  # DUE downtime is a small loss
    assert result["trials/mission_average_availability"][:].mean() == pytest.approx(
        result["capacity/mission_average_availability_mean"][()], abs=1e-9)
    rad = result["trials/radiation_counts"][:]
    np.testing.assert_allclose(rad.mean(axis=0), result["radiation/counts_mean"][:], rtol=1e-12)
    assert np.all(rad == np.round(rad)) and rad[:, 2].min() > rad[:, 0].max()  # corrected >> DUE
    assert result["trials/spe_count"][:].mean() == pytest.approx(result["radiation/spe_count_mean"][()], abs=1e-12)


def test_losses_are_consistent(result):
    g = result["losses"]
    assert g["ylt_gross_aggregate"].chunks is not None and g["ylt_gross_aggregate"].compression == "gzip"
    agg = g["ylt_gross_aggregate"][:]
    assert g["aal_gross_mean"][()] == pytest.approx(agg.mean(), rel=1e-12)
    assert np.all(g["ylt_gross_max_occurrence"][:] <= agg + 1e-6)
    assert np.all(g["ylt_net_aggregate"][:] <= agg + 1e-6)
    # AEP at each kept return period: Oasis ranks over trials x years periods
    rp, loss = g["aep_gross_return_period"][:], g["aep_gross_loss"][:]
    assert rp.max() <= agg.size and np.all(np.diff(loss) >= 0)
    ranked = np.sort(agg.ravel())[::-1]
    for r, l in zip(rp, loss):
        i = int(np.floor(agg.size / r + 1e-9))
        if abs(agg.size / i - r) < 1e-9:
            assert l == pytest.approx(ranked[i - 1], rel=1e-12)
    # losses by cause add up to the aggregate (ground-up, business interruption included)
    total = g["aal_by_cause_mean"][:].sum()
    assert total == pytest.approx(g["aal_gross_mean"][()], rel=1e-6)
    lo, hi = g["var_995_ci95"][0, 0]
    assert lo <= g["var_995"][0, 0] <= hi


def test_raw_tallies_reproduce_the_means(result):
    raw = result["tallies/cap_average_sum"][:]
    total = sum(int(np.uint64(lo)) + (int(hi) << 64) for lo, hi in raw.astype(np.int64).tolist()[:1])
    assert total / TRIALS / 2**32 == pytest.approx(result["capacity/average_mean"][0], rel=1e-12)


def test_same_seed_same_bytes_for_any_threads_and_batch(run, source_dir, tmp_path):
    cfg = source_dir / "configs/reference/factory-1k.toml"
    runs = {"t1": ["--threads", 1, "--batch", 7], "t2": ["--threads", 2, "--batch", 64],
            "t2b": ["--threads", 2, "--batch", 1]}
    for name, extra in runs.items():
        run("run", cfg, "-o", tmp_path / f"{name}.h5", "--trials", 40, "--seed", 5, "--keep-trials",
            "--backend", "cpu", *extra)
    ref = datasets_bytes(tmp_path / "t1.h5")
    assert len(ref) > 50
    for name in ("t2", "t2b"):
        other = datasets_bytes(tmp_path / f"{name}.h5")
        assert other.keys() == ref.keys()
        differing = [p for p in ref if ref[p] != other[p]]
        assert differing == [], f"{name}: {differing}"
    run("run", cfg, "-o", tmp_path / "seed6.h5", "--trials", 40, "--seed", 6, "--backend", "cpu")
    assert datasets_bytes(tmp_path / "seed6.h5")["/capacity/snapshot_mean"] != ref["/capacity/snapshot_mean"]


def test_resolved_config_reruns_identically(run, result, tmp_path):
    cfg = tmp_path / "resolved.toml"
    cfg.write_text(result.attrs["config_toml"])
    run("run", cfg, "-o", tmp_path / "again.h5", "--trials", TRIALS, "--seed", 11, "--backend", "cpu")
    with h5py.File(tmp_path / "again.h5", "r") as g:
        assert g.attrs["config_hash"] == result.attrs["config_hash"]
        np.testing.assert_array_equal(g["capacity/average_mean"][:], result["capacity/average_mean"][:])
