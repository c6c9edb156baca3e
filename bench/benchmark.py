# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Benchmark of the customer_lifecycle engine against the raw SQL it replaces.

Run it with ``bash bench/run.sh`` (``--small`` for the CI size). It builds fresh
databases on the local PostgreSQL, seeds partners and confirmed sales orders with
set-based SQL, and measures, on the same data:

1. the physical baseline: one GROUP BY computing the per-partner aggregates (distinct
   purchase days, first, last, total) and one bulk UPDATE writing them;
2. the addon's full recompute (stages, dates, metrics, history) of every partner, as
   the daily job runs it and with every partner walked by the rules (the Settings
   button);
3. installing the addon on the seeded database (back-fill) against an empty one;
4. confirming sales orders, with and without the addon, on the same data;
5. the SQL queries to read a partner form with 10 and with 1 000 history lines and
   touch-points;
6. the peak memory of the Odoo process during the full recompute.

It prints a table and writes the figures as JSON in ``bench/results/``.
"""

import argparse
import ast
import hashlib
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta

from bench_db import copydb, dropdb, log, odoo, psql, timed_installs, vacuum
from seed import seed, seed_relations, sql_baseline, sql_baseline_once

SIZES = {
    # the confirmations alternate the two databases in rounds: the more rounds, the less
    # a passing load of this shared machine weighs on one side
    # the installs on the empty and on the seeded database are timed in pairs, "installs"
    # times (the median of the pairs counts): this machine's speed drifts over minutes
    "full": {"partners": 100_000, "orders": 1_000_000, "confirmations": 400, "rounds": 8, "installs": 3},
    "small": {"partners": 2_000, "orders": 20_000, "confirmations": 200, "rounds": 4, "installs": 1},
}
HERE = os.path.dirname(os.path.abspath(__file__))


# ----------------------------------------------------------------------
# In-process measures (the Odoo registry of one database)
# ----------------------------------------------------------------------


def in_odoo(db, addons_path, function, *args):
    """Run ``function(env, *args)`` in a child process on ``db``; return its JSON result."""
    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {HERE!r})\n"
        "import benchmark\n"
        f"print('RESULT' + json.dumps(benchmark._run_in_odoo({db!r}, {addons_path!r}, "
        f"{function!r}, {list(args)!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    line = [line for line in out.stdout.splitlines() if line.startswith("RESULT")][-1]
    return json.loads(line[len("RESULT") :])


def _run_in_odoo(db, addons_path, function, args):
    import odoo
    from odoo.tools import config

    config.parse_config([f"--addons-path={addons_path}", "-d", db, "--logfile=/dev/null"])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        return globals()[function](env, *args)


def measure_recompute(env, force=False):
    """The addon's full recompute of every partner, and the peak memory it takes.

    ``force``: every partner walked by the rules, as the "Recompute Stages and Health"
    button does (the daily job walks only the partners whose data changed or whose next
    possible move has come)."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    companies = env["res.company"].search([])
    env.cr.commit()
    start = time.perf_counter()
    env["customer.lifecycle.engine"]._recompute_all(companies, force=force)
    env.cr.commit()
    elapsed = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    stages = dict(env["res.partner"]._read_group([], ["lifecycle_stage_id"], ["__count"]))
    return {
        "seconds": elapsed,
        "peak_rss_mb": rss_after / 1024,
        "rss_growth_mb": (rss_after - rss_before) / 1024,
        "stages": {stage.code: count for stage, count in stages.items()},
    }


def recompute_runs(db, addons_path, force=False, runs=3):
    """The recompute of ``db`` ``runs`` times, each right after the raw SQL baseline on the
    same database: the median recompute (with the last run's details) and the median
    baseline."""
    recomputes, baselines = [], []
    for _run in range(runs):
        baselines.append(sql_baseline_once(db)[0])
        recomputes.append(in_odoo(db, addons_path, "measure_recompute", force))
    seconds = [run["seconds"] for run in recomputes]
    return {**recomputes[-1], "seconds": statistics.median(seconds), "runs": seconds}, statistics.median(baselines)


