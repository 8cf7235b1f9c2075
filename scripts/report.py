#!/usr/bin/env python3
"""Figures and an HTML summary from an orbitrisk result or sweep file.

    scripts/report.py OUT.h5 -o DIR

Writes DIR/*.png and DIR/index.html. For a run: survival by shell, capacity and availability
fan charts, failures by cause over time, loss exceedance curves (AEP/OEP, gross and net),
losses by cause, and, when the run had them, debris and radiation panels. For a sweep
(`orbitrisk sweep`): tornado charts, Sobol' index bars or Morris mu*-sigma plots
(scripts/report_sweep.py). Needs h5py, numpy and matplotlib (Debian: python3-h5py
python3-matplotlib; scripts/setup.sh installs them).
"""
import argparse
import html
import os
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

YEAR = 365.25


def names(ds):
    return [n.decode() if isinstance(n, bytes) else str(n) for n in ds[:]]


def years(f):
    return f["time/bin_end_days"][:] / YEAR


def save(fig, out, name):
    path = os.path.join(out, name)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return name


def fig_survival(f, out):
    t, shells = years(f), names(f["shells/name"])
    alive, sem = f["survival/alive_fraction_mean"][:], f["survival/alive_fraction_sem"][:]
    full = f["survival/full_capacity_fraction_mean"][:]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for s, name in enumerate(shells):
        line, = ax.plot(t, alive[:, s], label=f"{name}: alive")
        ax.fill_between(t, alive[:, s] - 2 * sem[:, s], alive[:, s] + 2 * sem[:, s], color=line.get_color(), alpha=0.2)
        ax.plot(t, full[:, s], "--", color=line.get_color(), label=f"{name}: full capacity")
    ax.set(xlabel="mission time (years)", ylabel="fraction of the shell's satellites", title="Survival by shell",
           ylim=(0, 1.02))
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return save(fig, out, "survival.png")


def fan(ax, t, pct, mean, label, color):
    # percentile columns: 1, 5, 25, 50, 75, 95, 99
    ax.fill_between(t, pct[:, 1], pct[:, 5], color=color, alpha=0.18, label=f"{label}: 5-95%")
    ax.fill_between(t, pct[:, 2], pct[:, 4], color=color, alpha=0.35, label=f"{label}: 25-75%")
    ax.plot(t, pct[:, 3], color=color, label=f"{label}: median")
    ax.plot(t, mean, ":", color=color, label=f"{label}: mean")


def fig_capacity(f, out):
    t = years(f)
    fig, ax = plt.subplots(figsize=(8, 4.5))
    fan(ax, t, f["capacity/average_percentiles"][:], f["capacity/average_mean"][:], "capacity", "tab:blue")
    fan(ax, t, f["capacity/availability_percentiles"][:], f["capacity/availability_mean"][:], "availability", "tab:orange")
    ax.set(xlabel="mission time (years)", ylabel="fraction of launch capacity (sum of K)",
           title="Capacity and availability over time (bin averages)")
    ax.legend(fontsize=7, ncol=2)
    ax.grid(alpha=0.3)
    return save(fig, out, "capacity.png")


def fig_failures(f, out):
    t = years(f)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, key, causes, unit, title in ((a1, "satellites_per_bin_mean", "satellite_causes", "satellites", "Satellites"),
                                         (a2, "gpus_per_bin_mean", "gpu_causes", "GPUs", "GPUs")):
        data = f["failures/" + key][:]
        labels = names(f["failures/" + causes])
        keep = [i for i in range(data.shape[1]) if data[:, i].sum() > 0] or list(range(data.shape[1]))
        ax.stackplot(t, *[data[:, i] for i in keep], labels=[labels[i] for i in keep], alpha=0.8)
        ax.set(xlabel="mission time (years)", ylabel=f"{unit} lost per bin (mean)", title=f"{title} lost by cause")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    return save(fig, out, "failures.png")


