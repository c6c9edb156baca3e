# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, models


class CustomerKeyAccountPlanPart(models.AbstractModel):
    """A line of what a key-account plan says (an objective, a tactic, a competitor):
    changed with its plan, in draft only (see the plan's workflow). ``_plan_free_fields``
    are the line's execution, followed while the plan runs (a measured value, a status)."""

    _name = "customer.key.account.plan.part"
    _description = "Part of a Key-Account Plan"
    _plan_free_fields = frozenset()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.plan_id._check_content_editable()
        return records

    def write(self, vals):
        if set(vals) - self._plan_free_fields:
            self.plan_id._check_content_editable()
        return super().write(vals)

    def unlink(self):
        self.plan_id._check_content_editable()
        return super().unlink()
