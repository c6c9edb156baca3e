# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The install's back-fill: a database with sales before the addon gets its stages, dates and story."""

import gc
from unittest.mock import patch

import psycopg2

from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from ..hooks import post_init_hook
from ..models import customer_lifecycle_engine
from ..tools.gc_pause import cyclic_gc_paused
from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestEngineBackfill(LifecycleCommon):
    # checks the chatter and tracking: on, as for users
    chatter = True

    def test_backfill_at_install_puts_existing_partners_in_place(self):
        """The post-init hook on a database with history: stages, dates and story."""
        partner = self._partner("Azar Textiles")
        referred = self._partner("Lena Hoffmann")
        for offset in (0, 40, 80, 300):
            self._order(partner, offset)
        self._order(referred, 200)
        # the referral is recorded before the purchases of the referred are known
        self.env.cr.execute(
            "INSERT INTO customer_referral (referrer_id, referrer_commercial_id, referred_id, "
            "referred_commercial_id, company_id, date, channel, state) "
            "VALUES (%s, %s, %s, %s, %s, %s, 'word_of_mouth', 'new')",
            (partner.id, partner.id, referred.id, referred.id, self.company.id, self._on(190)),
        )
        # as if the addon had just been installed: nothing stored yet
        self.env.cr.execute(
            "UPDATE res_partner SET lifecycle_stage_id = NULL, lifecycle_stage_date = NULL WHERE id IN %s",
            [(partner.id, referred.id)],
        )
        self.env.cr.execute(
            "DELETE FROM customer_lifecycle_history WHERE partner_id IN %s", [(partner.id, referred.id)]
        )
        self.env.invalidate_all()
        with freeze_time(self._on(320)):
            post_init_hook(self.env)
        self.assertEqual(self._stage(partner), "advocate")
        self.assertEqual(self._stage(referred), "customer")
        self.assertRecordValues(
            partner,
            [
                {
                    "lifecycle_customer_date": self._on(0),
                    "lifecycle_loyal_date": self._on(90),
                    "lifecycle_advocate_date": self._on(200),
                }
            ],
        )
        self.assertEqual(
            [(h.from_stage_id.code, h.to_stage_id.code, h.date) for h in self._history(partner)],
            [
                ("prospect", "customer", self._on(0)),
                ("customer", "loyal", self._on(90)),
                ("loyal", "advocate", self._on(200)),
            ],
        )
        # the back-fill does not flood the chatter
        self.assertFalse(
            partner.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "lifecycle_stage_id")
        )

    def _history_foreign_keys(self):
        self.env.cr.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = 'customer_lifecycle_history'::regclass AND contype = 'f' ORDER BY conname"
        )
        return self.env.cr.fetchall()

    def _history_indexes(self):
        self.env.cr.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'customer_lifecycle_history' ORDER BY 1"
        )
        return self.env.cr.fetchall()

    def test_backfill_into_an_empty_history_keeps_its_foreign_keys(self):
        """At install the history is loaded with its foreign keys and indexes set
        aside, then checked and built once: the lines are there, and the keys and
        indexes are back as they were."""
        partner = self._partner("Shiraz Tiles")
        for offset in (0, 40, 80):
            self._order(partner, offset)
        foreign_keys, indexes = self._history_foreign_keys(), self._history_indexes()
        self.assertEqual(len(foreign_keys), 7)
        self.assertIn("customer_lifecycle_history__partner_id_index", dict(indexes))
        self.env.cr.execute("DELETE FROM customer_lifecycle_history")
        self.env.cr.execute("UPDATE res_partner SET lifecycle_stage_id = NULL, lifecycle_stage_date = NULL")
        self.env.invalidate_all()
        with freeze_time(self._on(100)):
            post_init_hook(self.env)
        self.assertEqual(self._stage(partner), "loyal")
        self.assertEqual(len(self._history(partner)), 2)
        self.assertEqual(self._history_foreign_keys(), foreign_keys)
        self.assertEqual(self._history_indexes(), indexes)
        with self.assertRaises(psycopg2.errors.ForeignKeyViolation), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "INSERT INTO customer_lifecycle_history (partner_id, company_id, to_stage_id, date, rule, reason)"
                    " VALUES (%s, %s, %s, CURRENT_DATE, 'manual', 'x')",
                    (partner.id, self.company.id, 999999),
                )

    def test_batches_walk_with_the_cyclic_collector_paused(self):
        """Each batch is read, walked and written with Python's cyclic garbage collector
        paused (see tools/gc_pause), and the collector is on again once it is done."""
        partner = self._partner("Tabriz Carpets")
        self._order(partner, 0)
        seen = []
        walk_batch = customer_lifecycle_engine.walk_batch

        def watching_walk(*args, **kwargs):
            seen.append(gc.isenabled())
            return walk_batch(*args, **kwargs)

        self.assertTrue(gc.isenabled())
        with patch.object(customer_lifecycle_engine, "walk_batch", watching_walk):
            self.env["customer.lifecycle.engine"]._recompute_all(self.company, force=True)
        self.assertEqual(seen, [False], "one batch, walked with the collector paused")
        self.assertTrue(gc.isenabled(), "the collector is on again after the batch")
        self.assertEqual(self._stage(partner), "customer")

    def test_a_paused_collector_is_left_as_it_was_found(self):
        """Nested, the inner block does not turn the collector back on; one that was off
        before stays off."""
        self.assertTrue(gc.isenabled())
        with cyclic_gc_paused():
            with cyclic_gc_paused():
                self.assertFalse(gc.isenabled())
            self.assertFalse(gc.isenabled(), "the outer block paused it: still paused")
        self.assertTrue(gc.isenabled())
        gc.disable()
        try:
            with cyclic_gc_paused():
                pass
            self.assertFalse(gc.isenabled(), "off before, off after")
        finally:
            gc.enable()
