"""Sweep figures for scripts/report.py: tornado charts (one-at-a-time designs), Sobol' first
and total index bars with bootstrap intervals, Morris mu*-sigma plots."""
import matplotlib.pyplot as plt
import numpy as np


def names(ds):
    return [n.decode() if isinstance(n, bytes) else str(n) for n in ds[:]]


def fig_tornado(f, out, save, j, output, unit):
    keys = names(f["parameters/key"])
    low, high = f["oat/low"][:, j], f["oat/high"][:, j]
    base = f["oat/base_mean"][j]
    sem = f["oat/swing_sem"][:, j]
    order = np.argsort(np.abs(high - low))  # widest bar on top
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(keys) + 1.8))
    for row, i in enumerate(order):
        ax.barh(row, low[i] - base, left=base, color="tab:blue", alpha=0.8, label="low end" if row == 0 else None)
        ax.barh(row, high[i] - base, left=base, color="tab:red", alpha=0.8, label="high end" if row == 0 else None)
        ax.errorbar(high[i], row, xerr=2 * sem[i], color="k", capsize=3, lw=1)
    ax.axvline(base, color="k", lw=1)
    ax.set_yticks(range(len(keys)), [keys[i] for i in order], fontsize=8)
    ax.set(xlabel=f"{output} ({unit}); whiskers: 2 s.e. of the swing (paired, common random numbers)",
           title=f"Tornado: {output}, each parameter at its low and high end, others at base")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, axis="x")
    return save(fig, out, f"tornado_{j}.png")


def fig_sobol(f, out, save, j, output):
    keys = names(f["parameters/key"])
    x = np.arange(len(keys))
    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(keys)), 4.2))
    for shift, name, color in ((-0.2, "first", "tab:blue"), (0.2, "total", "tab:orange")):
        v, ci = f[f"sobol/{name}"][:, j], f[f"sobol/{name}_ci"][:, j, :]
        ax.bar(x + shift, v, width=0.4, color=color, label=f"{name}-order index")
        ax.errorbar(x + shift, v, yerr=[v - ci[:, 0], ci[:, 1] - v], fmt="none", color="k", capsize=3, lw=1)
    ax.set_xticks(x, keys, rotation=20, ha="right", fontsize=8)
    ax.set(ylabel="Sobol' index", title=f"Sobol' indices: {output} ({f.attrs['confidence']:.0%} bootstrap intervals)")
    ax.axhline(0, color="k", lw=0.8)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, axis="y")
    return save(fig, out, f"sobol_{j}.png")


def fig_morris(f, out, save, j, output):
    keys = names(f["parameters/key"])
    mu_star, sigma = f["morris/mu_star"][:, j], f["morris/sigma"][:, j]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.scatter(mu_star, sigma, color="tab:blue")
    for i, k in enumerate(keys):
        ax.annotate(k, (mu_star[i], sigma[i]), fontsize=8, xytext=(4, 4), textcoords="offset points")
    ax.set(xlabel="mu* (mean |elementary effect|)", ylabel="sigma (interactions, non-linearity)",
           title=f"Morris screening: {output}")
    ax.grid(alpha=0.3)
    return save(fig, out, f"morris_{j}.png")


def sweep_report(f, out, save):
    outputs, units = names(f["outputs/names"]), names(f["outputs/units"])
    design = f.attrs["design"]
    figures = []
    for j, output in enumerate(outputs):
        if design == "oat":
            figures.append((f"Tornado: {output}", fig_tornado(f, out, save, j, output, units[j])))
        elif design == "sobol":
            figures.append((f"Sobol' indices: {output}", fig_sobol(f, out, save, j, output)))
        elif design == "morris":
            figures.append((f"Morris screening: {output}", fig_morris(f, out, save, j, output)))
    table = [("design", f"{design}, {f['design/values'].shape[0]} points x {f.attrs['trials_per_point']} trials"),
             ("parameters", ", ".join(names(f["parameters/key"]))),
             ("outputs", ", ".join(outputs)),
             ("common random numbers", "yes" if f.attrs["common_random_numbers"] else "no"),
             ("sampler", str(f.attrs["sampler"]))]
    if design == "oat":
        vr = f["oat/variance_reduction"][()]
        finite = vr[np.isfinite(vr)]
        if finite.size:
            table.append(("CRN variance reduction of the swings", f"median {np.median(finite):.2f}x"))
    return table, figures