def prepare_confirmations(env, count):
    """Draft orders with one line each, for random partners that already bought."""
    product = env["product.product"].create({"name": "Bench service", "type": "service", "list_price": 10})
    env.cr.execute(
        "SELECT DISTINCT partner_id FROM sale_order WHERE name LIKE 'B%%' ORDER BY 1 LIMIT %s",
        [count * 5],
    )
    partner_ids = [row[0] for row in env.cr.fetchall()]
    random.Random(7).shuffle(partner_ids)
    orders = env["sale.order"].create(
        [
            {"partner_id": pid, "order_line": [(0, 0, {"product_id": product.id, "price_unit": 10})]}
            for pid in partner_ids[:count]
        ]
    )
    env.cr.commit()
    return orders.ids


def measure_confirmations(env, order_ids):
    """Confirm each order as one request would: confirm, flush, commit."""
    timings = []
    for order in env["sale.order"].browse(order_ids):
        start = time.perf_counter()
        order.action_confirm()
        env.flush_all()
        env.cr.commit()
        timings.append(time.perf_counter() - start)
    return [t * 1000 for t in timings[10:]]  # in ms, after a warm-up


def measure_form_queries(env, lines):
    """SQL queries to read a partner form with ``lines`` history lines and touch-points."""
    partner = env["res.partner"].create({"name": f"Form bench {lines}", "is_company": True})
    stage = env.ref("customer_lifecycle.stage_customer")
    env["customer.lifecycle.history"].create(
        [{"partner_id": partner.id, "to_stage_id": stage.id, "reason": "bench", "rule": "manual"} for _ in range(lines)]
    )
    env["customer.touchpoint"].create(
        [
            {"partner_id": partner.id, "reason": "bench", "date": datetime.now() - timedelta(days=1)}
            for _ in range(lines)
        ]
    )
    env.cr.commit()
    view = env["res.partner"].get_views([(False, "form")])
    spec = _specification(view["models"]["res.partner"]["fields"])
    env.invalidate_all()
    before = env.cr.sql_log_count
    partner.web_read(spec)
    return env.cr.sql_log_count - before


