# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .. import odoo_compat
from .common import LifecycleCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestAccess(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls._partner("Nordic Outfitters")
        cls._order(cls.partner, 0)

    def setUp(self):
        super().setUp()
        self._recompute(5)

    def _touchpoint(self, user):
        return (
            self.env["customer.touchpoint"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.partner.id,
                    "reason": "Call",
                }
            )
        )

    def test_salespeople_record_touchpoints_and_change_only_their_own(self):
        mine = self._touchpoint(self.salesman)
        mine.result = "Fine"
        theirs = self._touchpoint(self.salesman_2)
        self.assertEqual(theirs.with_user(self.salesman).reason, "Call")  # read all
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman).result = "Changed"
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman).unlink()
        theirs.with_user(self.manager).result = "Managers change all"

    def test_salespeople_read_the_stage_history_but_do_not_write_it(self):
        history = self._history(self.partner).with_user(self.salesman)
        self.assertEqual(history.to_stage_id.code, "customer")
        with self.assertRaises(AccessError):
            history.reason = "Rewritten"
        with self.assertRaises(AccessError):
            history.unlink()

    def test_accountants_read_stages_metrics_and_history_only(self):
        partner = self.partner.with_user(self.accountant)
        self.assertEqual(partner.lifecycle_stage_id.code, "customer")
        self.assertEqual(partner.lifecycle_purchase_count, 1)
        self.assertTrue(self._history(self.partner).with_user(self.accountant).read(["reason"]))
        with self.assertRaises(AccessError):
            self._touchpoint(self.accountant)
        with self.assertRaises(AccessError):
            self.env["customer.lifecycle.stage"].with_user(self.accountant).create({"name": "X"})

    def test_employees_without_lifecycle_rights(self):
        self.assertEqual(self.partner.with_user(self.employee).lifecycle_stage_id.code, "customer")
        with self.assertRaises(AccessError):
            self._history(self.partner).with_user(self.employee).read(["reason"])
        with self.assertRaises(AccessError):
            self._touchpoint(self.employee)

    def test_lifecycle_data_stays_with_its_company(self):
        company_b = self.env["res.company"].create({"name": "Lifecycle Company B"})
        user_b = self.env["res.users"].create(
            {
                "name": "Salesman B",
                "login": "cl_salesman_b",
                "company_id": company_b.id,
                "company_ids": [(6, 0, company_b.ids)],
                odoo_compat.GROUPS_FIELD: [(6, 0, self.env.ref("sales_team.group_sale_salesman").ids)],
            }
        )
        self._touchpoint(self.salesman)
        Touchpoint = self.env["customer.touchpoint"].with_user(user_b)
        self.assertFalse(Touchpoint.search([("partner_id", "=", self.partner.id)]))
        self.assertFalse(
            self.env["customer.lifecycle.history"].with_user(user_b).search([("partner_id", "=", self.partner.id)])
        )
        # company B sees its own stage of the partner: a prospect there
        self.assertEqual(self.partner.with_user(user_b).with_company(company_b).lifecycle_stage_id.code, "prospect")


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPartnerSmartButtons(LifecycleCommon):
    """A smart button of the partner form counts the lines of the list it opens, for a
    user who works in two companies: the current company's, nothing else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls._company("Lifecycle Buttons B")
        cls.user = new_test_user(
            cls.env,
            login="cl_buttons",
            groups="base.group_user,customer_lifecycle.group_lifecycle_manager",
            company_id=cls.company.id,
            company_ids=[Command.set((cls.company | cls.company_b).ids)],
        )
        cls.partner = cls._partner("Buttons Customer")
        Touchpoint, Referral = cls.env["customer.touchpoint"], cls.env["customer.referral"]
        History, Grant = cls.env["customer.lifecycle.history"], cls.env["customer.incentive.grant"]
        for company, touchpoints, grants in ((cls.company, 2, 3), (cls.company_b, 1, 1)):
            for _i in range(touchpoints):
                Touchpoint.create({"partner_id": cls.partner.id, "reason": "Call", "company_id": company.id})
            for name in ("Referred here", "Referred there"):  # made: counted; received: not
                friend = cls._partner(f"{name} in {company.name}")
                Referral.with_company(company).create(
                    {"referrer_id": cls.partner.id, "referred_id": friend.id, "company_id": company.id}
                )
            Referral.with_company(company).create(
                {"referrer_id": cls._partner(f"Referrer in {company.name}").id, "referred_id": cls.partner.id}
            )
            gift = cls.env["customer.incentive"].create(
                {
                    "name": f"Gift of {company.name}",
                    "kind": "periodic_gift",  # for every stage
                    "company_id": company.id,
                }
            )
            given = Grant.with_company(company).create(
                [{"partner_id": cls.partner.id, "incentive_id": gift.id} for _i in range(grants)]
            )
            given[:1].action_cancel()  # a cancelled grant is not counted
            History.create(
                [
                    {
                        "partner_id": cls.partner.id,
                        "company_id": company.id,
                        "to_stage_id": cls.stage[code].id,
                        "reason": "Test",
                    }
                    for code in ("customer", "loyal")
                ]
            )

    def test_each_button_counts_the_lines_its_list_shows(self):
        allowed = (self.company | self.company_b).ids
        partner = self.partner.with_user(self.user).with_context(allowed_company_ids=allowed)
        buttons = {
            "lifecycle_touchpoint_count": (partner.action_view_lifecycle_touchpoints, 2),
            "lifecycle_referral_count": (partner.action_view_lifecycle_referrals, 2),
            "lifecycle_incentive_grant_count": (partner.action_view_lifecycle_incentive_grants, 2),
            "lifecycle_history_count": (partner.action_view_lifecycle_history, 2),
        }
        for count_field, (open_list, expected) in buttons.items():
            with self.subTest(button=count_field):
                action = open_list()
                context = action["context"]
                if isinstance(context, str):
                    context = safe_eval(context, {"uid": self.user.id, "active_id": partner.id})
                Model = partner.env[action["res_model"]].with_context(**context)
                self.assertEqual(partner[count_field], expected)
                self.assertEqual(Model.search_count(action["domain"]), partner[count_field])
