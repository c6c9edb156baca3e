# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Who reads and proposes incentives and grants, company by company."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import IncentiveCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestIncentiveAccess(IncentiveCommon):
    def test_salespeople_read_the_catalogue_and_propose_grants(self):
        self.assertEqual(self.gift.with_user(self.salesman).name, "New year gift box")
        with self.assertRaises(AccessError):
            self.Incentive.with_user(self.salesman).create({"name": "Mine", "kind": "respect"})
        grant = self._grant(self.loyal, self.gift, user=self.salesman)
        self.assertEqual((grant.state, grant.user_id), ("planned", self.salesman))
        grant.with_user(self.salesman).note = "Delivered by hand"
        with self.assertRaises(UserError):
            self._grant(self.loyal, self.gift, user=self.salesman, state="given")
        with self.assertRaises(AccessError):
            grant.with_user(self.salesman).action_give()
        with self.assertRaises(AccessError):
            grant.with_user(self.salesman).unlink()
        theirs = self._grant(self.loyal, self.gift, user=self.salesman_2)
        self.assertTrue(theirs.with_user(self.salesman).read(["cost"]))
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman).note = "Not mine"
        grant.with_user(self.manager).action_give()
        self.assertEqual(grant.state, "given")
        with self.assertRaises(AccessError):
            grant.with_user(self.salesman).cost = 1.0

    def test_accountants_read_grants_only(self):
        grant = self._grant(self.loyal, self.gift)
        self.assertEqual(grant.with_user(self.accountant).cost, 25.0)
        self.assertEqual(grant.with_user(self.accountant).incentive_id.name, "New year gift box")
        with self.assertRaises(AccessError):
            self._grant(self.loyal, self.gift, user=self.accountant)
        with self.assertRaises(AccessError):
            grant.with_user(self.accountant).cost = 1.0
        with self.assertRaises(AccessError):
            self.Grant.with_user(self.employee).search([])

    def test_grants_of_another_company_are_not_visible(self):
        other = self.env["res.company"].create({"name": "Tabriz Branch"})
        self.manager.company_ids = [Command.link(other.id)]
        incentive = self.Incentive.with_company(other).create({"name": "Tabriz tea", "kind": "respect"})
        grant = (
            self.Grant.with_user(self.manager)
            .with_company(other)
            .create({"partner_id": self.loyal.id, "incentive_id": incentive.id})
        )
        self.assertEqual(grant.company_id, other)
        self.assertNotIn(grant, self.Grant.with_user(self.salesman).search([]))
        with self.assertRaises(AccessError):
            grant.with_user(self.salesman).read(["cost"])
