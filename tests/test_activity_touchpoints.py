# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .. import odoo_compat
from ..tools import activity_touchpoint as rules
from .common import LifecycleCommon, plan_values
from .test_migration import load_migration


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestActivityTouchpoints(LifecycleCommon):
    """Activities are touch-points: the call the salesperson marks done is the contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Touchpoint = cls.env["customer.touchpoint"]
        cls.customer = cls._partner("Azadi Pharmacy", user_id=cls.salesman.id)
        cls.buyer = cls.env["res.partner"].create({"name": "Sara Karimi", "parent_id": cls.customer.id})
        cls.order = cls._order(cls.customer, -10, state="draft")
        cls.order.user_id = cls.salesman
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.meeting = cls.env.ref("mail.mail_activity_data_meeting")
        cls.email = cls.env.ref("mail.mail_activity_data_email")
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")

    def _activity(self, record, activity_type, user=None, summary=False):
        return record.activity_schedule(
            activity_type_id=activity_type.id, summary=summary, user_id=(user or self.salesman).id
        )

    def _touchpoints(self, partner):
        return self.Touchpoint.search([("commercial_partner_id", "=", partner.id)])

    def test_channels_read_like_the_article(self):
        self.assertEqual(rules.channel_of("phonecall", None), "phone")
        self.assertEqual(rules.channel_of("default", rules.CALL_TYPE), "phone")
        self.assertEqual(rules.channel_of("meeting", None), "meeting")
        self.assertEqual(rules.channel_of("default", rules.MEETING_TYPE), "meeting")
        self.assertEqual(rules.channel_of("default", rules.EMAIL_TYPE), "email")
        self.assertEqual(rules.channel_of("default", "mail.mail_activity_data_todo"), "other")
        self.assertEqual(rules.channel_of("upload_file", None), "other")
        self.assertEqual(rules.reason_of("  ", "Call", "Activity done"), "Call")
        self.assertEqual(rules.reason_of(False, False, "Activity done"), "Activity done")

    def test_call_done_on_a_contact_is_a_touchpoint_of_the_customer(self):
        activity = self._activity(self.buyer, self.call, summary="Ask about the spring order")
        message_id = activity.with_user(self.salesman).action_feedback(feedback="Wants a quote by Friday")
        touchpoint = self._touchpoints(self.customer)
        self.assertRecordValues(
            touchpoint,
            [
                {
                    "partner_id": self.buyer.id,
                    "commercial_partner_id": self.customer.id,
                    "channel": "phone",
                    "direction": "outbound",
                    "kind": "contact",
                    "sentiment": "neutral",
                    "reason": "Ask about the spring order",
                    "result": "Wants a quote by Friday",
                    "user_id": self.salesman.id,
                    "company_id": self.company.id,
                    "activity_message_id": message_id,
                }
            ],
        )
        # the touch-point's form says which done activity it comes from
        self.assertEqual(Form(touchpoint.with_user(self.salesman)).activity_message_id.id, message_id)
        # the contact counts for the customer's record and health, and schedules nothing
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.lifecycle_last_touchpoint_id, touchpoint)
        self.assertFalse((self.customer | self.buyer).activity_ids)

    def test_email_done_on_a_sales_order(self):
        company = self._company("Tabriz Branch")
        self.salesman.company_ids |= company
        order = self._order(self.customer, -5, company=company, state="draft")
        activity = self._activity(order, self.email)
        activity.with_user(self.salesman).action_feedback(feedback="Sent the catalogue")
        self.assertRecordValues(
            self._touchpoints(self.customer),
            [
                {
                    "partner_id": self.customer.id,
                    "channel": "email",
                    "reason": self.email.name,
                    "result": "Sent the catalogue",
                    "company_id": company.id,
                    "user_id": self.salesman.id,
                }
            ],
        )

    def test_a_batch_done_at_once_makes_one_create(self):
        other = self._partner("Golrang Home")
        activities = (
            self._activity(self.customer, self.call, summary="Call back")
            | self._activity(self.order, self.meeting, summary="Visit the shop")
            | self._activity(other, self.todo, summary="Send the contract")
            | self._activity(other, self.env.ref("customer_lifecycle.mail_activity_type_health_warning"))
        )
        Touchpoint = self.registry["customer.touchpoint"]
        original, calls = Touchpoint.create, []

        def create(records, vals_list):
            calls.append(len(vals_list))
            return original(records, vals_list)

        kept = odoo_compat.activities_kept_when_done(activities)
        with patch.object(Touchpoint, "create", create):
            activities.with_user(self.salesman).action_feedback(feedback="Done")
        self.assertEqual(calls, [3])
        touchpoints = self.Touchpoint.search([("commercial_partner_id", "in", (self.customer | other).ids)])
        self.assertEqual(
            sorted(touchpoints.mapped(lambda t: (t.commercial_partner_id.name, t.channel, t.reason))),
            [
                ("Azadi Pharmacy", "meeting", "Visit the shop"),
                ("Azadi Pharmacy", "phone", "Call back"),
                ("Golrang Home", "other", "Send the contract"),
            ],
        )
        self.assertEqual(len(touchpoints.activity_message_id), 3)
        # done: deleted, or archived where Odoo keeps done activities (18.0: the types with
        # keep_done; 19.0: every one)
        self.assertEqual(activities.exists(), kept)
        self.assertFalse(activities.exists().filtered("active"))

    def test_once_per_done_activity(self):
        activity = self._activity(self.customer, self.call)
        contacts = activity._lifecycle_contacts()
        messages, _next = activity.with_user(self.salesman)._action_done(feedback="Reached them")
        self.assertEqual(len(self._touchpoints(self.customer)), 1)
        self.assertFalse(self.Touchpoint._lifecycle_record_done_activities(contacts, messages, "Reached them"))
        self.assertEqual(len(self._touchpoints(self.customer)), 1)

    def test_the_addons_own_warnings_are_no_contact(self):
        # a negative contact with a loyal customer warns the salesperson
        for offset in (-300, -200, -100):
            self._order(self.customer, offset)
        self._recompute(0)
        self.Touchpoint.create({"partner_id": self.customer.id, "reason": "Late delivery", "sentiment": "negative"})
        warning = self.customer.activity_ids
        self.assertEqual(len(warning), 1)
        warnings = (
            warning
            | self._activity(self.customer, self.env.ref("customer_lifecycle.mail_activity_type_health_warning"))
            | self._activity(self.customer, self.env.ref("customer_lifecycle.mail_activity_type_overdue_request"))
            | self._activity(self.customer, self.env.ref("mail.mail_activity_data_warning"))
        )
        # an approval on the addon's own document is its workflow, not a contact either
        self.customer.lifecycle_key_account = True
        plan = self.env["customer.key.account.plan"].create(plan_values(self.customer, "Plan 2026", 2026))
        call = self._activity(self.customer, self.call, summary="Apologise")
        (warnings | call | self._activity(plan, self.call)).with_user(self.salesman).action_feedback(
            feedback="Called them"
        )
        self.assertEqual(self._touchpoints(self.customer).mapped("reason"), ["Apologise", "Late delivery"])
        self.assertFalse(self.customer.activity_ids)

    def test_documents_without_a_customer_make_no_touchpoint(self):
        entry = self.env["account.move"].create({"move_type": "entry"})
        invoice = self.env["account.move"].create({"move_type": "out_invoice", "partner_id": self.customer.id})
        activities = self._activity(entry, self.call, user=self.env.user) | self._activity(
            invoice, self.call, user=self.env.user
        )
        activities.action_feedback(feedback="Asked about the payment")
        touchpoints = self.Touchpoint.search([("activity_message_id.model", "=", "account.move")])
        self.assertEqual(touchpoints.activity_message_id.mapped("res_id"), invoice.ids)

    def test_a_salesperson_marks_their_own_activity_done(self):
        # salespeople create touch-points as themselves only; the done activity is recorded for them
        activity = self._activity(self.customer, self.call, user=self.salesman_2)
        activity.with_user(self.salesman_2).action_feedback(feedback="Left a message")
        touchpoint = self._touchpoints(self.customer)
        self.assertEqual(touchpoint.user_id, self.salesman_2)
        # an employee without the lifecycle's rights too: the contact happened
        activity = self._activity(self.customer, self.meeting, user=self.employee)
        activity.with_user(self.employee).action_feedback(feedback="Met at the fair")
        self.assertEqual(self._touchpoints(self.customer).user_id, self.salesman_2 | self.employee)

    def test_an_activity_not_theirs_to_complete_records_nothing(self):
        activity = self._activity(self.order, self.call)
        with self.assertRaises(AccessError):
            activity.with_user(self.employee).action_feedback(feedback="Not mine")
        self.assertTrue(activity.exists())
        self.assertFalse(self._touchpoints(self.customer))
        activity.with_user(self.salesman).action_feedback(feedback="Mine")
        self.assertEqual(self._touchpoints(self.customer).user_id, self.salesman)

    def test_done_and_schedule_next_ignores_the_forms_defaults(self):
        # "Done & Schedule Next" marks done in the document's context: its defaults are not the touch-point's
        activity = self._activity(self.customer, self.call, summary="Confirm the visit")
        action = (
            activity.with_user(self.salesman)
            .with_context(default_channel="visit", default_sentiment="negative", default_kind="complaint")
            .action_feedback_schedule_next(feedback="Visit on Monday")
        )
        self.assertEqual(action["res_model"], "mail.activity")
        self.assertRecordValues(
            self._touchpoints(self.customer),
            [{"channel": "phone", "sentiment": "neutral", "kind": "contact", "result": "Visit on Monday"}],
        )
        self.assertFalse(self.customer.activity_ids)

    def test_open_warnings_of_earlier_versions_become_lifecycle_warnings(self):
        old = self._activity(
            self.customer, self.todo, summary="Negative contact with Azadi Pharmacy (Loyal): restore the respect"
        )
        old_fa = self._activity(
            self.order, self.todo, summary=f"تاریخ {self.order.name} را بررسی کنید: از چرخه عمر مشتری کنار گذاشته شد"
        )
        todo = self._activity(self.customer, self.todo, summary="Call back about the negative review")
        self.env.flush_all()
        load_migration("18.0.1.4.0", "post-lifecycle-warning-type").migrate(self.env.cr, "18.0.1.3.0")
        self.env.invalidate_all()
        warning = self.env.ref("customer_lifecycle.mail_activity_type_lifecycle_warning")
        self.assertEqual((old | old_fa).activity_type_id, warning)
        self.assertEqual(todo.activity_type_id, self.todo)
        (old | old_fa | todo).with_user(self.salesman).action_feedback(feedback="Done")
        self.assertEqual(self._touchpoints(self.customer).reason, "Call back about the negative review")
