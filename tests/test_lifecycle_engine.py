# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The engine through the real ORM: orders in, stages, dates, metrics and history out."""

from datetime import datetime, time

from odoo import Command
from odoo.tests import freeze_time, tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestLifecycleEngine(LifecycleCommon):
    def test_stages_and_dates_from_confirmed_orders(self):
        partner = self._partner("Azadi Pharmacy")
        for offset in (0, 10, 20):
            self._order(partner, offset, amount=250.0)
        self._recompute(89)
        self.assertEqual(self._stage(partner), "customer")
        self._recompute(90)
        self.assertEqual(self._stage(partner), "loyal")
        self.assertRecordValues(
            partner,
            [
                {
                    "lifecycle_customer_date": self._on(0),
                    "lifecycle_loyal_date": self._on(90),
                    "lifecycle_advocate_date": False,
                    "lifecycle_stage_date": self._on(90),
                    "lifecycle_purchase_count": 3,
                    "lifecycle_purchase_amount": 750.0,
                    "lifecycle_first_purchase_date": self._on(0),
                    "lifecycle_last_purchase_date": self._on(20),
                    "lifecycle_purchase_interval": 10.0,
                }
            ],
        )
        history = self._history(partner)
        self.assertEqual(history.mapped("to_stage_id.code"), ["customer", "loyal"])
        self.assertEqual(history.mapped("date"), [self._on(0), self._on(90)])
        self.assertTrue(all(history.mapped("automatic")))

    def test_running_the_job_twice_writes_no_double_history(self):
        partner = self._partner("Nordic Outfitters")
        for offset in (0, 10, 20):
            self._order(partner, offset)
        self._recompute(100)
        self._recompute(100)
        self._recompute(101)
        self.assertEqual(len(self._history(partner)), 2)

    def test_the_daily_job_moves_partners_as_time_passes(self):
        partner = self._partner("Sepid Dairy")
        for offset in (0, 10, 20):
            self._order(partner, offset)
        cron = self.env.ref("customer_lifecycle.ir_cron_customer_lifecycle_recompute")
        # the job's own action, in the test's transaction, as 18.0's "Run Manually" does it
        # (19.0's runs it as the scheduler does, committing, which no test may)
        with freeze_time(self._on(89)):
            cron.ir_actions_server_id.run()
        self.assertEqual(self._stage(partner), "customer")
        with freeze_time(self._on(90)):
            cron.ir_actions_server_id.run()
        self.assertEqual(self._stage(partner), "loyal")
        # the move is noted in the chatter, with the rule's company and the new stage
        note = partner.message_ids.filtered(lambda m: m.tracking_value_ids.field_id.name == "lifecycle_stage_id")[:1]
        self.assertIn(f"Lifecycle stage in {self.company.name} moved by the lifecycle rules.", note.body)
        self.assertEqual(note.tracking_value_ids.new_value_char, "Loyal")

    def test_the_daily_job_walks_only_partners_whose_data_changed_or_whose_day_came(self):
        partner, other = self._partner("Golestan Textiles"), self._partner("Dena Tiles")
        self._order(partner, 0)
        other_order = self._order(other, 0)
        self._recompute(10)
        self.assertEqual(partner.lifecycle_next_move_date, self._on(90))  # the customer stage matures
        # a value changed behind the engine's back is not seen while nothing is due...
        self._write_stored(partner, "lifecycle_purchase_count", 7)
        self._recompute(20)
        self.assertEqual(partner.lifecycle_purchase_count, 7)
        # ...but on the day of the next possible move the partner is walked again
        self._recompute(90)
        self.assertEqual(partner.lifecycle_purchase_count, 1)
        self.assertEqual(partner.lifecycle_next_move_date, self._on(365))  # no third purchase: the lapse
        # data changed behind the ORM (an import script) is seen at the next run
        self.env.cr.execute("UPDATE sale_order SET amount_untaxed = 512 WHERE id = %s", [other_order.id])
        self._recompute(100)
        self.assertEqual(other.lifecycle_purchase_amount, 512.0)
        # "Recompute Stages and Health" (force) walks everyone
        self._write_stored(partner, "lifecycle_purchase_count", 7)
        self.engine._recompute_all(self.company, force=True)
        partner.invalidate_recordset()
        self.assertEqual(partner.lifecycle_purchase_count, 1)

    def test_new_thresholds_are_applied_by_the_next_daily_job(self):
        partner = self._partner("Alborz Glass")
        for offset in (0, 10, 20):
            self._order(partner, offset)
        self._recompute(60)
        self.assertEqual(self._stage(partner), "customer")
        # the data did not change, the rules did: the fingerprint tells
        self.env.ref("customer_lifecycle.stage_loyal").maturity_days = 30
        self._recompute(61)
        self.assertEqual(self._stage(partner), "loyal")

    def _write_stored(self, partner, column, value):
        """Write a stored lifecycle value in the database, as a script would, not the engine."""
        self.env.flush_all()
        self.env.cr.execute(
            f"UPDATE res_partner SET {column} = jsonb_build_object(%s, %s) WHERE id = %s",
            [str(self.company.id), value, partner.id],
        )
        partner.invalidate_recordset()

    def test_quotations_and_cancelled_orders_do_not_count(self):
        partner = self._partner("Golrang Home")
        order = self._order(partner, 0)
        self._order(partner, 5).state = "draft"
        self._recompute(10)
        self.assertEqual(partner.lifecycle_purchase_count, 1)
        with freeze_time(self._on(10)):
            order._action_cancel()
        self.assertEqual(self._stage(partner), "prospect")
        self.assertEqual(partner.lifecycle_purchase_count, 0)
        last = self._history(partner)[-1]
        self.assertEqual(
            (last.from_stage_id.code, last.to_stage_id.code, last.rule),
            ("customer", "prospect", "recomputed"),
        )

    def test_confirming_an_order_moves_the_customer_at_once(self):
        partner = self._partner("Kian Electric")
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": self.product.id, "price_unit": 80.0})],
            }
        )
        self.assertEqual(self._stage(partner), "prospect")
        order.action_confirm()
        self.assertEqual(self._stage(partner), "customer")
        self.assertEqual(partner.lifecycle_purchase_amount, 80.0)
        # the stage change is tracked in the chatter
        tracked = partner.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "lifecycle_stage_id")
        self.assertEqual(tracked[:1].new_value_char, "Customer")

    def _session_settings(self):
        self.env.cr.execute(
            "SELECT current_setting('TimeZone'), current_setting('work_mem'), current_setting('parallel_setup_cost')"
        )
        return self.env.cr.fetchone()

    def test_a_repeat_purchase_costs_its_confirmation_two_statements(self):
        """At a confirmation the engine reads and locks the customer in one statement and
        writes it in another: the companies' settings and the chain's thresholds are
        cached, the SQL is not run once per field."""
        partner = self._partner("Qazvin Textiles")
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [Command.create({"product_id": self.product.id, "price_unit": price})],
                }
                for price in (80.0, 20.0)
            ]
        )
        orders[0].action_confirm()  # a customer now
        orders[1].state = "sale"
        with self.assertQueryCount(2):
            orders[1]._lifecycle_recompute()
        self.assertRecordValues(partner, [{"lifecycle_purchase_amount": 100.0, "lifecycle_stage_code": "customer"}])

    def test_purchase_days_are_days_of_the_company_calendar(self):
        """An order at 21:00 UTC is bought the next day in Tehran (UTC+03:30), in the full
        recompute (which sets the session's time zone for its grouped pass) as at the
        confirmation (which names the zone)."""
        self.company.partner_id.tz = "Asia/Tehran"
        late, morning = self._partner("Tabriz Carpets"), self._partner("Shiraz Dates")
        for partner in (late, morning):
            self._order(partner, 10).date_order = datetime.combine(self._on(10), time(9, 0))
        self._order(late, 9).date_order = datetime.combine(self._on(9), time(21, 0))  # 00:30 on day 10 there
        self._order(morning, 9).date_order = datetime.combine(self._on(9), time(9, 0))
        before = self._session_settings()
        self._recompute(20)
        self.assertEqual(self._session_settings(), before, "the session's settings are put back")
        self.assertRecordValues(
            late + morning,
            [
                {"lifecycle_purchase_count": 1, "lifecycle_first_purchase_date": self._on(10)},
                {"lifecycle_purchase_count": 2, "lifecycle_first_purchase_date": self._on(9)},
            ],
        )
        # the same day at the confirmation of an order: no double count of day 10
        order = self.env["sale.order"].create(
            {
                "partner_id": late.id,
                "date_order": datetime.combine(self._on(10), time(19, 0)),  # 22:30 on day 10 there
                "order_line": [Command.create({"product_id": self.product.id, "price_unit": 10.0})],
            }
        )
        with freeze_time(self._on(20)):
            order.action_confirm()
        order.date_order = datetime.combine(self._on(10), time(19, 0))  # confirming dates it now
        with freeze_time(self._on(20)):
            self.env["customer.lifecycle.engine"]._recompute_partners(late, self.company)
        late.invalidate_recordset()
        self.assertEqual(late.lifecycle_purchase_count, 1)
        self.assertEqual(late.lifecycle_last_purchase_date, self._on(10))

    def test_a_changed_setting_reaches_the_next_recompute(self):
        """The engine caches the companies' settings (every confirmation needs them):
        changing the company's time zone or its currency's rounding clears them."""
        partner = self._partner("Yazd Sweets")
        order = self._order(partner, 9)
        order.flush_recordset()
        self.env.cr.execute(
            "UPDATE sale_order SET date_order = %s, amount_untaxed = 0.1235, currency_rate = 1 WHERE id = %s",
            [datetime.combine(self._on(9), time(21, 0)), order.id],
        )
        self.env.invalidate_all()
        engine = self.env["customer.lifecycle.engine"]
        with freeze_time(self._on(20)):
            engine._recompute_partners(partner, self.company)  # the settings are cached now
        self.assertRecordValues(
            partner, [{"lifecycle_first_purchase_date": self._on(9), "lifecycle_purchase_amount": 0.12}]
        )
        self.company.partner_id.tz = "Asia/Tehran"  # 21:00 UTC is 00:30 the next day there
        with freeze_time(self._on(20)):
            engine._recompute_partners(partner, self.company)
        self.assertRecordValues(partner, [{"lifecycle_first_purchase_date": self._on(10)}])
        self.company.currency_id.rounding = 0.001
        with freeze_time(self._on(20)):
            engine._recompute_partners(partner, self.company)
        self.env.cr.execute(
            "SELECT lifecycle_purchase_amount->>%s FROM res_partner WHERE id = %s", [str(self.company.id), partner.id]
        )
        self.assertEqual(float(self.env.cr.fetchone()[0]), 0.124)

    def test_purchase_amount_is_rounded_half_up_like_odoo(self):
        """Half a cent rounds up, as Odoo's float_round does (not to the even cent)."""
        partner = self._partner("Kerman Pistachio")
        order = self._order(partner, 0)
        order.flush_recordset()
        # an amount in a foreign currency converted at a rate can end in half a cent
        self.env.cr.execute("UPDATE sale_order SET amount_untaxed = 0.125, currency_rate = 1 WHERE id = %s", [order.id])
        self.env.invalidate_all()
        self._recompute(5)
        self.assertEqual(partner.lifecycle_purchase_amount, 0.13)

    def test_orders_of_child_contacts_count_for_their_company(self):
        company = self._partner("Parsian Trading")
        sara = self.env["res.partner"].create({"name": "Sara Karimi", "parent_id": company.id})
        self._order(sara, 0)
        self._order(company, 10)
        self._recompute(20)
        self.assertEqual(self._stage(company), "customer")
        self.assertEqual(company.lifecycle_purchase_count, 2)
        self.assertFalse(sara.with_company(self.company).lifecycle_purchase_count)

    def test_lapsing_and_coming_back(self):
        partner = self._partner("Caspian Foods")
        for offset in (0, 10, 20):
            self._order(partner, offset)
        self._recompute(20 + 364)
        self.assertEqual(self._stage(partner), "loyal")
        self._recompute(20 + 365)
        self.assertEqual(self._stage(partner), "lapsed")
        self.assertEqual(partner.lifecycle_lapsed_date, self._on(385))
        self._order(partner, 400)
        self._recompute(400)
        self.assertEqual(self._stage(partner), "customer")
        self.assertEqual(partner.lifecycle_customer_date, self._on(400))
        self.assertEqual(self._history(partner).mapped("rule"), ["first_purchase", "loyal", "lapsed", "returned"])

    def test_an_empty_value_leaves_the_other_companies_entries(self):
        """A value that becomes empty (the lapse date, once the customer is back) is
        removed from the partner's column for that company only; Odoo reads and
        searches it as empty."""
        company_b = self.env["res.company"].create({"name": "Lifecycle Company B"})
        company_b.partner_id.tz = "UTC"
        partner = self._partner("Caspian Foods", company_id=False)
        self._order(partner, 0)
        self._order(partner, 0, company=company_b)
        self._recompute(365, self.company + company_b)
        self.assertEqual(partner.lifecycle_lapsed_date, self._on(365))
        self.assertEqual(partner.with_company(company_b).lifecycle_lapsed_date, self._on(365))
        self._order(partner, 400)
        self._recompute(400, self.company + company_b)
        self.env.cr.execute("SELECT lifecycle_lapsed_date FROM res_partner WHERE id = %s", [partner.id])
        self.assertEqual(self.env.cr.fetchone()[0], {str(company_b.id): str(self._on(365))})
        partner.invalidate_recordset()
        self.assertFalse(partner.lifecycle_lapsed_date)
        self.assertEqual(partner.with_company(company_b).lifecycle_lapsed_date, self._on(365))
        Partner = self.env["res.partner"]
        self.assertIn(partner, Partner.search([("lifecycle_lapsed_date", "=", False)]))
        self.assertNotIn(partner, Partner.with_company(company_b).search([("lifecycle_lapsed_date", "=", False)]))

    def test_lapse_period_is_a_setting(self):
        partner = self._partner("Atlas Hardware")
        self._order(partner, 0)
        self.company.lifecycle_lapse_days = 100
        self._recompute(100)
        self.assertEqual(self._stage(partner), "lapsed")

    def test_thresholds_are_read_from_the_stages(self):
        self.stage["loyal"].write({"min_purchases": 2, "maturity_days": 30})
        partner = self._partner("Behnam Motors")
        self._order(partner, 0)
        self._order(partner, 5)
        self._recompute(30)
        self.assertEqual(self._stage(partner), "loyal")

    def test_invoices_as_purchases_net_of_refunds(self):
        self.company.lifecycle_purchase_source = "invoice"
        partner = self._partner("Sepid Dairy")

        def invoice(offset, amount=100.0):
            move = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": self._on(offset),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            move.action_post()
            return move

        with freeze_time(self._on(30)):
            first = invoice(0)
            invoice(10)
        self.assertEqual(self._stage(partner), "customer")
        self.assertEqual(partner.lifecycle_purchase_count, 2)
        # a sales order does not count in this company
        self._order(partner, 20)
        self._recompute(30)
        self.assertEqual(partner.lifecycle_purchase_count, 2)
        # a full credit note cancels the purchase of its invoice
        with freeze_time(self._on(31)):
            reversal = (
                self.env["account.move.reversal"]
                .with_context(active_model="account.move", active_ids=first.ids)
                .create({"journal_id": first.journal_id.id, "date": self._on(31)})
            )
            reversal.refund_moves()
            refund = self.env["account.move"].search([("reversed_entry_id", "=", first.id)])
            refund.action_post()
        self.assertEqual(partner.lifecycle_purchase_count, 1)
        self.assertEqual(partner.lifecycle_first_purchase_date, self._on(10))
        self.assertEqual(partner.lifecycle_purchase_amount, 100.0)

    def test_stage_and_metrics_are_per_company(self):
        company_b = self.env["res.company"].create({"name": "Lifecycle Company B"})
        company_b.partner_id.tz = "UTC"
        partner = self._partner("Pars Medical", company_id=False)
        self._order(partner, 0)
        self._recompute(5, self.company + company_b)
        self.assertEqual(self._stage(partner), "customer")
        self.assertEqual(self._stage(partner, company_b), "prospect")
        self._order(partner, 3, company=company_b, amount=40.0)
        self._recompute(5, self.company + company_b)
        self.assertEqual(partner.with_company(company_b).lifecycle_purchase_amount, 40.0)
        self.assertEqual(partner.with_company(self.company).lifecycle_purchase_amount, 100.0)
        self.assertEqual(len(self._history(partner, company_b)), 1)

    def test_an_order_confirmed_while_the_daily_job_runs_is_not_overwritten(self):
        partner = self._partner("Busy Buyer")
        self._order(partner, 0)
        self._order(partner, 10)
        self._recompute(20)
        self.assertEqual(partner.with_company(self.company).lifecycle_purchase_count, 2)
        # the daily job takes its purchase table…
        settings = self.env["customer.lifecycle.reader"]._create_purchase_table(self.company)
        # …then, in another transaction, a salesperson confirms a third order…
        with self.env.cr.savepoint(), freeze_time(self._on(20)):
            self._order(partner, 20, state="draft").action_confirm()
        self.assertEqual(self._stage(partner), "customer")
        self.assertEqual(partner.with_company(self.company).lifecycle_purchase_count, 3)
        # …and the job's batch reaches the partner: it reads them live, not from its stale table
        with freeze_time(self._on(20)):
            self.engine._recompute_batch_committed(self.company, [partner.id], settings, self._on(20))
        partner.invalidate_recordset()
        self.assertEqual(partner.with_company(self.company).lifecycle_purchase_count, 3)
        self.assertEqual(self._history(partner).mapped("to_stage_id.code"), ["customer"])
