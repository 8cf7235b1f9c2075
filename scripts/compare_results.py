#!/usr/bin/env python3
"""Compares two orbitrisk result files dataset by dataset, bit for bit.

Prints every dataset whose values differ (with the largest relative difference) and exits 1 if
any does. Run metadata that legitimately differs between runs (timings, dates, devices, version
and provenance attributes, the /run group) is ignored.

    /usr/bin/python3 scripts/compare_results.py A.h5 B.h5 [--rtol 1e-12]
"""
import argparse
import sys

import h5py
import numpy as np

IGNORED_GROUPS = ("run",)


def datasets(f):
    out = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset) and name.split("/")[0] not in IGNORED_GROUPS:
            out[name] = obj[()]

    f.visititems(visit)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--rtol", type=float, default=0.0, help="relative tolerance for float datasets (default: exact)")
    args = ap.parse_args()
    with h5py.File(args.a, "r") as fa, h5py.File(args.b, "r") as fb:
        da, db = datasets(fa), datasets(fb)
    bad = 0
    for name in sorted(set(da) | set(db)):
        if name not in da or name not in db:
            print(f"only in {'first' if name in da else 'second'}: {name}")
            bad += 1
            continue
        x, y = np.asarray(da[name]), np.asarray(db[name])
        if x.shape != y.shape:
            print(f"shape differs: {name} {x.shape} vs {y.shape}")
            bad += 1
            continue
        if x.dtype.kind == "f":
            same_nan = np.isnan(x) == np.isnan(y)
            exact = np.array_equal(x, y, equal_nan=True)
            if exact:
                continue
            finite = np.isfinite(x) & np.isfinite(y)
            rel = np.abs(x[finite] - y[finite]) / np.maximum(np.abs(x[finite]), 1e-300)
            worst = float(rel.max()) if rel.size else 0.0
            ok = same_nan.all() and np.array_equal(x[~finite], y[~finite]) and worst <= args.rtol
            if not ok:
                bad += 1
            print(f"{'within rtol' if ok else 'DIFFERS'}: {name} (largest relative difference {worst:.3g})")
        elif not np.array_equal(x, y):
            print(f"DIFFERS: {name}")
            bad += 1
    print(f"{len(set(da) | set(db))} datasets compared, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
