# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Grants follow the one approval pattern (issue 28): the buttons read computed ``can_*``
fields, the actions check the Lifecycle Manager first, and the status is written by the
actions only, for every user."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import IncentiveCommon


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestGrantApproval(IncentiveCommon):
    def test_the_buttons_follow_the_users_right(self):
        grant = self._grant(self.loyal, self.gift, user=self.salesman)
        self.assertFalse(grant.with_user(self.salesman).can_give)
        self.assertFalse(grant.with_user(self.salesman).can_cancel)
        self.assertTrue(grant.with_user(self.manager).can_give)
        arch = self.Grant.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('invisible="not can_give"', arch)
        self.assertIn('invisible="not can_approve"', arch)

    def test_the_status_is_written_by_the_actions_only(self):
        grant = self._grant(self.loyal, self.gift, user=self.salesman)
        for user in (self.salesman, self.manager):
            with self.assertRefused(UserError, "through its buttons"):
                grant.with_user(user).write({"state": "given"})
        with self.assertRefused(AccessError, "Only lifecycle managers"):
            grant.with_user(self.salesman).action_cancel()
        grant.invalidate_recordset()
        self.assertEqual(grant.state, "planned")
        grant.with_user(self.manager).action_give()
        self.assertEqual(grant.state, "given")
        grant.with_user(self.manager).action_cancel()
        grant.with_user(self.manager).action_reset_to_planned()
        self.assertEqual(grant.state, "planned")
