# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # the retention by cohort of customers (see base.py)
    _lifecycle_jalali_period_fields = ("lifecycle_customer_date",)

    def write(self, vals):
        """A user's language is their partner's: when it changes, whether on the user (Odoo
        writes it on the partner) or on the partner, the users' calendar follows it."""
        res = super().write(vals)
        if "lang" in vals:
            # sudo: whoever may set a partner's language sets their users' calendar with it,
            # a preference of their display that gives no access to anything
            users = self.sudo().with_context(active_test=False).user_ids
            users._lifecycle_follow_language()
        return res
