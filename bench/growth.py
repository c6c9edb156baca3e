# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""How the back-fill and the daily job grow with the number of partners.

Run it with ``bash bench/run.sh --growth [--sizes 10000,100000,300000]``. For each size it
seeds a fresh copy of the benchmark's base database with that many partners and ten
confirmed orders each (as ``bench/seed.py`` spreads them), times the raw SQL baseline,
the install (minus an install on the empty base: the back-fill), the daily job with
nothing to move and every partner walked; then fits ``seconds = a * N ** k`` to each
measure (least squares on the logarithms) and writes the figures as JSON in
``bench/results/``.
"""

import json
import math
import os
import statistics
from datetime import datetime

from bench_db import copydb, dropdb, install_on, log, vacuum
from seed import seed, sql_baseline

MEASURES = ("baseline_s", "backfill_s", "daily_unchanged_s", "daily_forced_s")


def fit(sizes, seconds):
    """(a, k) of ``seconds = a * size ** k``, by least squares on the logarithms."""
    xs, ys = [math.log(size) for size in sizes], [math.log(max(value, 1e-6)) for value in seconds]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)
    return math.exp(mean_y - slope * mean_x), slope


def growth(base, prefix, sizes, addons_path, logs, in_odoo):
    """The figures of each size, and the fit of each measure."""
    install_on(base, addons_path, os.path.join(logs, "growth-empty.log"))  # untimed: files read from disk
    empty = statistics.median(
        install_on(base, addons_path, os.path.join(logs, "growth-empty.log")) for _run in range(2)
    )
    rows = []
    for size in sizes:
        db = f"{prefix}_growth_{size}"
        log(f"Growth: {size} partners, {size * 10} orders…")
        copydb(base, db)
        seed(db, size, size * 10)
        vacuum(db)
        baseline, _rows = sql_baseline(db, runs=3)
        vacuum(db)
        installed = install_on(db, addons_path, os.path.join(logs, "growth-seeded.log"), copy=False)
        vacuum(db)
        unchanged = in_odoo(db, addons_path, "measure_recompute", False)
        forced = in_odoo(db, addons_path, "measure_recompute", True)
        rows.append(
            {
                "partners": size,
                "orders": size * 10,
                "baseline_s": baseline,
                "install_s": installed,
                "backfill_s": installed - empty,
                "daily_unchanged_s": unchanged["seconds"],
                "daily_forced_s": forced["seconds"],
                "peak_rss_mb": forced["peak_rss_mb"],
            }
        )
        log(f"Growth: {rows[-1]}")
        dropdb(db)
    fits = {}
    if len(rows) > 1:
        for measure in MEASURES:
            a, k = fit([row["partners"] for row in rows], [row[measure] for row in rows])
            fits[measure] = {"a": a, "k": k}
    return {"install_empty_s": empty, "sizes": rows, "fits": fits}


def print_growth(result):
    print("| partners | orders | baseline | back-fill | daily job, nothing to move | every partner walked |")
    print("|---|---|---|---|---|---|")
    for row in result["sizes"]:
        print(
            f"| {row['partners']:,} | {row['orders']:,} | {row['baseline_s']:.2f} s | {row['backfill_s']:.2f} s "
            f"| {row['daily_unchanged_s']:.2f} s | {row['daily_forced_s']:.2f} s |"
        )
    for measure, values in result["fits"].items():
        print(f"{measure}: {values['a']:.3g} * N ** {values['k']:.2f}")


def main(base, prefix, sizes, addons_path, here, logs, in_odoo):
    result = growth(base, prefix, sizes, addons_path, logs, in_odoo)
    result["started"] = datetime.now().isoformat(timespec="seconds")
    print_growth(result)
    path = os.path.join(here, "results", f"growth-{datetime.now():%Y%m%d-%H%M%S}.json")
    with open(path, "w") as out:
        json.dump(result, out, indent=2)
    log(f"Results written to {path}")
