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

import psycopg2

SIZES = {
    # the confirmations alternate the two databases in rounds: the more rounds, the less
    # a passing load of this shared machine weighs on one side
    # the installs on the empty and on the seeded database are timed in pairs, "installs"
    # times (the median of the pairs counts): this machine's speed drifts over minutes
    "full": {"partners": 100_000, "orders": 1_000_000, "confirmations": 400, "rounds": 8, "installs": 3},
    "small": {"partners": 2_000, "orders": 20_000, "confirmations": 200, "rounds": 4, "installs": 1},
}
HERE = os.path.dirname(os.path.abspath(__file__))


def log(message):
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def psql(db, sql, params=None, fetch=False):
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall() if fetch else None


def dropdb(db):
    subprocess.run(["dropdb", "--if-exists", db], check=True, capture_output=True)


def vacuum(db):
    conn = psycopg2.connect(dbname=db)
    conn.autocommit = True
    conn.cursor().execute("VACUUM ANALYZE")
    conn.close()


def copydb(template, db):
    """A copy of ``template``, file by file: PostgreSQL's default strategy writes the whole
    database to the write-ahead log, whose checkpoints would then slow what is timed next."""
    dropdb(db)
    subprocess.run(["createdb", "--strategy=file_copy", "-T", template, db], check=True)


def install_on(db, addons_path, log_file, copy=True):
    """Install the addon on a fresh copy of ``db`` (or on ``db`` itself), vacuumed and
    analyzed first as the seeded database was (a copy's activity counters start at zero,
    and autovacuum would otherwise work on it during the install); its wall time."""
    target = f"{db}_install" if copy else db
    if copy:
        copydb(db, target)
    vacuum(target)
    elapsed = odoo(["-d", target, "-i", "customer_lifecycle"], addons_path, log_file)
    if copy:
        dropdb(target)
    return elapsed


def timed_installs(empty, seeded, addons_path, runs, logs):
    """Install the addon ``runs`` times on the empty database and on the seeded one, in
    turns (see :func:`install_on`): each time on a fresh copy, but the last time on the
    seeded database itself.

    Returns the medians of each side's wall times and of their paired differences (the
    back-fill): the pairs are timed a minute apart, so that the machine's speed, which
    drifts over minutes, weighs on both sides of each."""
    # an untimed install first: the first Odoo process of a run reads Odoo's files from disk
    install_on(empty, addons_path, os.path.join(logs, "empty.log"))
    timings = {empty: [], seeded: []}
    for run in range(runs):
        for db in (empty, seeded):
            log_file = os.path.join(logs, "seeded.log" if db == seeded else "empty.log")
            timings[db].append(install_on(db, addons_path, log_file, copy=db != seeded or run < runs - 1))
    backfill = [with_data - without for with_data, without in zip(timings[seeded], timings[empty], strict=True)]
    return {
        "install_empty_s": statistics.median(timings[empty]),
        "install_empty_runs": timings[empty],
        "install_seeded_s": statistics.median(timings[seeded]),
        "install_seeded_runs": timings[seeded],
        "backfill_s": statistics.median(backfill),
        "backfill_runs": backfill,
    }


