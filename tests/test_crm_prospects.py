# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Odoo's CRM is the prospects' database, "a database to remember and convert them": a
partner's leads on its lifecycle, the funnel's Leads row, a lost opportunity as a
touch-point, and the telemarketing list of the prospects to contact."""

from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import LifecycleCommon

CALL = "mail.mail_activity_data_call"


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestCrmProspects(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_x = cls._company("CRM Prospects Co")
        cls.env.user.company_ids |= cls.company_x
        cls.salesman.company_ids |= cls.company_x
        cls.Lead = cls.env["crm.lead"].with_company(cls.company_x)
        cls.prospect = cls._partner("Sepidar Trading", user_id=cls.salesman.id)
        cls.contact = cls.env["res.partner"].create({"name": "Mina Sepidar", "parent_id": cls.prospect.id})

    def _lead(self, name, partner=None, **values):
        return self.Lead.create(
            {
                "name": name,
                "type": "opportunity",
                "company_id": self.company_x.id,
                "partner_id": partner and partner.id,
                **values,
            }
        )

    def _touch(self, partner, days_ago, **values):
        return self.env["customer.touchpoint"].create(
            {
                "partner_id": partner.id,
                "company_id": self.company_x.id,
                "reason": "Call",
                "date": self.env.cr.now() - timedelta(days=days_ago),
                **values,
            }
        )

    def _age(self, lead, days):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(days=days), lead.id),
        )
        lead.invalidate_recordset()

    def _to_contact(self):
        Report = self.env["customer.lifecycle.prospect.contact.report"]
        Report.invalidate_model()
        return Report.search([("company_id", "=", self.company_x.id)])

    # ------------------------------------------------------------------
    # The partner's leads, the funnel, the time to convert
    # ------------------------------------------------------------------

    def test_a_partners_leads_show_on_its_lifecycle(self):
        self._lead("Office chairs", self.contact)
        self._lead("Desks", self.prospect).action_set_lost()
        self._lead("Someone else's")
        self.assertEqual(self.prospect.lifecycle_lead_count, 2)  # its contact's and the lost one too
        self.assertEqual(self.contact.lifecycle_lead_count, 2)
        action = self.prospect.action_lifecycle_leads()
        leads = self.env["crm.lead"].with_context(active_test=False).search(action["domain"])
        self.assertEqual(sorted(leads.mapped("name")), ["Desks", "Office chairs"])

    def test_the_funnel_starts_with_open_leads_without_a_partner(self):
        self._lead("Unknown caller 1")
        self._lead("Unknown caller 2", type="lead")
        self._lead("Known", self.prospect)
        self._lead("Lost caller").action_set_lost()
        self.env["customer.lifecycle.funnel.report"].invalidate_model()
        rows = self.env["customer.lifecycle.funnel.report"].search([("company_id", "=", self.company_x.id)])
        first = rows[0]
        self.assertFalse(first.stage_id)
        self.assertEqual(first.name, "Leads")
        self.assertRecordValues(first, [{"current_count": 2, "reached_count": 4, "converted_count": 1}])
        self.assertEqual(rows[1].stage_id.code, "prospect")

    def test_the_days_from_the_first_lead_to_the_first_purchase(self):
        lead = self._lead("Chairs", self.prospect)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s",
            (datetime.combine(self.day0, datetime.min.time()), lead.id),
        )
        lead.invalidate_recordset()
        self._order(self.prospect, 10, company=self.company_x)
        self._recompute(20, self.company_x)
        self.prospect.invalidate_recordset()
        self.assertEqual(self.prospect.with_company(self.company_x).lifecycle_days_to_purchase, 10)
        self.assertEqual(self._partner("No purchase").with_company(self.company_x).lifecycle_days_to_purchase, 0)

    # ------------------------------------------------------------------
    # A lost opportunity, the activities of a lead without a partner
    # ------------------------------------------------------------------

    def _lose(self, lead, reason):
        wizard = self.env["crm.lead.lost"].create({"lead_ids": [lead.id], "lost_reason_id": reason.id})
        wizard.action_lost_reason_apply()

    def test_a_lost_opportunity_is_a_touchpoint_with_the_reasons_sentiment(self):
        Reason = self.env["crm.lost.reason"]
        too_expensive = Reason.create({"name": "Found us rude", "lifecycle_sentiment": "negative"})
        no_budget = Reason.create({"name": "No budget this year"})
        self.assertEqual(no_budget.lifecycle_sentiment, "neutral")
        first = self._lead("Chairs", self.contact, user_id=self.salesman.id)
        second = self._lead("Desks", self.prospect)
        self._lose(first.with_user(self.salesman), too_expensive)
        self._lose(second, no_budget)
        touchpoints = self.env["customer.touchpoint"].search([("lead_id", "in", (first | second).ids)])
        self.assertRecordValues(
            touchpoints.sorted(lambda touchpoint: touchpoint.lead_id.id),
            [
                {"lead_id": first.id, "sentiment": "negative", "user_id": self.salesman.id, "result": "Found us rude"},
                {
                    "lead_id": second.id,
                    "sentiment": "neutral",
                    "user_id": self.env.user.id,
                    "result": "No budget this year",
                },
            ],
        )
        self.assertEqual(touchpoints.commercial_partner_id, self.prospect)
        # no stage depends on a lead: still a prospect
        self.assertEqual(self._stage(self.prospect, self.company_x), "prospect")

    def test_a_call_done_on_a_lead_counts_when_the_lead_gets_its_partner(self):
        lead = self._lead("Unknown caller")
        lead.activity_schedule(CALL, summary="First call", user_id=self.env.user.id)
        lead.activity_ids.action_feedback(feedback="Interested in chairs")
        Touchpoint = self.env["customer.touchpoint"]
        self.assertFalse(Touchpoint.search([("lead_id", "=", lead.id)]))
        lead.partner_id = self.prospect
        touchpoint = Touchpoint.search([("lead_id", "=", lead.id)])
        self.assertEqual(len(touchpoint), 1)
        self.assertEqual((touchpoint.partner_id, touchpoint.channel), (self.prospect, "phone"))
        self.assertIn("Interested in chairs", touchpoint.result)

    # ------------------------------------------------------------------
    # Prospects to Contact and Schedule Calls
    # ------------------------------------------------------------------

    def test_the_prospects_to_contact(self):
        self._touch(self.contact, 40)  # worked on, silent for 40 days
        recent = self._partner("Recently called")
        self._touch(recent, 5)
        vendor = self._partner("Paper supplier", supplier_rank=1)
        self._touch(vendor, 40)
        customer = self._partner("Already buying")
        self._touch(customer, 40)
        self._order(customer, 0, company=self.company_x)
        self._recompute(1, self.company_x)
        idle = self._partner("Never worked on")
        self.assertTrue(idle)
        own = self.company_x.partner_id
        self._touch(own, 40)
        self._touch(self.salesman.partner_id, 40)
        old_lead = self._lead("Caller from the fair")
        self._age(old_lead, 50)
        self._age(self._lead("Caller of today"), 0)
        rows = self._to_contact()
        self.assertEqual(rows.mapped("name"), ["Caller from the fair", "Sepidar Trading"])  # oldest first
        self.assertEqual(rows.mapped("kind"), ["lead", "partner"])
        self.assertEqual(rows[1].user_id, self.salesman)
        self.assertEqual(rows[1].days_waiting, 40)
        # a user of another company sees none of them
        other = self.env["res.company"].create({"name": "Elsewhere"})
        stranger = self.salesman_2
        stranger.write({"company_ids": [(4, other.id)], "company_id": other.id})
        Report = self.env["customer.lifecycle.prospect.contact.report"].with_user(stranger)
        self.assertFalse(Report.with_context(allowed_company_ids=other.ids).search([]))
        # a longer follow-up period: nobody waits too long
        self.company_x.lifecycle_followup_days = 60
        self.assertFalse(self._to_contact())

    def test_schedule_calls_once_per_prospect(self):
        self._touch(self.prospect, 40)
        lead = self._lead("Caller from the fair")
        self._age(lead, 50)
        rows = self._to_contact()
        self.assertEqual(len(rows), 2)
        rows.action_schedule_calls()
        call = self.env.ref(CALL)
        partner_calls = self.prospect.activity_ids.filtered(lambda a: a.activity_type_id == call)
        self.assertEqual(partner_calls.user_id, self.salesman)
        lead_calls = lead.activity_ids.filtered(lambda a: a.activity_type_id == call)
        self.assertEqual(len(lead_calls), 1)
        self._to_contact().action_schedule_calls()  # never a second while one is open
        self.prospect.invalidate_recordset()
        lead.invalidate_recordset()
        self.assertEqual(len(self.prospect.activity_ids.filtered(lambda a: a.activity_type_id == call)), 1)
        self.assertEqual(len(lead.activity_ids.filtered(lambda a: a.activity_type_id == call)), 1)

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------

    def test_bad_input(self):
        for days in (0, -5):
            with self.subTest(days=days), self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.company_x.lifecycle_followup_days = days
        self.assertEqual(self.company_x.lifecycle_followup_days, 30)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            form = Form(self.env["res.config.settings"].with_company(self.company_x))
            form.lifecycle_followup_days = 0
            form.save().execute()
        self.assertEqual(self.company_x.lifecycle_followup_days, 30)
        with self.assertRaisesRegex(UserError, "Select the prospects"):
            self.env["customer.lifecycle.prospect.contact.report"].action_schedule_calls()