def fig_exceedance(f, out):
    g = f["losses"]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    styles = {"aep": "-", "oep": "--"}
    colors = {"gross": "tab:red", "net": "tab:blue"}
    plotted = False
    for persp in ("gross", "net"):
        for ep in ("aep", "oep"):
            rp, loss = g[f"{ep}_{persp}_return_period"][:], g[f"{ep}_{persp}_loss"][:]
            if len(rp):
                ax.plot(rp, loss / 1e6, styles[ep], marker="o", ms=3, color=colors[persp], label=f"{ep.upper()} {persp}")
                plotted = True
    ax.set_xscale("log")
    ax.set(xlabel="return period (years, log scale)", ylabel="loss (USD millions)",
           title="Loss exceedance (all policy years pooled, Oasis convention)")
    if plotted:
        ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    return save(fig, out, "exceedance.png")


def fig_loss_causes(f, out):
    g = f["losses"]
    labels, aal, sem = names(g["loss_labels"]), g["aal_by_cause_mean"][:], g["aal_by_cause_sem"][:]
    order = np.argsort(aal)
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.barh([labels[i] for i in order], aal[order] / 1e6, xerr=2 * sem[order] / 1e6, color="tab:purple", alpha=0.8)
    ax.set(xlabel="ground-up loss per policy year (USD millions, ±2 SE)", title="Losses by cause")
    ax.grid(alpha=0.3, axis="x")
    return save(fig, out, "loss_causes.png")


def fig_debris(f, out):
    t, shells = years(f), names(f["shells/name"])
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2))
    for s, name in enumerate(shells):
        a1.plot(t, f["debris/fragments_ge_1cm_mean"][:, s], label=f"{name} (>= 1 cm)")
        a2.plot(t, f["debris/derelicts_mean"][:, s], label=name)
    a1.set(xlabel="mission time (years)", ylabel="expected fragments in the shell's cell", title="Fragment clouds")
    a2.set(xlabel="mission time (years)", ylabel="derelicts (mean)", title="Derelicts")
    for ax in (a1, a2):
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    return save(fig, out, "debris.png")


def fig_radiation(f, out):
    shells = names(f["shells/name"])
    dose, sem = f["radiation/dose_end_rad_mean"][:], f["radiation/dose_end_rad_sem"][:]
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.bar(shells, dose, yerr=2 * sem, color="tab:green", alpha=0.8)
    ax.set(ylabel="rad(Si) at mission end (mean, ±2 SE)", title="Total ionizing dose by shell")
    ax.grid(alpha=0.3, axis="y")
    return save(fig, out, "radiation.png")


def fig_replenishment(f, out):
    g = f["replenishment"]
    edges = g["restore_time_histogram_edges_days"][:]
    hist = g["restore_time_histogram"][:]
    cost = g["replacement_cost_usd_mean"][:]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2))
    a1.bar(edges[:-1], hist, width=np.diff(edges), align="edge", color="tab:green")
    a1.set(xlabel="days from a position's loss to its refill", ylabel="refilled positions (all trials)",
           title=f"Refill times (mean {g['restore_time_mean_days'][()]:.0f} d; "
                 f"{g['positions_empty_at_end'][()] / f.attrs['trials']:.2f} empty at end per trial)")
    a2.bar(np.arange(1, len(cost) + 1), cost / 1e6, color="tab:purple")
    a2.set(xlabel="policy year", ylabel="USD million per trial", title="Replacement cost (operator, not insured)")
    for a in (a1, a2):
        a.grid(alpha=0.3)
    return save(fig, out, "replenishment.png")


def money(x):
    return f"${x / 1e6:,.2f}M"


