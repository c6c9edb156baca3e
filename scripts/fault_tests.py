# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Faults and load, on a real Odoo with real processes (run by scripts/run-tests.sh).

kill_resume  The daily job on a database of a few thousand customers is killed (SIGKILL)
             after some batches committed, then run again: the result is that of a run
             never killed, with no double history line, and a third run changes nothing.
retries      The daily job meets a concurrent update (a serialization failure, injected
             where PostgreSQL raises it: at the batch's lock) in the first, a middle and
             the last batch of each company: each batch is tried again and the result is
             that of a run that met none, with no error logged.
runners      The daily job spread over its runner crons: the job and two runners walk
             the queue at once, one runner is killed (SIGKILL) after a batch: no partner
             walked twice, every queued partner walked, the result that of the job alone.
concurrency  Odoo serves with --workers=2 and its cron worker; four XML-RPC clients
             confirm orders of the same commercial partner while the daily job runs:
             no client sees an error, the partner's stage and metrics are those a fresh
             recompute gives, no double history line, no ERROR in the server log.

Every check runs the daily job with batches of BATCH partners: several per company.

Usage: python3 scripts/fault_tests.py --addons-path=... [--db=cl_faults] [--port=8174] [--keep] [--check=NAME]
"""

import argparse
import functools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import xmlrpc.client
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))

import benchmark  # noqa: E402  (the benchmark's set-based seeding and helpers)

from odoo import release as odoo_release  # noqa: E402

# each Odoo series its own database (one cannot open the other's)
DB = os.environ.get(
    "CL_FAULTS_DB", "cl_faults" + ("" if odoo_release.version_info[0] == 18 else str(odoo_release.version_info[0]))
)
PORT = int(os.environ.get("CL_FAULTS_PORT", "8174"))
PARTNERS, ORDERS, BATCH = 3000, 30000, 250
# The system parameter the daily job reads its batch size from (the server's cron too).
BATCH_PARAMETER = "customer_lifecycle.batch_size"
CLIENTS, ORDERS_PER_CLIENT = 4, 5

# The daily job as the cron runs it (batches committed), in a process of its own, with
# small batches so that a kill lands between commits.
JOB = """
import sys
import odoo
from odoo.tools import config
config.parse_config(["--addons-path=%(addons)s", "-d", "%(db)s", "--logfile=%(log)s", "--http-interface=127.0.0.1"])
registry = odoo.modules.registry.Registry("%(db)s")
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    %(inject)s
    %(call)s
    cr.commit()
print("JOB DONE")
"""

# Injected into the job by the retries check: the first lock of the first, a middle and
# the last batch of each company raises PostgreSQL's serialization failure, as when a
# user's transaction committed a change of one of the batch's partners meanwhile.
INJECT = """
from psycopg2 import errors
Engine = type(env["customer.lifecycle.engine"])
walk, committed, lock = Engine._partners_to_walk, Engine._recompute_batch_committed, Engine._lock_partners
state = {}
def partners_to_walk(self, company, settings, today):
    ids = walk(self, company, settings, today)
    batches = -(-len(ids) // %(batch)d)
    state.update(company=company.id, batch=0, batches=batches, fail={1, (batches + 1) // 2, batches})
    return ids
def recompute_batch_committed(self, company, batch, settings, today):
    state["batch"] += 1
    state["refuse"] = state["batch"] in state["fail"]
    return committed(self, company, batch, settings, today)
def lock_partners(self, partner_ids):
    if state.pop("refuse", False):
        print("INJECTED company %%(company)s batch %%(batch)s of %%(batches)s" %% state, flush=True)
        raise errors.SerializationFailure("could not serialize access due to concurrent update (injected)")
    return lock(self, partner_ids)
Engine._partners_to_walk = partners_to_walk
Engine._recompute_batch_committed = recompute_batch_committed
Engine._lock_partners = lock_partners
"""

DAILY_JOB = 'env["customer.lifecycle.engine"]._cron_recompute()'
# a runner cron, started before the daily job queues (Odoo's cron workers are up already)
RUNNER = """import time
queue = env["customer.lifecycle.queue"]
while not queue._pending():
    cr.rollback()
    time.sleep(0.05)
queue._cron_run_queue()"""

# Injected into the daily job and the runners of the runners check: what each queued
# and each batch it walked, printed once committed, slowed so that the runners meet.
WITNESS = """
import time
Queue = type(env["customer.lifecycle.queue"])
enqueue, walk_claimed = Queue._enqueue, Queue._walk_claimed
def witness_enqueue(self, company, partner_ids, day):
    enqueue(self, company, partner_ids, day)
    print("QUEUED " + ",".join(map(str, partner_ids)), flush=True)
def witness_walk(self, claimed):
    walk_claimed(self, claimed)
    line = "WALKED " + ",".join(str(pid) for ids in claimed.values() for pid in ids)
    self.env.cr.postcommit.add(lambda: print(line, flush=True))
    time.sleep(0.3)
Queue._enqueue, Queue._walk_claimed = witness_enqueue, witness_walk
"""


def log(message):
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def fetch(db, sql, params=None):
    return benchmark.psql(db, sql, params, fetch=True)


def run_job(db, addons, log_file, inject=False, call=DAILY_JOB):
    """The daily job (or ``call``) in a process of its own; ``inject``: the retries
    check's failures (True) or this code."""
    if os.path.exists(log_file):
        os.remove(log_file)  # Odoo appends to its log file: the lines of an earlier run are not this run's
    injected = (INJECT % {"batch": BATCH} if inject is True else inject) or ""
    code = JOB % {
        "addons": addons,
        "db": db,
        "log": log_file,
        "inject": injected.replace("\n", "\n    "),
        "call": call.replace("\n", "\n    "),
    }
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def snapshot(db):
    """What the engine wrote: every partner's lifecycle columns and the history lines."""
    partners = fetch(
        db,
        """SELECT id, lifecycle_stage_id, lifecycle_stage_date, lifecycle_purchase_count,
                  lifecycle_purchase_amount, lifecycle_customer_date, lifecycle_loyal_date,
                  lifecycle_advocate_date, lifecycle_lapsed_date
             FROM res_partner WHERE lifecycle_stage_id IS NOT NULL ORDER BY id""",
    )
    history = fetch(
        db,
        """SELECT partner_id, company_id, from_stage_id, to_stage_id, date, rule
             FROM customer_lifecycle_history ORDER BY 1, 2, 5, 4, 3, 6""",
    )
    return partners, history


def double_history_lines(db):
    """The moves written twice: a partner's history line that repeats the line written
    before it (the same stages, the same day), as two writers walking the partner at once
    would write it. A partner whose data changes several times in a day may legitimately
    reach a stage twice that day, each time from the stage the line before it reached
    (loyal → customer, customer → loyal, loyal → customer: the checks shift the same
    orders back once per check, all on one day)."""
    return fetch(
        db,
        """SELECT partner_id, company_id, from_stage_id, to_stage_id, date FROM (
               SELECT h.*, LAG(from_stage_id) OVER w AS last_from, LAG(to_stage_id) OVER w AS last_to,
                      LAG(date) OVER w AS last_date
                 FROM customer_lifecycle_history h
               WINDOW w AS (PARTITION BY partner_id, company_id ORDER BY id)) lines
            WHERE to_stage_id = last_to AND date = last_date AND from_stage_id IS NOT DISTINCT FROM last_from""",
    )


def problems_in(log_file):
    with open(log_file, encoding="utf-8", errors="replace") as handle:
        return [line for line in handle if " ERROR " in line or " CRITICAL " in line or "Traceback" in line]


def make_stale(db):
    """Orders of a year ago, entered by SQL after the install (as an import would): the
    stored stages are stale for many customers until the daily job runs."""
    benchmark.psql(
        db,
        """UPDATE sale_order SET date_order = date_order - interval '200 days'
            WHERE id IN (SELECT id FROM sale_order WHERE name LIKE 'B%%' ORDER BY id LIMIT 15000)""",
    )


# ----------------------------------------------------------------------
# The checks
# ----------------------------------------------------------------------


def kill_resume(db, addons, logs):
    twin = f"{db}_twin"
    make_stale(db)
    benchmark.copydb(db, twin)  # the same database, for a run never killed
    history_before = fetch(db, "SELECT COUNT(*) FROM customer_lifecycle_history")[0][0]

    log("kill_resume: the daily job, killed after some batches…")
    job = run_job(db, addons, os.path.join(logs, "faults-job-killed.log"))
    deadline = time.time() + 300
    while time.time() < deadline and job.poll() is None:
        if fetch(db, "SELECT COUNT(*) FROM customer_lifecycle_history")[0][0] > history_before + 200:
            break
        time.sleep(0.05)
    assert job.poll() is None, "the job ended before it could be killed: more partners or smaller batches needed"
    job.send_signal(signal.SIGKILL)
    job.wait()
    committed = fetch(db, "SELECT COUNT(*) FROM customer_lifecycle_history")[0][0] - history_before
    assert committed > 0, "nothing was committed before the kill"
    log(f"kill_resume: killed with {committed} history lines committed; running the job again…")

    for name, database in (("resumed", db), ("twin", twin)):
        job = run_job(database, addons, os.path.join(logs, f"faults-job-{name}.log"))
        out, _ = job.communicate(timeout=900)
        assert job.returncode == 0 and "JOB DONE" in out, f"the {name} job failed: {out[-2000:]}"
        problems = problems_in(os.path.join(logs, f"faults-job-{name}.log"))
        assert not problems, f"the {name} job logged: {problems[:5]}"

    assert not double_history_lines(db), f"double history lines: {double_history_lines(db)[:5]}"
    resumed, never_killed = snapshot(db), snapshot(twin)
    assert resumed[0] == never_killed[0], "the partners differ from those of a run never killed"
    assert resumed[1] == never_killed[1], "the history differs from that of a run never killed"

    job = run_job(db, addons, os.path.join(logs, "faults-job-again.log"))
    job.communicate(timeout=900)
    assert snapshot(db) == resumed, "a third run changed what the resumed run wrote"
    benchmark.dropdb(twin)
    return f"killed after {committed} history lines; resumed = never killed ({len(resumed[0])} partners)"


def retries(db, addons, logs):
    twin = f"{db}_twin"
    make_stale(db)
    benchmark.copydb(db, twin)  # the same database, for a run that meets no concurrent update
    runs = {}
    for name, database, inject in (("retried", db, True), ("unhindered", twin, False)):
        log_file = os.path.join(logs, f"faults-job-{name}.log")
        log(f"retries: the daily job, {name}…")
        job = run_job(database, addons, log_file, inject=inject)
        out, _ = job.communicate(timeout=900)
        assert job.returncode == 0 and "JOB DONE" in out, f"the {name} job failed: {out[-2000:]}"
        problems = problems_in(log_file)
        assert not problems, f"the {name} job logged: {problems[:5]}"
        runs[name] = out
    injected = [line for line in runs["retried"].splitlines() if line.startswith("INJECTED")]
    batches = {line.rsplit(" ", 1)[1] for line in injected}
    assert any(int(count) >= 3 for count in batches), f"fewer than three batches in every company: {injected}"
    with open(os.path.join(logs, "faults-job-retried.log"), encoding="utf-8", errors="replace") as handle:
        retried = sum("a batch met a concurrent update" in line for line in handle)
    assert retried == len(injected), f"{len(injected)} failures injected, {retried} batches tried again"
    assert not double_history_lines(db), f"double history lines: {double_history_lines(db)[:5]}"
    assert snapshot(db) == snapshot(twin), "the retried run differs from a run that met no concurrent update"
    benchmark.dropdb(twin)
    return f"{'; '.join(injected)}: each retried, the result that of an unhindered run"


def switch_runners(db, active):
    """Switch the addon's runner crons on or off (the daily job then queues its walk)."""
    benchmark.psql(
        db,
        """UPDATE ir_cron SET active = %s WHERE id IN (
               SELECT res_id FROM ir_model_data WHERE model = 'ir.cron' AND module = 'customer_lifecycle'
                  AND name LIKE 'ir_cron_customer_lifecycle_runner_%%')""",
        [active],
    )


def runners(db, addons, logs):
    """The daily job spread over three cron runners, one killed in the middle of a batch:
    no partner walked twice, none lost, the result that of the job run alone."""
    twin = f"{db}_twin"
    make_stale(db)
    benchmark.copydb(db, twin)  # the same database, for the daily job run alone
    switch_runners(db, True)
    lines = {}

    def start(name, call):
        process = run_job(db, addons, os.path.join(logs, f"faults-runner-{name}.log"), inject=WITNESS, call=call)
        lines[name] = []
        reader = threading.Thread(target=lambda: lines[name].extend(process.stdout), daemon=True)
        reader.start()
        return process, reader

    log("runners: the daily job and two runner crons at once, one of them killed…")
    second, third = start("second", RUNNER), start("third", RUNNER)
    deadline = time.time() + 300
    for name in ("second", "third"):  # their registries loaded: they wait for the queue
        log_file = os.path.join(logs, f"faults-runner-{name}.log")
        while time.time() < deadline and not (
            os.path.exists(log_file) and "Registry loaded" in open(log_file, encoding="utf-8").read()  # noqa: SIM115
        ):
            time.sleep(0.2)
    daily = start("daily", DAILY_JOB)
    while (
        time.time() < deadline
        and second[0].poll() is None
        and not any(line.startswith("WALKED") for line in lines["second"])
    ):
        time.sleep(0.05)
    killed = second[0].poll() is None
    second[0].send_signal(signal.SIGKILL)  # in the middle of its next batch
    for process, reader in (daily, second, third):
        process.wait(timeout=900)
        reader.join(timeout=10)
    for name in ("daily", "third"):
        assert any("JOB DONE" in line for line in lines[name]), f"the {name} run failed: {lines[name][-20:]}"
        problems = problems_in(os.path.join(logs, f"faults-runner-{name}.log"))
        assert not problems, f"the {name} run logged: {problems[:5]}"

    def ids(prefix, name):
        found = [line.split(" ", 1)[1].strip() for line in lines[name] if line.startswith(prefix)]
        return [int(pid) for text in found for pid in text.split(",") if pid]

    queued = ids("QUEUED", "daily")
    walked = {name: ids("WALKED", name) for name in ("daily", "second", "third")}
    every = [pid for name in walked for pid in walked[name]]
    assert len(every) == len(set(every)), "a partner was walked twice"
    assert sorted(every) == sorted(queued), f"{len(queued)} partners queued, {len(every)} walked"
    assert all(walked.values()), f"a runner walked nothing: { {k: len(v) for k, v in walked.items()} }"
    assert not fetch(db, "SELECT COUNT(*) FROM customer_lifecycle_queue")[0][0], "the queue is not empty"
    assert not double_history_lines(db), f"double history lines: {double_history_lines(db)[:5]}"
    job = run_job(twin, addons, os.path.join(logs, "faults-runner-alone.log"))
    out, _ = job.communicate(timeout=900)
    assert job.returncode == 0 and "JOB DONE" in out, f"the job alone failed: {out[-2000:]}"
    assert snapshot(db) == snapshot(twin), "the runners' result differs from that of the job run alone"
    switch_runners(db, False)
    benchmark.dropdb(twin)
    counts = ", ".join(f"{name} {len(pids)}" for name, pids in walked.items())
    return f"{len(queued)} partners queued, each walked once ({counts}){'; the second killed' if killed else ''}"


def wait_for_server(port, process, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        assert process.poll() is None, "the Odoo server stopped"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("the Odoo server did not answer")


def concurrency(db, addons, logs, port=PORT):
    """The daily job and four XML-RPC clients confirming orders of one customer, on a
    prefork server: no client sees an error, nothing is lost, nothing is doubled."""
    make_stale(db)  # so that the daily job has work while the orders are confirmed
    server, server_output, server_log = start_server(db, addons, logs, port)
    try:
        wait_for_server(port, server)
        call = xmlrpc_caller(db, port)
        company, orders = concurrent_orders(call)
        elapsed = confirm_during_the_job(call, orders)
        confirmed = call("sale.order", "search_count", [("partner_id", "child_of", company), ("state", "=", "sale")])
        assert confirmed == CLIENTS * ORDERS_PER_CLIENT, f"{confirmed} orders confirmed"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        server_output.close()
    check_nothing_lost(db, addons, logs, company)
    problems = problems_in(server_log)
    assert not problems, f"the server logged: {problems[:5]}"
    with open(server_log, encoding="utf-8", errors="replace") as handle:
        retries = sum("serializ" in line.lower() or "concurrent update" in line for line in handle)
    return f"{CLIENTS * ORDERS_PER_CLIENT} confirmations in {elapsed:.1f} s during the job, {retries} retries logged"


def start_server(db, addons, logs, port):
    """Odoo with two HTTP workers and a cron worker; the process, its output file, its log."""
    server_log = os.path.join(logs, "faults-server.log")
    if os.path.exists(server_log):
        os.remove(server_log)
    # the prefork server starts its gevent worker again as [python, argv[0], "gevent"]:
    # argv[0] must be a real launcher
    server_output = open(os.path.join(logs, "faults-server-output.log"), "w")  # noqa: SIM115
    launcher = os.path.join(logs, "odoo-launcher.py")
    with open(launcher, "w") as handle:
        handle.write("from odoo.cli import main\nmain()\n")
    server = subprocess.Popen(
        [
            sys.executable,
            launcher,
            f"--addons-path={addons}",
            "-d",
            db,
            f"--db-filter=^{db}$",
            "--workers=2",
            "--max-cron-threads=1",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            f"--logfile={server_log}",
            "--limit-time-real=900",
            "--limit-time-cpu=900",
        ],
        stdout=server_output,
        stderr=subprocess.STDOUT,
    )
    return server, server_output, server_log


def xmlrpc_caller(db, port):
    """``call(model, method, *args, **kwargs)`` over XML-RPC as the administrator, one
    connection per call (each client thread makes its own)."""
    url = f"http://127.0.0.1:{port}/xmlrpc/2/"
    uid = xmlrpc.client.ServerProxy(url + "common").authenticate(db, "admin", "admin", {})
    assert uid, "cannot log in as admin"

    def call(model, method, *args, **kwargs):
        proxy = xmlrpc.client.ServerProxy(url + "object", allow_none=True)
        return proxy.execute_kw(db, uid, "admin", model, method, list(args), kwargs)

    return call


def concurrent_orders(call):
    """A company with one contact per client, and each contact's quotations."""
    company = call("res.partner", "create", {"name": "Concurrent Clinics", "is_company": True})
    contacts = [
        call("res.partner", "create", {"name": f"Buyer {index}", "parent_id": company}) for index in range(CLIENTS)
    ]
    product = call("product.product", "create", {"name": "Fault service", "type": "service", "list_price": 10})
    orders = {
        contact: [
            call(
                "sale.order",
                "create",
                {"partner_id": contact, "order_line": [(0, 0, {"product_id": product, "price_unit": 10.0})]},
            )
            for _ in range(ORDERS_PER_CLIENT)
        ]
        for contact in contacts
    }
    return company, orders


def confirm_during_the_job(call, orders):
    """The daily job started, and each client confirming its orders meanwhile; the
    seconds it all took. Any error that reaches a client fails the check."""
    cron = call(
        "ir.model.data", "check_object_reference", "customer_lifecycle", "ir_cron_customer_lifecycle_recompute"
    )[1]
    faults = []

    def daily_job():
        try:
            call("ir.cron", "method_direct_trigger", [cron])
        except Exception as error:  # noqa: BLE001 (what reaches the client is the finding)
            faults.append(f"daily job: {error}")

    def confirm(contact):
        for order in orders[contact]:
            try:
                call("sale.order", "action_confirm", [order])
            except Exception as error:  # noqa: BLE001
                faults.append(f"confirm {order}: {error}")

    log("concurrency: the daily job and four clients confirming orders of one customer…")
    threads = [threading.Thread(target=daily_job)]
    threads += [threading.Thread(target=confirm, args=(contact,)) for contact in orders]
    start = time.time()
    for thread in threads:
        thread.start()
        time.sleep(0.2)
    for thread in threads:
        thread.join(timeout=900)
    assert not faults, f"errors reached the clients: {faults[:3]}"
    return time.time() - start


def check_nothing_lost(db, addons, logs, company):
    """The customer's metrics are right, no history line is doubled, and a fresh
    recompute changes nothing (no update was lost)."""
    stored = snapshot(db)
    count = fetch(db, "SELECT lifecycle_purchase_count->>'1' FROM res_partner WHERE id = %s", [company])[0][0]
    assert count == "1", f"the customer bought on one day, the partner says {count}"
    assert not double_history_lines(db), f"double history lines: {double_history_lines(db)[:5]}"
    job = run_job(db, addons, os.path.join(logs, "faults-job-after.log"))
    job.communicate(timeout=900)
    assert snapshot(db) == stored, "a fresh recompute changed what the concurrent run left: an update was lost"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--db", default=DB, help="the database the checks create (and drop), and its _twin")
    parser.add_argument("--port", type=int, default=PORT, help="the HTTP port of the server of the concurrency check")
    parser.add_argument("--check", action="append", help="run only this check (repeatable)")
    args = parser.parse_args()
    db = args.db
    logs = os.path.join(ROOT, "bench", "results", "logs")
    os.makedirs(logs, exist_ok=True)
    log(f"Creating {db}: Odoo with the addon, then {PARTNERS} partners and {ORDERS} orders by SQL…")
    benchmark.dropdb(db)
    subprocess.run(["createdb", db], check=True)
    benchmark.odoo(["-d", db, "-i", "customer_lifecycle"], args.addons_path, os.path.join(logs, "faults-install.log"))
    benchmark.seed(db, PARTNERS, ORDERS)
    # small batches for every run of the daily job, the server's cron included
    benchmark.psql(
        db,
        "INSERT INTO ir_config_parameter (key, value, create_date, write_date) VALUES (%s, %s, NOW(), NOW())",
        [BATCH_PARAMETER, str(BATCH)],
    )
    benchmark.vacuum(db)
    failed = 0
    checks = (kill_resume, retries, runners, functools.partial(concurrency, port=args.port))
    if args.check:
        checks = [check for check in checks if (getattr(check, "__name__", None) or check.func.__name__) in args.check]
    try:
        for check in checks:
            name = getattr(check, "__name__", None) or check.func.__name__
            try:
                log(f"{name}: ok — {check(db, args.addons_path, logs)}")
            except AssertionError as error:
                failed += 1
                log(f"{name}: FAILED — {error}")
    finally:
        if not args.keep:
            for database in (db, f"{db}_twin"):
                benchmark.dropdb(database)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