def odoo(args, addons_path, log_file):
    """Run the Odoo server command; returns its wall time in seconds."""
    command = [
        sys.executable,
        "-c",
        "import sys; from odoo.cli import main; sys.argv[0] = 'odoo'; main()",
        f"--addons-path={addons_path}",
        "--stop-after-init",
        "--without-demo=all",
        "--http-port=8076",
        f"--logfile={log_file}",
        *args,
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


# ----------------------------------------------------------------------
# Seeding, set-based
# ----------------------------------------------------------------------


def seed(db, partners, orders):
    """Partners (a fifth of them companies with two contacts each), confirmed orders
    over five years, referrals and touch-points, with INSERT ... SELECT."""
    companies = partners // 5
    individuals = partners - companies * 3
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute("SELECT id, currency_id FROM res_company ORDER BY id LIMIT 1")
        company_id, currency_id = cr.fetchone()
        cr.execute("SELECT id FROM product_pricelist ORDER BY id LIMIT 1")
        pricelist_id = (cr.fetchone() or [None])[0]
        cr.execute(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, type, lang,
                                     autopost_bills, create_date, write_date)
            SELECT 'Bench company ' || g, 'Bench company ' || g, TRUE, TRUE, 'contact', 'en_US',
                   'ask', NOW(), NOW()
              FROM generate_series(1, %(companies)s) g;
            INSERT INTO res_partner (name, complete_name, is_company, active, type, lang,
                                     autopost_bills, create_date, write_date)
            SELECT 'Bench person ' || g, 'Bench person ' || g, FALSE, TRUE, 'contact', 'en_US',
                   'ask', NOW(), NOW()
              FROM generate_series(1, %(individuals)s) g;
            UPDATE res_partner SET commercial_partner_id = id
             WHERE name LIKE 'Bench %%' AND commercial_partner_id IS NULL;
            INSERT INTO res_partner (name, complete_name, parent_id, commercial_partner_id,
                                     is_company, active, type, lang, autopost_bills,
                                     create_date, write_date)
            SELECT 'Contact ' || k || ' of ' || p.name, p.name || ', Contact ' || k, p.id, p.id,
                   FALSE, TRUE, 'contact', 'en_US', 'ask', NOW(), NOW()
              FROM res_partner p, generate_series(1, 2) k
             WHERE p.name LIKE 'Bench company %%';
            """,
            {"companies": companies, "individuals": individuals},
        )
        cr.execute("SELECT array_agg(id ORDER BY id) FROM res_partner WHERE name LIKE 'Bench person %%'")
        people = cr.fetchone()[0]
        cr.execute("SELECT array_agg(id ORDER BY id) FROM res_partner WHERE name LIKE 'Contact %%'")
        contacts = cr.fetchone()[0]
        cr.execute("SELECT array_agg(id ORDER BY id) FROM res_partner WHERE name LIKE 'Bench company %%'")
        firms = cr.fetchone()[0]
        buyers = people + contacts + firms
        # A skewed distribution: some partners buy often, many rarely, some never.
        cr.execute(
            """
            INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                    company_id, currency_id, pricelist_id, date_order, state,
                                    amount_untaxed, amount_tax, amount_total, currency_rate,
                                    create_date, write_date)
            SELECT 'B' || g, buyer, buyer, buyer, %(company)s, %(currency)s, %(pricelist)s,
                   NOW() - random() * interval '1825 days', 'sale',
                   amount, 0, amount, 1.0, NOW(), NOW()
              FROM (SELECT g,
                           (%(buyers)s::int[])[1 + floor(power(random(), 2.5)
                               * array_length(%(buyers)s::int[], 1))::int] AS buyer,
                           round((50 + random() * 950)::numeric, 2) AS amount
                      FROM generate_series(1, %(orders)s) g) o
            """,
            {
                "company": company_id,
                "currency": currency_id,
                "pricelist": pricelist_id,
                "orders": orders,
                "buyers": buyers,
            },
        )
        cr.execute("ANALYZE res_partner; ANALYZE sale_order;")
    return {"company_id": company_id, "firms": firms, "people": people}


def seed_relations(db, company_id, firms, people):
    """Referrals and touch-points need the addon's tables: seeded after the install."""
    referrals = max(len(people) // 20, 10)
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute(
            """
            INSERT INTO customer_referral (referrer_id, referrer_commercial_id, referred_id,
                                           referred_commercial_id, company_id, date, channel,
                                           state, create_date, write_date)
            SELECT r, r, d, d, %(company)s, (NOW() - INTERVAL '1900 days')::date,
                   'word_of_mouth', 'new', NOW(), NOW()
              FROM (SELECT unnest(%(referrers)s::int[]) AS r, unnest(%(referred)s::int[]) AS d) x
            """,
            {"company": company_id, "referrers": firms[:referrals], "referred": people[-referrals:]},
        )
        cr.execute(
            """
            INSERT INTO customer_touchpoint (partner_id, commercial_partner_id, company_id, date,
                                             channel, direction, reason, sentiment,
                                             create_date, write_date)
            SELECT p, p, %(company)s, NOW() - random() * interval '700 days', 'phone',
                   'inbound', 'Bench call', 'neutral', NOW(), NOW()
              FROM unnest(%(partners)s::int[]) p, generate_series(1, 3)
            """,
            {"company": company_id, "partners": firms},
        )
    return referrals


# ----------------------------------------------------------------------
# 1. The physical baseline
# ----------------------------------------------------------------------


def sql_baseline(db, runs=3):
    """One GROUP BY + one bulk UPDATE of the per-partner aggregates, rolled back:
    the median of ``runs`` runs, so that one slow moment of a shared machine does not
    set the yardstick of every ratio."""
    timings = []
    for _run in range(runs):
        elapsed, updated = _sql_baseline_once(db)
        timings.append(elapsed)
    return statistics.median(timings), updated


def _sql_baseline_once(db):
    conn = psycopg2.connect(dbname=db)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "ALTER TABLE res_partner ADD COLUMN bench_count int, ADD COLUMN bench_first date,"
                " ADD COLUMN bench_last date, ADD COLUMN bench_total numeric"
            )
            start = time.perf_counter()
            cr.execute(
                """
                UPDATE res_partner p
                   SET bench_count = a.days, bench_first = a.first, bench_last = a.last,
                       bench_total = a.total
                  FROM (SELECT rp.commercial_partner_id AS id,
                               COUNT(DISTINCT so.date_order::date) AS days,
                               MIN(so.date_order::date) AS first, MAX(so.date_order::date) AS last,
                               SUM(so.amount_untaxed) AS total
                          FROM sale_order so JOIN res_partner rp ON rp.id = so.partner_id
                         WHERE so.state = 'sale' AND so.company_id = 1
                      GROUP BY rp.commercial_partner_id) a
                 WHERE p.id = a.id
                """
            )
            elapsed = time.perf_counter() - start
            updated = cr.rowcount
        conn.rollback()
    finally:
        conn.close()
    return elapsed, updated


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
        baselines.append(_sql_baseline_once(db)[0])
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
    prefix = f"cl_bench_{size_name}"
    logs = os.path.join(HERE, "results", "logs")
    os.makedirs(logs, exist_ok=True)
    results = {"size": size_name, **size, "started": datetime.now().isoformat(timespec="seconds")}
    results["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "postgresql": psql("postgres", "SHOW server_version", fetch=True)[0][0],
    }

    base = f"{prefix}_base_{'_'.join(sorted(addon_depends()))}"
    if args.keep and psql("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", [base], fetch=True):
        log(f"Reusing the base database {base} (--keep)…")
    else:
        log("Creating the base database (Odoo with the addon's dependencies, no demo data)…")
        dropdb(base)
        subprocess.run(["createdb", base], check=True)
        odoo(["-d", base, "-i", ",".join(addon_depends())], args.addons_path, os.path.join(logs, "base.log"))

    seeded = f"{prefix}_seeded"
    log(f"Seeding {size['partners']} partners and {size['orders']} confirmed orders…")
    copydb(base, seeded)
    start = time.perf_counter()
    seeded_info = seed(seeded, size["partners"], size["orders"])
    results["seed_s"] = time.perf_counter() - start
    # a company installs the addon on a database that autovacuum has long passed over:
    # so are both sides of the comparison here (without it, the first to read the fresh
    # rows pays to set their hint bits, and autovacuum of the seed may run meanwhile)
    vacuum(seeded)
    without = f"{prefix}_without_addon"
    copydb(seeded, without)

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
    vacuum(seeded)  # the daily job runs long after the install: autovacuum has passed
    results["recompute"] = in_odoo(seeded, args.addons_path, "measure_recompute")
    # the same again: the daily job of a day when nothing happened (no stage moves, no
    # chatter), the figure of most nights. Three times, each after the raw SQL baseline
    # on the same installed database (whose partner rows now carry the addon's columns):
    # a passing load of the machine weighs on both sides of each pair.
    results["recompute_unchanged"], results["baseline_installed_s"] = recompute_runs(seeded, args.addons_path)
    # every partner walked (the Settings button), nothing to move: what the daily job
    # would cost without the fingerprints, measured the same way
    results["recompute_forced"], _baseline = recompute_runs(seeded, args.addons_path, force=True)

    log("4. Order confirmations with and without the addon…")
    for db in (without, seeded):  # as autovacuum would have done: same footing for both
        vacuum(db)
    # Alternate the two databases in rounds, so that a load on the machine weighs on both.
    rounds = size["rounds"]
    per_round = size["confirmations"] // rounds
    per_db = rounds * (per_round + 10)
    pending = {db: in_odoo(db, args.addons_path, "prepare_confirmations", per_db) for db in (without, seeded)}
    timings = {without: [], seeded: []}
    for index in range(rounds):
        for db in (without, seeded):
            chunk = pending[db][index * (per_round + 10) : (index + 1) * (per_round + 10)]
            timings[db] += in_odoo(db, args.addons_path, "measure_confirmations", chunk)
    for db, key in ((without, "confirm_without_addon"), (seeded, "confirm_with_addon")):
        results[key] = {
            "count": len(timings[db]),
            "median_ms": statistics.median(timings[db]),
            "p95_ms": statistics.quantiles(timings[db], n=20)[-1],
        }

    log("5. Queries to read a partner form…")
    results["form_queries"] = {
        str(lines): in_odoo(seeded, args.addons_path, "measure_form_queries", lines) for lines in (10, 1000)
    }

    baseline = results["baseline_s"]
    results["ratios"] = {
        "recompute_vs_baseline": results["recompute"]["seconds"] / baseline,
        "recompute_unchanged_vs_baseline": results["recompute_unchanged"]["seconds"] / baseline,
        "recompute_unchanged_vs_installed_baseline": results["recompute_unchanged"]["seconds"]
        / results["baseline_installed_s"],
        "recompute_forced_vs_baseline": results["recompute_forced"]["seconds"] / baseline,
        "backfill_vs_baseline": results["backfill_s"] / baseline,
        "confirm_overhead_median": results["confirm_with_addon"]["median_ms"]
        / results["confirm_without_addon"]["median_ms"]
        - 1,
        "confirm_overhead_p95": results["confirm_with_addon"]["p95_ms"] / results["confirm_without_addon"]["p95_ms"]
        - 1,
    }
    print_table(results)
    path = os.path.join(HERE, "results", f"{size_name}-{datetime.now():%Y%m%d-%H%M%S}.json")
    with open(path, "w") as out:
        json.dump(results, out, indent=2)
    log(f"Results written to {path}")
    if not args.keep:
        for db in (base, seeded, without):
            dropdb(db)


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