def key_figures(f):
    a, rows = f.attrs, []
    rows.append(("trials / seed", f"{a['trials']:,} / {a['seed']}"))
    rows.append(("backend / device", f"{a['backend']} / {a['device']}"))
    rows.append(("mission-average capacity", f"{f['capacity/mission_average_mean'][()]:.4f} ± {f['capacity/mission_average_sem'][()]:.4f}"))
    rows.append(("mission-average availability",
                 f"{f['capacity/mission_average_availability_mean'][()]:.4f} ± {f['capacity/mission_average_availability_sem'][()]:.4f}"))
    end = f["capacity/snapshot_mean"][-1]
    rows.append(("capacity at mission end (mean)", f"{end:.4f}"))
    for lvl, p in zip(f["thresholds/levels"][:], f["thresholds/probability_crossed"][:]):
        rows.append((f"P(capacity < {lvl:g} within the mission)", f"{p:.4f}"))
    if "losses" in f:
        g = f["losses"]
        rows.append(("AAL ground-up / insured", f"{money(g['aal_gross_mean'][()])} / {money(g['aal_net_mean'][()])}"))
        if "var_995" in g:
            v, tv, ci = g["var_995"][:], g["tvar_995"][:], g["var_995_ci95"][:]
            rows.append(("1-in-200 AEP ground-up (95% CI)", f"{money(v[0, 0])} ({money(ci[0, 0, 0])} - {money(ci[0, 0, 1])})"))
            rows.append(("1-in-200 AEP insured / TVaR 99.5%", f"{money(v[1, 0])} / {money(tv[1, 0])}"))
            rows.append(("1-in-200 OEP ground-up / insured", f"{money(v[0, 1])} / {money(v[1, 1])}"))
    if "debris" in f:
        p = f["debris/breakups_probability"][:]
        rows.append(("P(>= 1 / 2 / 10 breakups)", f"{p[0]:.4f} / {p[1]:.4f} / {p[2]:.4f}"))
    if "radiation" in f:
        rows.append(("solar particle events per trial", f"{f['radiation/spe_count_mean'][()]:.2f}"))
    return rows


def has_activity(f, group, key):
    return group in f and np.any(f[f"{group}/{key}"][()] != 0)


def write_index(path, title, f, table_rows, figures):
    table = "\n".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in table_rows)
    imgs = "\n".join(f"<h2>{html.escape(t)}</h2><img src=\"{n}\" alt=\"{html.escape(t)}\">" for t, n in figures)
    with open(path, "w") as out:
        out.write(f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:1000px;margin:2em auto}}th{{text-align:left;padding-right:2em}}
img{{max-width:100%}}td,th{{border-bottom:1px solid #ddd;padding:4px}}</style></head><body>
<h1>{html.escape(title)}</h1>
<p>orbitrisk {html.escape(str(f.attrs['orbitrisk_version']))} (git {html.escape(str(f.attrs['git_sha1']))}),
written {html.escape(str(f.attrs['date_and_time']))}. Layout of the data: docs/output.md.</p>
<table>{table}</table>
{imgs}
</body></html>
""")


def run_report(f, out):
    figures = [("Survival by shell", fig_survival(f, out)),
               ("Capacity and availability", fig_capacity(f, out)),
               ("Failures by cause", fig_failures(f, out)),
               ("Loss exceedance", fig_exceedance(f, out)),
               ("Losses by cause", fig_loss_causes(f, out))]
    if has_activity(f, "debris", "hits_mean"):
        figures.append(("Debris", fig_debris(f, out)))
    if has_activity(f, "radiation", "dose_end_rad_mean"):
        figures.append(("Radiation", fig_radiation(f, out)))
    if has_activity(f, "replenishment", "positions_refilled"):
        figures.append(("Replenishment", fig_replenishment(f, out)))
    return key_figures(f), figures


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("result", help="orbitrisk result or sweep file (HDF5)")
    ap.add_argument("-o", "--out", required=True, help="output directory")
    args = ap.parse_args(argv)
    try:
        f = h5py.File(args.result, "r")
    except OSError as e:
        sys.exit(f"report: cannot read {args.result}: {e}")
    kind = f.attrs.get("filetype")
    if kind not in ("orbitrisk-results", "orbitrisk-sweep"):
        sys.exit(f"report: {args.result} is not an orbitrisk result or sweep file")
    os.makedirs(args.out, exist_ok=True)
    if kind == "orbitrisk-sweep":
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import report_sweep
        table, figures = report_sweep.sweep_report(f, args.out, save)
    else:
        table, figures = run_report(f, args.out)
    write_index(os.path.join(args.out, "index.html"), f"orbitrisk report: {os.path.basename(args.result)}", f,
                table, figures)
    print(os.path.join(args.out, "index.html"))


if __name__ == "__main__":
    main()
