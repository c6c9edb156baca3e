# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The daily job's queue: a large tenant spreads the walk over Odoo's cron runners.

Odoo runs one cron record in one runner at a time. When one of the addon's runner crons
(*Customer Lifecycle: daily stage update, runner 2* and *3*) is switched on, the daily
job does not walk the partners itself: it puts the partners to walk in this queue, one
row per company and partner, wakes the runner crons, and walks the queue with them.
Each runner claims a batch of rows with ``FOR UPDATE SKIP LOCKED``, walks it, writes it
and deletes the rows in one transaction:

* two runners never claim the same row: the second skips the rows the first locked;
* a runner killed in the middle of a batch loses nothing: its transaction is rolled
  back, the rows are unlocked, and the next claim takes them.

The daily job waits until the queue is empty before it scores the relationship health,
which reads the stages just written.
"""

import logging
import random
import threading
import time
from itertools import groupby

from psycopg2 import errors

from odoo import api, fields, models
from odoo.tools import SQL

from .. import odoo_compat
from ..odoo_compat import cron_progress_commit
from ..tools.gc_pause import cyclic_gc_paused
from .customer_lifecycle_engine import BATCH_ATTEMPTS, BATCH_SIZE_PARAMETER

_logger = logging.getLogger(__name__)

# The runner crons of the addon, switched off by default: switching one on queues the walk.
RUNNER_CRONS = (
    "customer_lifecycle.ir_cron_customer_lifecycle_runner_2",
    "customer_lifecycle.ir_cron_customer_lifecycle_runner_3",
)
# How long the daily job waits for the other runners' batches, in seconds between looks.
WAIT_SECONDS = 1.0


class CustomerLifecycleQueue(models.Model):
    _name = "customer.lifecycle.queue"
    _description = "Customer Lifecycle Queue"
    _log_access = False
    _order = "company_id, partner_id"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True)
    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", readonly=True, index=True)
    day = fields.Date(required=True, readonly=True, help="The day of the daily job that queued the partner.")

    _company_partner_unique = odoo_compat.Constraint(
        "UNIQUE(company_id, partner_id)", "A partner is queued once per company."
    )

    @api.model
    def _runner_crons(self):
        """The addon's runner crons that are switched on."""
        crons = self.env["ir.cron"]
        for xmlid in RUNNER_CRONS:
            cron = self.env.ref(xmlid, raise_if_not_found=False)
            if cron and cron.sudo().active:
                crons |= cron
        return crons.sudo()

    @api.model
    def _enqueue(self, company, partner_ids, day):
        """Queue ``partner_ids`` (commercial partners of ``company``) to be walked as of ``day``;
        a partner queued already keeps its row, with this day."""
        self.env.cr.execute(
            SQL(
                """
            INSERT INTO customer_lifecycle_queue (company_id, partner_id, day)
            SELECT %s, UNNEST(%s::int4[]), %s
                ON CONFLICT (company_id, partner_id) DO UPDATE SET day = EXCLUDED.day
            """,
                company.id,
                list(partner_ids),
                day,
            )
        )
        for cron in self._runner_crons():
            cron._trigger()

    @api.model
    def _claim(self, size):
        """{(company id, day): [partner ids]} of at most ``size`` queued rows no other
        transaction holds, locked until this transaction ends."""
        self.env.cr.execute(
            SQL(
                """
            SELECT company_id, day, partner_id FROM customer_lifecycle_queue
             ORDER BY company_id, partner_id
             LIMIT %s
               FOR UPDATE SKIP LOCKED
            """,
                size,
            ),
            # a row another runner deleted since this transaction began fails the lock
            # with a serialization error: expected, retried by _run_queue, not logged
            log_exceptions=False,
        )
        rows = self.env.cr.fetchall()
        return {key: [row[2] for row in group] for key, group in groupby(rows, key=lambda row: row[:2])}

    @api.model
    def _walk_claimed(self, claimed):
        """Walk and write the ``claimed`` partners, then take them out of the queue."""
        engine = self.env["customer.lifecycle.engine"]
        reader, writer = self.env["customer.lifecycle.reader"], self.env["customer.lifecycle.writer"]
        for (company_id, day), partner_ids in claimed.items():
            company = self.env["res.company"].browse(company_id)
            settings = company._lifecycle_settings()
            # locked and read live, as a confirmation reads its customer
            batch, _referrers = reader._lock_and_read_batch(company, partner_ids, settings)
            run = engine._run(company, settings, day, store=writer._copy_values)
            engine._recompute_batch(run, partner_ids, batch)
            self.env.cr.execute(
                SQL(
                    "DELETE FROM customer_lifecycle_queue WHERE company_id = %s AND partner_id = ANY(%s::int4[])",
                    company_id,
                    partner_ids,
                )
            )

    @api.model
    def _pending(self):
        self.env.cr.execute("SELECT COUNT(*) FROM customer_lifecycle_queue")
        return self.env.cr.fetchone()[0]

    @api.model
    def _run_queue(self, wait=False):
        """Walk the queue batch by batch until it is empty, each batch in a transaction of
        its own (one transaction in tests). ``wait``: then wait until the batches other
        runners hold are done too. Returns the number of partners this runner walked."""
        testing = getattr(threading.current_thread(), "testing", False)
        size = int(self.env["ir.config_parameter"].sudo().get_param(BATCH_SIZE_PARAMETER, 0))
        size = size or self.env["customer.lifecycle.engine"]._batch_size
        done = failures = 0
        while True:
            try:
                claimed = self._claim(size)
                if claimed:
                    with cyclic_gc_paused():  # as the daily job's own batches (see tools/gc_pause)
                        self._walk_claimed(claimed)
            except (errors.SerializationFailure, errors.DeadlockDetected):
                if testing:
                    raise
                # a confirmation changed one of the partners meanwhile, or another runner
                # took a row as this one looked: the rows go back to the queue with the
                # rollback, and are claimed again
                self.env.cr.rollback()
                failures += 1
                if failures >= BATCH_ATTEMPTS * 10:
                    raise
                _logger.info("Customer lifecycle: a queued batch met a concurrent update, claimed again")
                time.sleep(random.uniform(0.1, 0.5))
                continue
            if not claimed:
                if not wait or testing or not self._pending():
                    return done
                # the other runners' batches, locked and not yet done: looked at again in
                # a fresh transaction (a transaction sees the queue as it began)
                self.env.cr.rollback()
                time.sleep(WAIT_SECONDS)
                continue
            done += sum(len(ids) for ids in claimed.values())
            if not testing:
                cron_progress_commit(self.env, done, self._pending())

    @api.model
    def _cron_run_queue(self):
        """A runner cron: walk what the daily job queued."""
        walked = self._run_queue()
        _logger.info("Customer lifecycle: %s queued partners walked by this runner", walked)
