# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A customer's e-mail on a lead or a sales order becomes a request in one click, and a reply
on that thread answers it ("no question may fall through; answer fast")."""

from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .common import LifecycleCommon

NOW = datetime(2026, 3, 2, 9, 0)
INCOMING = """From: Azadi buyer <buyer@azadi.example>
To: sales@example.com
Subject: When does the second batch arrive?
Message-ID: <batch-2-{model}@azadi.example>
Date: Mon, 02 Mar 2026 09:00:00 +0000
Content-Type: text/plain; charset=utf-8

Hello, when can we expect the second batch?
"""


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestRequestThreads(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.lifecycle_request_deadline_hours = 24
        cls.mine = cls._partner("Azadi Pharmacy", user_id=cls.salesman.id, email="buyer@azadi.example")
        cls.Touchpoint = cls.env["customer.touchpoint"]
        cls.lead = cls.env["crm.lead"].create(
            {"name": "Second batch of masks", "partner_id": cls.mine.id, "user_id": cls.salesman.id}
        )
        cls.order = cls.env["sale.order"].create({"partner_id": cls.mine.id, "user_id": cls.salesman.id})

    def _receive(self, record):
        """The customer's e-mail, through Odoo's mail gateway, on the thread of ``record``."""
        self.env["mail.thread"].message_process(record._name, INCOMING.format(model=record._name), thread_id=record.id)
        message = record.message_ids.filtered(lambda m: m.message_type == "email")[:1]
        self.assertEqual(message.author_id, self.mine, "the gateway knows the customer by their address")
        return message

    def _request(self, record):
        action = record.with_user(self.salesman).action_lifecycle_new_request()
        return self.Touchpoint.browse(action.get("res_id"))

    def test_an_email_on_a_lead_becomes_a_request_of_the_lead(self):
        message = self._receive(self.lead)
        request = self._request(self.lead)
        self.assertRecordValues(
            request,
            [
                {
                    "partner_id": self.mine.id,
                    "lead_id": self.lead.id,
                    "kind": "request",
                    "state": "open",
                    "channel": "email",
                    "direction": "inbound",
                    "reason": "When does the second batch arrive?",
                    "date": NOW,
                    "source_message_id": message.id,
                }
            ],
        )
        self.assertEqual(self._request(self.lead), request, "an e-mail makes one request")
        # the salesperson answers on the lead: the request is answered, its response time measured
        with freeze_time(datetime(2026, 3, 2, 12, 0)):
            self.lead.with_user(self.salesman).message_post(
                body="Next Tuesday.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(request.response_hours, 3.0)

    def test_an_email_on_a_sales_order_becomes_a_request(self):
        with freeze_time(NOW):
            self.order.message_post(
                body="<p>Can you add two boxes?</p>",
                subject="Two more boxes",
                message_type="email",
                author_id=self.mine.id,
                subtype_xmlid="mail.mt_comment",
            )
        request = self._request(self.order)
        self.assertRecordValues(
            request, [{"partner_id": self.mine.id, "kind": "request", "state": "open", "reason": "Two more boxes"}]
        )
        # an internal note is no answer to the customer; a message to them is
        with freeze_time(datetime(2026, 3, 2, 10, 0)):
            self.order.with_user(self.salesman).message_post(
                body="Ask the warehouse", message_type="comment", subtype_xmlid="mail.mt_note"
            )
        self.assertFalse(request.response_date)
        with freeze_time(datetime(2026, 3, 2, 11, 0)):
            self.order.with_user(self.salesman).message_post(
                body="Added.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(request.response_hours, 2.0)

    def test_the_request_of_a_received_email_on_an_order_through_the_gateway(self):
        self._receive(self.order)
        self.assertEqual(self._request(self.order).reason, "When does the second batch arrive?")

    def test_a_lead_without_customer_has_no_request_to_make(self):
        lead = self.env["crm.lead"].create({"name": "Walk-in", "email_from": "walkin@example.com"})
        with self.assertRefused(UserError, "has no customer yet"):
            lead.with_user(self.salesman).action_lifecycle_new_request()

    def test_without_an_email_the_button_opens_a_new_request_of_the_lead(self):
        action = self.lead.with_user(self.salesman).action_lifecycle_new_request()
        self.assertFalse(action.get("res_id"))
        self.assertEqual(action["context"]["default_lead_id"], self.lead.id)
        self.assertEqual(action["context"]["default_partner_id"], self.mine.id)
