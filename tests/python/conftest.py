import os
import subprocess
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def orbitrisk():
    """Path of the orbitrisk binary under test (set by ctest)."""
    path = os.environ.get("ORBITRISK_BIN")
    if not path or not Path(path).exists():
        pytest.fail("ORBITRISK_BIN must point at the built orbitrisk binary (run through ctest)")
    return path


@pytest.fixture(scope="session")
def source_dir():
    return Path(os.environ.get("ORBITRISK_SOURCE", Path(__file__).resolve().parents[2]))


@pytest.fixture(scope="session")
def run(orbitrisk):
    def _run(*args, check=True):
        proc = subprocess.run([orbitrisk, *map(str, args)], capture_output=True, text=True, timeout=600)
        if check and proc.returncode != 0:
            raise AssertionError(f"orbitrisk {' '.join(map(str, args))} failed:\n{proc.stderr}")
        return proc
    return _run
