# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The daily job, its batches committed, meets a concurrent update in any batch."""

from contextlib import contextmanager
from unittest.mock import patch

from psycopg2 import errors

from odoo.tests import freeze_time, tagged

from ..models.customer_lifecycle_reader import PURCHASE_TABLE, VERSION_TABLE
from .common import LifecycleCommon

ENGINE_MODULE = "odoo.addons.customer_lifecycle.models.customer_lifecycle_engine"


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestEngineRetry(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls._company("Retry Second Co")
        # three batches of two in the first company: the first, a middle and the last
        cls.partners = [cls._partner(f"Retry Buyer {index}") for index in range(6)]
        for partner in cls.partners:
            cls._order(partner, 0)
        cls.other_partner = cls._partner("Retry Other Buyer")
        cls._order(cls.other_partner, 0, company=cls.other_company)

    @contextmanager
    def _committed_batches(self):
        """The daily job's commits and rollbacks, in the one transaction of a test.

        A commit becomes a savepoint and a rollback goes back to the last of them, as
        a rollback goes back to the last commit: what the transaction created after it
        (a temporary table, a converted referral) is undone, what came before is kept.
        """
        cr = self.env.cr

        def commit():
            cr.flush()
            cr.clear()
            cr.execute('SAVEPOINT "lifecycle_committed"')

        def rollback():
            cr.clear()
            cr.execute('ROLLBACK TO SAVEPOINT "lifecycle_committed"')

        cr.execute('SAVEPOINT "lifecycle_committed"')  # the job's transaction begins
        with (
            patch.object(cr, "commit", commit),
            patch.object(cr, "rollback", rollback),
            patch(f"{ENGINE_MODULE}.time.sleep"),  # no pause between the attempts
        ):
            yield

    def _fail_lock(self, calls, error):
        """``_lock_partners`` raises ``error`` at the given calls (1-based) before it locks,
        as PostgreSQL does when a concurrent transaction committed a change of a row."""
        engine_class = type(self.engine)
        lock = engine_class._lock_partners
        count = [0]

        def failing_lock(engine, partner_ids):
            count[0] += 1
            if count[0] in calls:
                raise error("could not serialize access due to concurrent update")
            return lock(engine, partner_ids)

        return patch.object(engine_class, "_lock_partners", failing_lock)

    def _assert_all_recomputed(self):
        for partner in self.partners:
            self.assertEqual(self._stage(partner), "customer", partner.name)
            self.assertEqual(len(self._history(partner)), 1, partner.name)
        self.assertEqual(self._stage(self.other_partner, self.other_company), "customer")
        self.assertEqual(len(self._history(self.other_partner, self.other_company)), 1)

    def test_a_serialization_failure_in_the_first_batch_is_retried(self):
        companies = self.company | self.other_company
        with self._committed_batches(), self._fail_lock({1}, errors.SerializationFailure), freeze_time(self._on(10)):
            self.engine._recompute_all(companies, commit=True, force=True)
        self._assert_all_recomputed()

    def test_a_concurrent_update_in_any_batch_of_any_company_is_retried(self):
        """Batches of two: the first company's partners (with the demo's) take several
        batches, the second company's one; a failure in each position is retried."""
        companies = self.company | self.other_company
        self.patch(type(self.engine), "_batch_size", 2)
        reader = self.env["customer.lifecycle.reader"]
        reader._create_purchase_table(self.company)
        batches = -(-len(reader._partners_with_lifecycle(self.company)) // 2)
        self.env.cr.execute(f"DROP TABLE {PURCHASE_TABLE}, {VERSION_TABLE}")  # the job takes its own
        self.assertGreater(batches, 3)
        for error in (errors.SerializationFailure, errors.DeadlockDetected):
            # the first, a middle and the last batch of the first company, and the second company's
            for calls in ({1}, {batches // 2 + 1}, {batches}, {batches + 1}):
                with (
                    self.subTest(error=error.__name__, calls=calls),
                    self._undone(),
                    self._committed_batches(),
                    self._fail_lock(calls, error),
                    freeze_time(self._on(10)),
                ):
                    self.engine._recompute_all(companies, commit=True, force=True)
                    self._assert_all_recomputed()

    @contextmanager
    def _undone(self):
        """What the block writes is undone after it: each run starts from the same data."""
        self.env.flush_all()
        self.env.cr.execute('SAVEPOINT "lifecycle_run"')
        try:
            yield
        finally:
            self.env.cr.clear()
            self.env.cr.execute('ROLLBACK TO SAVEPOINT "lifecycle_run"')
            self.env.invalidate_all()

    def test_the_referral_sync_survives_a_retried_batch(self):
        """A referral converted before the first batch stays converted when that batch
        is rolled back and tried again."""
        referrer = self._partner("Retry Referrer")
        self._order(referrer, 0)
        referral = self.env["customer.referral"].create(
            {"referrer_id": referrer.id, "referred_id": self.partners[0].id, "date": self._on(-10)}
        )
        self.env.cr.execute(
            "UPDATE customer_referral SET state = 'new', conversion_date = NULL WHERE id = %s", [referral.id]
        )
        referral.invalidate_recordset()
        with self._committed_batches(), self._fail_lock({1}, errors.SerializationFailure), freeze_time(self._on(10)):
            self.engine._recompute_all(self.company, commit=True, force=True)
        self.assertRecordValues(referral, [{"state": "converted", "conversion_date": self._on(0)}])