def _specification(fields):
    spec = {}
    for name, info in fields.items():
        if info["type"] in ("many2one", "many2many", "one2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


# ----------------------------------------------------------------------


def addon_depends():
    """The Odoo modules the addon depends on: the databases "without the addon" have them
    too, so that the figures compare the addon alone."""
    manifest = os.path.join(os.path.dirname(HERE), "__manifest__.py")
    with open(manifest, encoding="utf-8") as handle:
        return ast.literal_eval(handle.read().split("\n", 1)[1])["depends"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--small", action="store_true", help="about 2 000 partners and 20 000 orders")
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases")
    args = parser.parse_args()
    size_name = "small" if args.small else "full"
    size = SIZES[size_name]
    # each Odoo series its own databases (one cannot open the other's)
    from odoo import release  # noqa: PLC0415 (run under the Python of the Odoo benchmarked)

    prefix = (
        f"cl_bench_{size_name}" if release.version_info[0] == 18 else f"cl_bench{release.version_info[0]}_{size_name}"
    )
    logs = os.path.join(HERE, "results", "logs")
    os.makedirs(logs, exist_ok=True)
    results = {"size": size_name, **size, "started": datetime.now().isoformat(timespec="seconds")}
    results["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "postgresql": psql("postgres", "SHOW server_version", fetch=True)[0][0],
    }
    base = base_database(prefix, args, logs)
    seeded, without = f"{prefix}_seeded", f"{prefix}_without_addon"
    seeded_info = seed_databases(base, seeded, without, size, results)

    log("1. Raw SQL baseline…")
    results["baseline_s"], results["baseline_rows"] = sql_baseline(seeded)
    # the baseline's rolled-back runs leave dead versions of 60 000 partner rows (and
    # entries in the 30 indexes of res_partner): cleared, as autovacuum would, so that
    # the install does not pay for them
    vacuum(seeded)

    log("3. Installing the addon on an empty and on the seeded database, in turns (back-fill)…")
    results.update(timed_installs(base, seeded, args.addons_path, size["installs"], logs))
    results["referrals"] = seed_relations(seeded, **{k: seeded_info[k] for k in ("company_id", "firms", "people")})

    log("2 and 6. Full recompute and its peak memory…")
    measure_recomputes(seeded, args.addons_path, results)

    log("4. Order confirmations with and without the addon…")
    results.update(confirmation_rounds(without, seeded, args.addons_path, size))

    log("5. Queries to read a partner form…")
    results["form_queries"] = {
        str(lines): in_odoo(seeded, args.addons_path, "measure_form_queries", lines) for lines in (10, 1000)
    }
    results["ratios"] = ratios(results)
    print_table(results)
    path = os.path.join(HERE, "results", f"{size_name}-{datetime.now():%Y%m%d-%H%M%S}.json")
    with open(path, "w") as out:
        json.dump(results, out, indent=2)
    log(f"Results written to {path}")
    if not args.keep:
        for db in (base, seeded, without):
            dropdb(db)


def base_database(prefix, args, logs):
    """Odoo with the addon's dependencies and no demo data (kept and reused with --keep)."""
    # named after the dependencies (a new one makes a new base), by a short digest: their
    # names in full would pass PostgreSQL's 63 characters, and the copies made from the
    # base ("<base>_install"…) would be cut to the same name
    depends = hashlib.sha1(",".join(sorted(addon_depends())).encode()).hexdigest()[:10]
    base = f"{prefix}_base_{depends}"
    if args.keep and psql("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", [base], fetch=True):
        log(f"Reusing the base database {base} (--keep)…")
    else:
        log("Creating the base database (Odoo with the addon's dependencies, no demo data)…")
        dropdb(base)
        subprocess.run(["createdb", base], check=True)
        odoo(["-d", base, "-i", ",".join(addon_depends())], args.addons_path, os.path.join(logs, "base.log"))
    return base


def seed_databases(base, seeded, without, size, results):
    """The seeded database, and its copy that never gets the addon."""
    log(f"Seeding {size['partners']} partners and {size['orders']} confirmed orders…")
    copydb(base, seeded)
    start = time.perf_counter()
    seeded_info = seed(seeded, size["partners"], size["orders"])
    results["seed_s"] = time.perf_counter() - start
    # a company installs the addon on a database that autovacuum has long passed over:
    # so are both sides of the comparison here (without it, the first to read the fresh
    # rows pays to set their hint bits, and autovacuum of the seed may run meanwhile)
    vacuum(seeded)
    copydb(seeded, without)
    return seeded_info


def measure_recomputes(seeded, addons_path, results):
    """The daily job with stages to move, then with nothing to move, then every partner walked."""
    vacuum(seeded)  # the daily job runs long after the install: autovacuum has passed
    results["recompute"] = in_odoo(seeded, addons_path, "measure_recompute")
    # the same again: the daily job of a day when nothing happened (no stage moves, no
    # chatter), the figure of most nights. Three times, each after the raw SQL baseline
    # on the same installed database (whose partner rows now carry the addon's columns):
    # a passing load of the machine weighs on both sides of each pair.
    results["recompute_unchanged"], results["baseline_installed_s"] = recompute_runs(seeded, addons_path)
    # every partner walked (the Settings button), nothing to move: what the daily job
    # would cost without the fingerprints, measured the same way
    results["recompute_forced"], _baseline = recompute_runs(seeded, addons_path, force=True)


def confirmation_rounds(without, seeded, addons_path, size):
    """Orders confirmed on both databases, alternating in rounds so that a load on the
    machine weighs on both; the median and p95 of each side."""
    for db in (without, seeded):  # as autovacuum would have done: same footing for both
        vacuum(db)
    rounds = size["rounds"]
    per_round = size["confirmations"] // rounds
    per_db = rounds * (per_round + 10)
    pending = {db: in_odoo(db, addons_path, "prepare_confirmations", per_db) for db in (without, seeded)}
    timings = {without: [], seeded: []}
    for index in range(rounds):
        for db in (without, seeded):
            chunk = pending[db][index * (per_round + 10) : (index + 1) * (per_round + 10)]
            timings[db] += in_odoo(db, addons_path, "measure_confirmations", chunk)
    return {
        key: {
            "count": len(timings[db]),
            "median_ms": statistics.median(timings[db]),
            "p95_ms": statistics.quantiles(timings[db], n=20)[-1],
        }
        for db, key in ((without, "confirm_without_addon"), (seeded, "confirm_with_addon"))
    }


def ratios(results):
    """Each measure against its yardstick."""
    baseline = results["baseline_s"]
    with_addon, without_addon = results["confirm_with_addon"], results["confirm_without_addon"]
    return {
        "recompute_vs_baseline": results["recompute"]["seconds"] / baseline,
        "recompute_unchanged_vs_baseline": results["recompute_unchanged"]["seconds"] / baseline,
        "recompute_unchanged_vs_installed_baseline": results["recompute_unchanged"]["seconds"]
        / results["baseline_installed_s"],
        "recompute_forced_vs_baseline": results["recompute_forced"]["seconds"] / baseline,
        "backfill_vs_baseline": results["backfill_s"] / baseline,
        "confirm_overhead_median": with_addon["median_ms"] / without_addon["median_ms"] - 1,
        "confirm_overhead_p95": with_addon["p95_ms"] / without_addon["p95_ms"] - 1,
    }


def print_table(r):
    ratios = r["ratios"]
    rows = [
        ("partners / orders", f"{r['partners']} / {r['orders']}", ""),
        ("seeding (SQL)", f"{r['seed_s']:.1f} s", ""),
        ("1. raw SQL baseline (GROUP BY + UPDATE)", f"{r['baseline_s']:.2f} s", "1.00x"),
        ("2. addon full recompute", f"{r['recompute']['seconds']:.2f} s", f"{ratios['recompute_vs_baseline']:.2f}x"),
        (
            "2. the same again, nothing to change (median of 3)",
            f"{r['recompute_unchanged']['seconds']:.2f} s",
            f"{ratios['recompute_unchanged_vs_baseline']:.2f}x",
        ),
        (
            "2. every partner walked (Settings button), nothing to change (median of 3)",
            f"{r['recompute_forced']['seconds']:.2f} s",
            f"{ratios['recompute_forced_vs_baseline']:.2f}x",
        ),
        (
            "1. raw SQL baseline on the installed database (median of 3)",
            f"{r['baseline_installed_s']:.2f} s",
            f"2. again / this: {ratios['recompute_unchanged_vs_installed_baseline']:.2f}x",
        ),
        (f"3. install on empty database (median of {r['installs']})", f"{r['install_empty_s']:.1f} s", ""),
        (f"3. install on seeded database (median of {r['installs']})", f"{r['install_seeded_s']:.1f} s", ""),
        (
            "3. back-fill (seeded - empty, median of the pairs)",
            f"{r['backfill_s']:.2f} s",
            f"{ratios['backfill_vs_baseline']:.2f}x",
        ),
        (
            "4. confirm order, without addon (median / p95)",
            f"{r['confirm_without_addon']['median_ms']:.1f} / {r['confirm_without_addon']['p95_ms']:.1f} ms",
            "",
        ),
        (
            "4. confirm order, with addon (median / p95)",
            f"{r['confirm_with_addon']['median_ms']:.1f} / {r['confirm_with_addon']['p95_ms']:.1f} ms",
            f"{ratios['confirm_overhead_median']:+.0%} / {ratios['confirm_overhead_p95']:+.0%}",
        ),
        (
            "5. partner form queries (10 / 1000 lines)",
            f"{r['form_queries']['10']} / {r['form_queries']['1000']}",
            "",
        ),
        (
            "6. peak RSS during recompute (growth)",
            f"{r['recompute']['peak_rss_mb']:.0f} MB ({r['recompute']['rss_growth_mb']:+.0f} MB)",
            "",
        ),
    ]
    width = max(len(row[0]) for row in rows)
    for label, value, ratio in rows:
        print(f"{label:<{width}}  {value:>22}  {ratio}")
    print("stages:", r["recompute"]["stages"])


if __name__ == "__main__":
    main()
