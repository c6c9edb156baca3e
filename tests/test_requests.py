# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Requests and complaints that never fall through (article 004: "no question may fall
through; answer fast")."""

from datetime import datetime, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from ..tools import touchpoint_request as rules
from .common import LifecycleCommon

NOW = datetime(2026, 3, 2, 9, 0)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestRequests(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.lifecycle_request_deadline_hours = 24
        cls.company.lifecycle_relationship_owner_id = cls.manager
        cls.mine = cls._partner("Azadi Pharmacy", user_id=cls.salesman.id, email="buyer@azadi.example")
        cls.theirs = cls._partner("Golrang Home", user_id=cls.salesman_2.id)
        cls.orphan = cls._partner("Sepid Dairy")
        cls.Touchpoint = cls.env["customer.touchpoint"]

    def _record(self, partner, user=None, kind="request", date=NOW, **values):
        with freeze_time(date):
            return self.Touchpoint.with_user(user or self.salesman).create(
                {"partner_id": partner.id, "reason": "Where is my delivery?", "kind": kind, "date": date, **values}
            )

    def _overdue_warnings(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("activity_type_id", "=", self.env.ref("customer_lifecycle.mail_activity_type_overdue_request").id),
            ]
        )

    # -- the rules, as the article says them ---------------------------------------------

    def test_rules_read_like_the_article(self):
        self.assertEqual(rules.request_state("request", False), "open")
        self.assertEqual(rules.request_state("complaint", NOW), "resolved")
        self.assertFalse(rules.request_state("contact", False), "a contact has no state")
        self.assertEqual(rules.request_deadline("request", NOW, 24), NOW + timedelta(hours=24))
        self.assertFalse(rules.request_deadline("contact", NOW, 24))
        self.assertTrue(rules.is_overdue("request", False, NOW, NOW + timedelta(minutes=1)))
        self.assertFalse(rules.is_overdue("request", NOW, NOW, NOW + timedelta(minutes=1)))
        self.assertEqual(
            rules.first_answer(NOW, [NOW - timedelta(hours=1), NOW + timedelta(hours=3)]), NOW + timedelta(hours=3)
        )

    # -- kind, state, deadline, owner -------------------------------------------------------

    def test_request_is_open_with_a_deadline_in_plain_hours(self):
        self.company.lifecycle_request_deadline_hours = 8
        with freeze_time(NOW):
            with Form(self.Touchpoint.with_user(self.salesman)) as form:
                form.partner_id = self.mine
                form.kind = "complaint"
                form.reason = "The chairs arrived broken"
            complaint = form.save()
        self.assertRecordValues(
            complaint,
            [
                {
                    "kind": "complaint",
                    "state": "open",
                    "deadline": NOW + timedelta(hours=8),
                    "owner_id": self.salesman.id,
                }
            ],
        )
        contact = self._record(self.mine, kind="contact")
        self.assertRecordValues(contact, [{"state": False, "deadline": False}])

    def test_owner_falls_back_to_salesperson_then_relationship_owner(self):
        request = self._record(self.orphan, user=self.manager)
        self.assertEqual(request.owner_id, self.manager)
        request.sudo().user_id = False
        self.orphan.user_id = self.salesman_2
        request.invalidate_recordset(["owner_id"])
        self.assertEqual(request.owner_id, self.salesman_2, "no recorder: the salesperson")
        self.orphan.user_id = False
        request.invalidate_recordset(["owner_id"])
        self.assertEqual(request.owner_id, self.manager, "no salesperson: the relationship owner")

    def test_deadline_hours_must_be_positive(self):
        for hours in (0, -4):
            with self.assertRefused(ValidationError, "at least one hour"):
                self.company.lifecycle_request_deadline_hours = hours
        self.assertEqual(self.company.lifecycle_request_deadline_hours, 24)

    # -- who may set the kind and resolve --------------------------------------------------------

    def test_salesperson_sets_kind_for_own_customers_only(self):
        with self.assertRefused(UserError, "Only the salesperson of Golrang Home"):
            self._record(self.theirs, user=self.salesman)
        self.assertFalse(self.Touchpoint.search([("partner_id", "=", self.theirs.id)]))
        contact = self._record(self.theirs, user=self.salesman, kind="contact")
        with self.assertRefused(UserError, "Only the salesperson of Golrang Home"):
            contact.with_user(self.salesman).write({"kind": "complaint"})
        self.assertEqual(contact.kind, "contact")
        # a manager sets it for every customer
        contact.with_user(self.manager).write({"kind": "complaint"})
        self.assertEqual(contact.state, "open")

    def test_resolve_as_salesperson_and_manager(self):
        request = self._record(self.mine)
        with freeze_time(NOW + timedelta(hours=5)):
            request.with_user(self.salesman).action_resolve()
        self.assertRecordValues(
            request,
            [
                {
                    "state": "resolved",
                    "resolved_date": NOW + timedelta(hours=5),
                    "resolved_user_id": self.salesman.id,
                    "resolution_hours": 5.0,
                    "response_hours": 5.0,
                }
            ],
        )
        other = self._record(self.theirs, user=self.salesman_2)
        with self.assertRefused(UserError, "Only the salesperson of Golrang Home"):
            other.with_user(self.salesman).action_resolve()
        self.assertEqual(other.state, "open")
        other.with_user(self.manager).action_resolve()
        self.assertEqual(other.state, "resolved")

    def test_bad_resolutions_are_refused(self):
        contact = self._record(self.mine, kind="contact")
        with self.assertRefused(UserError, "nothing to resolve"):
            contact.with_user(self.salesman).action_resolve()
        self.assertFalse(contact.resolved_date)
        request = self._record(self.mine)
        request.with_user(self.salesman).action_resolve()
        resolved = request.resolved_date
        with self.assertRefused(UserError, "already resolved"):
            request.with_user(self.manager).action_resolve()
        self.assertEqual(request.resolved_date, resolved)
        with self.assertRefused(UserError, "keeps its kind"):
            request.with_user(self.manager).write({"kind": "contact"})

    def test_resolution_is_written_by_resolve_only(self):
        request = self._record(self.mine)
        for user in (self.salesman, self.manager):
            with self.assertRefused(UserError, "Resolve"):
                request.with_user(user).write({"resolved_date": NOW})
            with self.assertRefused(UserError, "Resolve"):
                request.with_user(user).write({"state": "resolved"})
        with self.assertRefused(UserError, "Resolve"):
            self._record(self.mine, response_date=NOW)
        self.assertRecordValues(request, [{"state": "open", "resolved_date": False, "response_date": False}])

    # -- overdue --------------------------------------------------------------------------

    def test_cron_warns_owner_once_per_overdue_request(self):
        request = self._record(self.mine)
        answered = self._record(self.mine, reason="Price list")
        answered.with_user(self.salesman).action_resolve()
        orphan = self._record(self.orphan, user=self.manager)
        orphan.sudo().user_id = False
        Cron = self.Touchpoint.sudo()
        with freeze_time(NOW + timedelta(hours=23)):
            Cron._cron_warn_overdue_requests()
            self.assertFalse(self._overdue_warnings(self.mine))
            self.assertFalse(self.Touchpoint.search([("is_overdue", "=", True), ("id", "=", request.id)]))
        with freeze_time(NOW + timedelta(hours=25)):
            Cron._cron_warn_overdue_requests()
            Cron._cron_warn_overdue_requests()
            overdue = self.Touchpoint.search(
                [("is_overdue", "=", True), ("partner_id", "in", (self.mine | self.orphan).ids)]
            )
            self.assertEqual(overdue, request | orphan)
        warning = self._overdue_warnings(self.mine)
        self.assertEqual(len(warning), 1, "one warning, never a second")
        self.assertEqual(warning.user_id, self.salesman)
        self.assertEqual(warning.lifecycle_touchpoint_id, request)
        self.assertEqual(self._overdue_warnings(self.orphan).user_id, self.manager, "the relationship owner")
        with freeze_time(NOW + timedelta(hours=30)):
            request.with_user(self.salesman).action_resolve()
            Cron._cron_warn_overdue_requests()
        self.assertFalse(self._overdue_warnings(self.mine), "resolving closes the warning")

    # -- response time ------------------------------------------------------------------

    def test_outbound_contact_answers_the_request(self):
        request = self._record(self.mine)
        self._record(self.mine, kind="contact", direction="inbound", date=NOW + timedelta(hours=1))
        self.assertFalse(request.response_date, "an inbound contact is no answer")
        self._record(self.mine, kind="contact", direction="outbound", date=NOW + timedelta(hours=3))
        self._record(self.mine, kind="contact", direction="outbound", date=NOW + timedelta(hours=6))
        self.assertEqual(request.response_hours, 3.0)
        with freeze_time(NOW + timedelta(hours=10)):
            request.with_user(self.salesman).action_resolve()
        self.assertRecordValues(request, [{"response_hours": 3.0, "resolution_hours": 10.0}])

    def test_reply_on_the_partner_answers_the_request(self):
        request = self._record(self.mine)
        self.mine.with_user(self.salesman).message_post(body="An internal note", subtype_xmlid="mail.mt_note")
        self.assertFalse(request.response_date, "a note is not a reply to the customer")
        with freeze_time(NOW + timedelta(hours=2)):
            self.mine.with_user(self.salesman).message_post(
                body="Your delivery leaves tomorrow.", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(request.response_hours, 2.0)

    def test_response_times_per_salesperson(self):
        first = self._record(self.mine)
        self._record(self.mine, kind="contact", direction="outbound", date=NOW + timedelta(hours=4))
        second = self._record(self.mine, date=NOW + timedelta(hours=5))
        with freeze_time(NOW + timedelta(hours=7)):
            second.with_user(self.salesman).action_resolve()
        with freeze_time(NOW + timedelta(hours=8)):
            first.with_user(self.salesman).action_resolve()
        self._record(self.mine, date=NOW + timedelta(hours=9))  # open: no time yet
        action = self.env.ref("customer_lifecycle.customer_touchpoint_action_response_times")
        self.assertEqual(action.view_ids.mapped("view_mode"), ["pivot", "graph"])
        domain = [*safe_eval(action.domain), ("partner_id", "=", self.mine.id)]
        for user in (self.salesman, self.manager):
            groups = self.Touchpoint.with_user(user)._read_group(
                domain, ["customer_user_id"], ["response_hours:avg", "resolution_hours:avg", "__count"]
            )
            self.assertEqual(groups, [(self.salesman, 3.0, 5.0, 2)])

    # -- a customer's e-mail into a request -----------------------------------------------------

    def test_new_request_from_the_latest_inbound_email(self):
        buyer = self.env["res.partner"].create(
            {"name": "Sara Karimi", "parent_id": self.mine.id, "email": "sara@azadi.example"}
        )
        with freeze_time(NOW):
            self.mine.message_post(
                body="<p>Please send the invoice again.</p>",
                subject="Invoice copy",
                message_type="email",
                author_id=buyer.id,
                subtype_xmlid="mail.mt_comment",
            )
        action = self.mine.with_user(self.salesman).action_lifecycle_new_request()
        request = self.Touchpoint.browse(action["res_id"])
        self.assertRecordValues(
            request,
            [
                {
                    "partner_id": buyer.id,
                    "kind": "request",
                    "state": "open",
                    "channel": "email",
                    "direction": "inbound",
                    "reason": "Invoice copy",
                    "date": NOW,
                    "user_id": self.salesman.id,
                }
            ],
        )
        again = self.mine.with_user(self.salesman).action_lifecycle_new_request()
        self.assertEqual(again["res_id"], request.id, "an e-mail makes one request")
        intruder = new_test_user(self.env, login="cl_intruder", groups="base.group_user,sales_team.group_sale_salesman")
        self.mine.message_post(body="Another question", message_type="email", author_id=self.mine.id)
        with self.assertRefused(UserError, "Only the salesperson of Azadi Pharmacy"):
            self.mine.with_user(intruder).action_lifecycle_new_request()
