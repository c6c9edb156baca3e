# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestTouchpoint(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loyal = cls._partner("Azadi Pharmacy", user_id=cls.salesman.id)
        for offset in (-300, -200, -100):
            cls._order(cls.loyal, offset)
        cls.newcomer = cls._partner("Golrang Home", user_id=cls.salesman.id)
        cls._order(cls.newcomer, -3)

    def setUp(self):
        super().setUp()
        self._recompute(0)

    def _touch(self, partner, sentiment="neutral", **values):
        return (
            self.env["customer.touchpoint"]
            .with_user(self.salesman_2)
            .create(
                {
                    "partner_id": partner.id,
                    "reason": "Follow-up call",
                    "sentiment": sentiment,
                    **values,
                }
            )
        )

    def _warnings(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
            ]
        )

    def test_crm_record_fields(self):
        source = self.env["utm.source"].create({"name": "Trade fair"})
        sara = self.env["res.partner"].create(
            {
                "name": "Sara Karimi",
                "parent_id": self.loyal.id,
                "function": "Buyer",
                "city": "Shiraz",
                "phone": "+98 21 5555 0101",
            }
        )
        with Form(self.env["customer.touchpoint"].with_user(self.salesman)) as form:
            form.partner_id = sara
            form.channel = "visit"
            form.direction = "outbound"
            form.reason = "Presented the new range"
            form.source_id = source
            form.result = "Will order next month"
            form.sentiment = "positive"
        touchpoint = form.save()
        self.assertRecordValues(
            touchpoint,
            [
                {
                    "commercial_partner_id": self.loyal.id,
                    "function": "Buyer",
                    "city": "Shiraz",
                    "phone": "+98 21 5555 0101",
                    "user_id": self.salesman.id,
                    "stage_id": self.stage["loyal"].id,
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertEqual(self.loyal.lifecycle_touchpoint_count, 1)

    def test_negative_contact_with_a_loyal_customer_warns_the_salesperson(self):
        self._touch(self.loyal, "neutral")
        self.assertFalse(self._warnings(self.loyal))
        self._touch(self.loyal, "negative")
        warning = self._warnings(self.loyal)
        self.assertEqual(len(warning), 1)
        self.assertEqual(warning.user_id, self.salesman)
        self.assertIn("restore the respect", warning.summary)

    def test_a_contact_turned_negative_warns_too(self):
        touchpoint = self._touch(self.loyal, "neutral")
        touchpoint.sentiment = "negative"
        self.assertEqual(len(self._warnings(self.loyal)), 1)

    def test_negative_contact_with_a_new_customer_is_no_alarm(self):
        self._touch(self.newcomer, "negative")
        self.assertFalse(self._warnings(self.newcomer))

    def test_future_touchpoint_is_refused(self):
        count = self.env["customer.touchpoint"].search_count([])
        with self.assertRefused(ValidationError, "in the future"):
            self._touch(self.loyal, date=fields.Datetime.now() + timedelta(hours=2))
        self.assertEqual(self.env["customer.touchpoint"].search_count([]), count)

    def test_the_touchpoints_open_in_a_calendar_too(self):
        """The touch-points' action offers a month calendar of their dates, which a
        salesperson opens with the fields it shows."""
        action = self.env.ref("customer_lifecycle.customer_touchpoint_action")
        self.assertIn("calendar", action.view_mode.split(","))
        touchpoints = self.env["customer.touchpoint"].with_user(self.salesman)
        result = touchpoints.get_views([(False, "calendar")])
        arch = etree.fromstring(result["views"]["calendar"]["arch"])
        self.assertEqual((arch.tag, arch.get("date_start"), arch.get("mode")), ("calendar", "date", "month"))
        fields_read = result["models"]["customer.touchpoint"]["fields"]
        self.assertLessEqual({"date", "partner_id", "channel", "sentiment", "user_id"}, set(fields_read))
