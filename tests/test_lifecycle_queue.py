# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The daily job's queue for several cron runners: each queued partner is claimed once,
walked as the daily job walks it, and leaves the queue with its batch; a batch that fails
goes back to the queue."""

import gc
from contextlib import suppress
from datetime import timedelta
from unittest.mock import patch

from odoo.tests import tagged

from ..models.customer_lifecycle_engine import CustomerLifecycleEngine
from .common import LifecycleCommon


class Interrupted(Exception):
    """A runner stopped in the middle of a batch."""


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestLifecycleQueue(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Queue = cls.env["customer.lifecycle.queue"]
        cls.loyal = cls._loyal_partner("Queue Loyal")
        cls.customers = cls.env["res.partner"]
        for index in range(4):
            partner = cls._partner(f"Queue Customer {index}")
            cls._order(partner, 5 + index)
            cls.customers |= partner
        cls.today = cls.day0 + timedelta(days=120)

    def _walked(self):
        """The partners the engine walks while in the block, batch by batch."""
        walked = []
        original = CustomerLifecycleEngine._recompute_batch

        def counted(engine, run, partner_ids, batch):
            walked.append(sorted(partner_ids))
            return original(engine, run, partner_ids, batch)

        return walked, patch.object(CustomerLifecycleEngine, "_recompute_batch", counted)

    def _queued(self):
        self.env.cr.execute("SELECT partner_id FROM customer_lifecycle_queue ORDER BY 1")
        return [row[0] for row in self.env.cr.fetchall()]

    def test_each_queued_partner_is_walked_once_as_the_daily_job_walks_it(self):
        partners = self.loyal | self.customers
        self.Queue._enqueue(self.company, partners.ids, self.today)
        self.Queue._enqueue(self.company, self.customers[:2].ids, self.today)  # queued again: one row
        self.assertEqual(self._queued(), sorted(partners.ids))
        walked, counting = self._walked()
        with counting, patch.object(CustomerLifecycleEngine, "_batch_size", 2):
            self.assertEqual(self.Queue._run_queue(), 5)
        self.assertEqual(sorted(sum(walked, [])), sorted(partners.ids))  # each once
        self.assertEqual([len(ids) for ids in walked], [2, 2, 1])
        self.assertEqual(self._queued(), [])
        # walked as of the day queued: the stages the daily job gives that day
        self.assertEqual(self._stage(self.loyal), "loyal")
        self.assertEqual([self._stage(partner) for partner in self.customers], ["customer"] * 4)
        self.assertEqual(self._history(self.loyal).mapped("to_stage_id.code"), ["customer", "loyal"])

    def test_a_claim_takes_only_what_is_free_and_an_interrupted_batch_stays_queued(self):
        partners = self.loyal | self.customers
        self.Queue._enqueue(self.company, partners.ids, self.today)
        claimed = self.Queue._claim(3)
        self.assertEqual(claimed, {(self.company.id, self.today): sorted(partners.ids)[:3]})
        # a runner interrupted in the middle of its batch: its rows come back with the rollback
        with suppress(Interrupted), self.env.cr.savepoint():
            self.Queue._walk_claimed(claimed)
            self.assertEqual(self._queued(), sorted(partners.ids)[3:])
            raise Interrupted
        self.assertEqual(self._queued(), sorted(partners.ids))
        self.assertFalse(self._history(self.loyal))
        walked, counting = self._walked()
        with counting:
            self.Queue._run_queue()
        self.assertEqual(walked, [sorted(partners.ids)])
        self.assertEqual(self._stage(self.loyal), "loyal")

    def test_the_daily_job_queues_only_when_a_runner_cron_is_on(self):
        self.assertFalse(self.Queue._runner_crons())
        runner = self.env.ref("customer_lifecycle.ir_cron_customer_lifecycle_runner_2")
        self.assertEqual(runner.code, "model._cron_run_queue()")
        runner.active = True
        self.assertEqual(self.Queue._runner_crons(), runner)

    def test_a_runner_walks_its_batches_with_the_cyclic_collector_paused(self):
        """A runner's batches, as the daily job's own, walk with Python's cyclic garbage
        collector paused (see tools/gc_pause); it is on again afterwards."""
        self.Queue._enqueue(self.company, self.customers.ids, self.today)
        seen = []
        original = CustomerLifecycleEngine._recompute_batch

        def watching(engine, run, partner_ids, batch):
            seen.append(gc.isenabled())
            return original(engine, run, partner_ids, batch)

        with patch.object(CustomerLifecycleEngine, "_recompute_batch", watching):
            self.assertEqual(self.Queue._run_queue(), 4)
        self.assertEqual(seen, [False])
        self.assertTrue(gc.isenabled())
