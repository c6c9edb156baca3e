# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Warning signs always reach a person: the salesperson, or the company's relationship owner."""

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .. import odoo_compat
from .common import LifecycleCommon

MANAGER_GROUPS = "base.group_user,customer_lifecycle.group_lifecycle_manager"


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestRelationshipOwner(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a company of its own: its only Lifecycle Manager is the default owner
        cls.company_h = cls._company("Owner Test Co")
        cls.owner = new_test_user(cls.env, login="cl_owner_h", groups=MANAGER_GROUPS, company_id=cls.company_h.id)
        cls.seller = new_test_user(
            cls.env,
            login="cl_seller_h",
            groups="base.group_user,sales_team.group_sale_salesman",
            company_id=cls.company_h.id,
        )
        cls.warning_type = cls.env.ref("customer_lifecycle.mail_activity_type_health_warning")

    def _warned(self, name, **values):
        """The warning activities of a customer of company_h whose recent orders are worth
        less than the usual ones (a warning sign), after the nightly job."""
        partner = self._partner(name, **values)
        for day, amount in ((0, 1000.0), (10, 1000.0), (20, 300.0), (30, 300.0), (40, 300.0)):
            self._order(partner, day, company=self.company_h, amount=amount)
        self._recompute(45, self.company_h)
        with freeze_time(self._on(45)):
            self.env["customer.lifecycle.health"]._recompute_all(self.company_h)
        return partner.activity_ids.filtered(lambda activity: activity.activity_type_id == self.warning_type)

    def test_a_customer_without_salesperson_warns_the_relationship_owner(self):
        self.assertEqual(self._warned("Dena Textiles").user_id, self.owner)

    def test_a_customer_of_an_archived_salesperson_warns_the_relationship_owner(self):
        self.seller.active = False
        self.assertEqual(self._warned("Dena Textiles", user_id=self.seller.id).user_id, self.owner)

    def test_a_salesperson_of_another_company_leaves_the_warning_to_the_owner(self):
        self.assertNotIn(self.company_h, self.salesman.company_ids)
        self.assertEqual(self._warned("Dena Textiles", user_id=self.salesman.id).user_id, self.owner)

    def test_the_salesperson_of_the_company_is_warned(self):
        self.assertEqual(self._warned("Dena Textiles", user_id=self.seller.id).user_id, self.seller)

    def test_the_owner_of_the_settings_is_warned(self):
        second = new_test_user(self.env, login="cl_owner_h2", groups="base.group_user", company_id=self.company_h.id)
        settings = Form(self.env["res.config.settings"].with_context(allowed_company_ids=self.company_h.ids))
        settings.lifecycle_relationship_owner_id = second
        settings.save()
        self.assertEqual(self.company_h.lifecycle_relationship_owner_id, second)
        self.assertEqual(self._warned("Dena Textiles").user_id, second)
        # archived, they no longer own the warnings: the default does again
        second.active = False
        self.assertEqual(self.company_h._lifecycle_relationship_owner(), self.owner)

    def test_one_method_says_who_owns_the_warnings_of_each_partner(self):
        partners = self._partner("Kavir") | self._partner("Pars", user_id=self.seller.id)
        owners = self.company_h._lifecycle_owner_for(partners)
        self.assertEqual(owners, {partners[0].id: self.owner, partners[1].id: self.seller})

    def test_the_default_owner_is_never_odoobot(self):
        root = self.env.ref("base.user_root")
        root.write({"company_ids": [Command.link(self.company_h.id)]})
        root[odoo_compat.GROUPS_FIELD] |= self.env.ref("customer_lifecycle.group_lifecycle_manager")
        # Odoo refuses to activate it; a database changed by hand might not
        self.env.cr.execute("UPDATE res_users SET active = TRUE WHERE id = %s", [root.id])
        root.invalidate_recordset(["active"])
        self.owner.active = False
        self.assertFalse(self.company_h._lifecycle_relationship_owner())  # nobody rather than OdooBot
        self.assertFalse(self._warned("Dena Textiles"))
        self.owner.active = True
        self.assertEqual(self.company_h._lifecycle_relationship_owner(), self.owner)

    def test_the_owner_is_an_internal_user_of_the_company(self):
        portal = new_test_user(self.env, login="cl_portal_h", groups="base.group_portal", company_id=self.company_h.id)
        outsider = new_test_user(self.env, login="cl_outsider", groups=MANAGER_GROUPS)
        for user in (portal, outsider, self.env.ref("base.user_root")):
            with self.subTest(user.login), self.assertRefused(ValidationError, "must be an active internal user"):
                self.company_h.lifecycle_relationship_owner_id = user
            self.assertFalse(self.company_h.lifecycle_relationship_owner_id)
