# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo.exceptions import AccessError
from odoo.tests import tagged

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
                "groups_id": [(6, 0, self.env.ref("sales_team.group_sale_salesman").ids)],
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
