"""Helpers shared by the file tests: every dataset of a result file, and their bytes."""
import h5py


def all_datasets(f):
    out = {}
    f.visititems(lambda name, obj: out.__setitem__("/" + name, obj) if isinstance(obj, h5py.Dataset) else None)
    return out


def datasets_bytes(path):
    with h5py.File(path, "r") as f:
        # variable-length strings read as Python objects: compare their values, not pointers
        return {p: repr(ds[()].tolist()).encode() if ds.dtype.kind == "O" else ds[()].tobytes()
                for p, ds in all_datasets(f).items()}


def differing_datasets(a, b):
    """Paths whose bytes differ between two result files, or that only one of them has."""
    x, y = datasets_bytes(a), datasets_bytes(b)
    assert len(x) > 50, f"{a} has only {len(x)} datasets"
    return sorted(p for p in x.keys() | y.keys() if x.get(p) != y.get(p))
