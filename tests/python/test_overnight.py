"""Overnight runs: checkpoints and resume after SIGTERM or SIGKILL, shards and merge, MPI,
stopping rules, and output that is checked before the trials start. Every way of splitting
or interrupting a run must give the datasets of one uninterrupted process, byte for byte."""
import os
import shutil
import signal
import subprocess
import time

import h5py
import pytest

from results import differing_datasets

# factory-1k on one thread runs ~400 trials/s here: long enough to interrupt mid-run.
TRIALS = 1600
SEED = 3


@pytest.fixture(scope="module")
def factory(source_dir):
    return source_dir / "configs/reference/factory-1k.toml"


@pytest.fixture(scope="module")
def reference(run, factory, tmp_path_factory):
    out = tmp_path_factory.mktemp("ref") / "ref.h5"
    run("run", factory, "-o", out, "--trials", TRIALS, "--seed", SEED, "--backend", "cpu", "--keep-trials")
    return out


def start(orbitrisk, *args):
    return subprocess.Popen([orbitrisk, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(path, proc, timeout=120):
    end = time.time() + timeout
    while not path.exists():
        assert proc.poll() is None, f"run ended before writing {path}: {proc.communicate()}"
        assert time.time() < end, f"no {path} after {timeout} s"
        time.sleep(0.05)


def interrupted_run(orbitrisk, factory, out):
    return start(orbitrisk, "run", factory, "-o", out, "--trials", TRIALS, "--seed", SEED, "--backend", "cpu",
                 "--keep-trials", "--threads", 1, "--batch", 40, "--checkpoint-every", "0.3s")


def test_sigterm_checkpoints_and_resume_gives_identical_datasets(run, orbitrisk, factory, reference, tmp_path):
    out = tmp_path / "int.h5"
    ckpt = tmp_path / "int.h5.ckpt.h5"
    proc = interrupted_run(orbitrisk, factory, out)
    wait_for(ckpt, proc)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 75, err
    assert "interrupted after" in err and f"orbitrisk run --resume {ckpt}" in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == [ckpt.name], "only the checkpoint is left"
    with h5py.File(ckpt) as f:
        done = int(f["state"].attrs["next_trial"])
    assert 0 < done < TRIALS
    proc = run("run", "--resume", ckpt, "--backend", "cpu", "--threads", 2)
    assert "resumed 1x" in proc.stdout
    assert differing_datasets(reference, out) == []
    assert not ckpt.exists(), "the checkpoint is removed once the result is in place"
    with h5py.File(out) as f:
        assert f["run"].attrs["resumes"] == 1 and f["run"].attrs["stop_reason"] == "completed"


def test_sigkill_loses_at_most_one_checkpoint_interval(run, orbitrisk, factory, reference, tmp_path):
    out = tmp_path / "kill.h5"
    ckpt = tmp_path / "kill.h5.ckpt.h5"
    proc = interrupted_run(orbitrisk, factory, out)
    wait_for(ckpt, proc)
    time.sleep(0.7)  # past at least one more checkpoint interval
    with h5py.File(ckpt) as f:
        before = int(f["state"].attrs["next_trial"])
    proc.kill()
    proc.communicate(timeout=60)
    with h5py.File(ckpt) as f:
        saved = int(f["state"].attrs["next_trial"])
    assert saved >= before > 0
    assert not out.exists()
    # a kill in the middle of writing a checkpoint may leave its partial file: resume removes it
    run("run", "--resume", ckpt, "--backend", "cpu")
    assert differing_datasets(reference, out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kill.h5"]


def test_shards_merged_equal_one_process(run, factory, reference, tmp_path):
    shards = []
    for i in range(3):
        shards.append(tmp_path / f"s{i}.h5")
        run("run", factory, "-o", shards[-1], "--trials", TRIALS, "--seed", SEED, "--backend", "cpu",
            "--keep-trials", "--shard", f"{i}/3")
        with h5py.File(shards[-1]) as f:
            assert f["run"].attrs["shard_index"] == i
            assert f.attrs["trials"] in (TRIALS // 3, TRIALS // 3 + 1)
    merged = tmp_path / "merged.h5"
    proc = run("merge", "-o", merged, shards[2], shards[0], shards[1])  # any order
    assert "merged 3 shards" in proc.stdout
    assert differing_datasets(reference, merged) == []


def mpi_built(run):
    return "MPI: built in" in run("info").stdout


def test_mpirun_two_ranks_equal_one_process(run, orbitrisk, factory, reference, tmp_path):
    if not mpi_built(run):
        pytest.skip("this orbitrisk was built without MPI (ORBITRISK_MPI=OFF or OpenMPI not installed)")
    mpirun = shutil.which("mpirun")
    assert mpirun, "orbitrisk has MPI built in but mpirun is not on PATH (scripts/setup.sh installs openmpi-bin)"
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    out = tmp_path / "mpi.h5"
    cmd = [mpirun, "-np", 2, "--oversubscribe", orbitrisk, "run", factory, "-o", out, "--trials", TRIALS,
           "--seed", SEED, "--backend", "cpu", "--keep-trials", "--threads", 1]
    proc = subprocess.run(list(map(str, cmd)),
                          capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "2 MPI ranks" in proc.stdout
    assert differing_datasets(reference, out) == []
    with h5py.File(out) as f:
        assert f["run"].attrs["mpi_ranks"] == 2


@pytest.fixture(scope="module")
def tiny_shards(run, source_dir, tmp_path_factory):
    d = tmp_path_factory.mktemp("tiny_shards")
    cfg = source_dir / "tests/configs/tiny.toml"
    for i in range(2):
        run("run", cfg, "-o", d / f"s{i}.h5", "--trials", 200, "--seed", 1, "--backend", "cpu", "--shard", f"{i}/2")
    run("run", cfg, "-o", d / "seed2.h5", "--trials", 200, "--seed", 2, "--backend", "cpu", "--shard", "1/2")
    run("run", cfg, "-o", d / "other.h5", "--trials", 200, "--seed", 1, "--backend", "cpu", "--shard", "1/2",
        "--set", "mission.years=2")
    run("run", cfg, "-o", d / "plain.h5", "--trials", 200, "--seed", 1, "--backend", "cpu")
    data = (d / "s1.h5").read_bytes()
    (d / "truncated.h5").write_bytes(data[: len(data) // 2])
    (d / "text.h5").write_text("this is not HDF5\n")
    return d


@pytest.mark.parametrize("second, phrase", [
    ("seed2.h5", "seed differs"),
    ("other.h5", "configuration (config_hash) differs"),
    ("truncated.h5", "cannot be read as HDF5"),
    ("text.h5", "cannot be read as HDF5"),
    ("plain.h5", "not a shard"),
    ("s0.h5", "given twice"),
])
def test_merge_refuses_bad_inputs_cleanly(run, tiny_shards, tmp_path, second, phrase):
    out = tmp_path / "merged.h5"
    proc = run("merge", "-o", out, tiny_shards / "s0.h5", tiny_shards / second, check=False)
    assert proc.returncode == 1, proc.stderr
    assert phrase in proc.stderr and "error:" in proc.stderr, proc.stderr
    assert list(tmp_path.iterdir()) == [], "no output, partial or not"


def test_merge_needs_every_shard(run, tiny_shards, tmp_path):
    proc = run("merge", "-o", tmp_path / "m.h5", tiny_shards / "s0.h5", check=False)
    assert proc.returncode == 1 and "shard 1/2 is missing" in proc.stderr


def test_target_rse_stops_early_and_records_precision(run, source_dir, tmp_path):
    out = tmp_path / "rse.h5"
    proc = run("run", source_dir / "tests/configs/tiny.toml", "-o", out, "--trials", 200000, "--seed", 4,
               "--backend", "cpu", "--target-rse", "0.01", "--target", "mission_average_capacity",
               "--target", "aal_gross")
    assert "run: target_rse after" in proc.stdout
    with h5py.File(out) as f:
        run_log = f["run"].attrs
        assert run_log["stop_reason"] == "target_rse"
        done = int(run_log["trials_done"])
        assert done < 200000 and done % 1000 == 0, "rules are checked every 1,000 trials"
        assert f.attrs["trials"] == done
        rse = dict(zip([n.decode() for n in f["run/rse_names"][:]], f["run/rse"][:]))
        assert rse["mission_average_capacity"] <= 0.01 and rse["aal_gross"] <= 0.01
        assert run_log["targets"] == "mission_average_capacity,aal_gross"
    # 1,000 fewer trials would not have met the target: it stopped at the first check point
    # where it held (the achieved precision is what the rule saw)
    proc = run("run", source_dir / "tests/configs/tiny.toml", "-o", tmp_path / "less.h5", "--trials", done - 1000,
               "--seed", 4, "--backend", "cpu")
    with h5py.File(tmp_path / "less.h5") as f:
        rse_less = dict(zip([n.decode() for n in f["run/rse_names"][:]], f["run/rse"][:]))
    assert rse_less["mission_average_capacity"] > 0.01 or rse_less["aal_gross"] > 0.01


def test_time_budget_stops_and_says_so(run, factory, tmp_path):
    out = tmp_path / "budget.h5"
    run("run", factory, "-o", out, "--trials", 1000000, "--backend", "cpu", "--time-budget", "2s", "--batch", 100)
    with h5py.File(out) as f:
        assert f["run"].attrs["stop_reason"] == "time_budget"
        assert 0 < f.attrs["trials"] < 1000000
        assert f["run"].attrs["seconds"] >= 2.0


@pytest.mark.parametrize("args, phrase", [
    (["--checkpoint-every", "10x"], "--checkpoint-every: '10x' is not a duration"),
    (["--time-budget", "-3h"], "--time-budget: '-3h' is not a duration"),
    (["--shard", "3/3"], "--shard: '3/3' is not i/n"),
    (["--target", "capacity"], "--target needs --target-rse"),
    (["--target-rse", "0.1", "--target", "capacity"], "unknown output 'capacity'"),
    (["--target-rse", "0.1", "--shard", "0/2"], "not supported with --shard"),
    (["--devices", "0,x"], "--devices: '0,x' is not"),
])
def test_bad_run_options_are_clear_errors(run, source_dir, tmp_path, args, phrase):
    proc = run("run", source_dir / "tests/configs/tiny.toml", "-o", tmp_path / "o.h5", "--trials", 10, *args,
               check=False)
    assert proc.returncode != 0 and phrase in proc.stderr, proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_resume_refuses_options_the_checkpoint_fixes_and_bad_files(run, tmp_path):
    bogus = tmp_path / "bogus.ckpt.h5"
    bogus.write_text("not a checkpoint")
    proc = run("run", "--resume", bogus, check=False)
    assert proc.returncode == 1 and "cannot be read as an HDF5 checkpoint" in proc.stderr
    proc = run("run", "--resume", bogus, "--seed", 3, check=False)
    assert proc.returncode == 1 and "remove --seed" in proc.stderr


def test_unwritable_or_too_small_destination_fails_before_the_trials(run, source_dir, tmp_path):
    cfg = source_dir / "tests/configs/tiny.toml"
    proc = run("run", cfg, "-o", tmp_path / "missing_dir" / "o.h5", "--trials", 10, check=False)
    assert proc.returncode == 1 and "cannot write to directory" in proc.stderr
    # 4e9 trials with kept rows need terabytes: refused at once, not after hours
    t0 = time.time()
    proc = run("run", cfg, "-o", tmp_path / "big.h5", "--trials", 4000000000, "--keep-trials", check=False)
    assert proc.returncode == 1 and "the result file needs about" in proc.stderr and "are free" in proc.stderr
    assert time.time() - t0 < 30
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def small_disk(tmp_path):
    """A 24 MiB tmpfs (root only): room for the start-of-run checks, then filled mid-run."""
    mnt = tmp_path / "small_disk"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mnt)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root and permission to mount a tmpfs")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_full_disk_at_the_end_loses_no_trials(run, orbitrisk, factory, reference, tmp_path, small_disk):
    out = small_disk / "out.h5"
    ckpt = tmp_path / "elsewhere.ckpt.h5"
    proc = start(orbitrisk, "run", factory, "-o", out, "--trials", TRIALS, "--seed", SEED, "--backend", "cpu",
                 "--keep-trials", "--threads", 1, "--batch", 40, "--checkpoint-every", "0.3s", "--checkpoint", ckpt)
    wait_for(ckpt, proc)
    filler = small_disk / "filler"
    subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1M", "count=64"], capture_output=True)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err
    assert str(out) in err and f"all trials are saved in {ckpt}" in err, err
    assert [p.name for p in small_disk.iterdir()] == ["filler"], "no half-written result"
    filler.unlink()
    run("run", "--resume", ckpt, "--backend", "cpu")
    assert differing_datasets(reference, out) == []
