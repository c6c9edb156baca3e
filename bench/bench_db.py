# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The benchmark's databases: PostgreSQL helpers, copies, and timed installs of the addon."""

import os
import statistics
import subprocess
import sys
import time
from datetime import datetime

import psycopg2


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
