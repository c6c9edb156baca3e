# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The values of the "Key-Account Development Plan" report."""

from odoo import api, models

from .report_format import report_values


class ReportKeyAccountPlan(models.AbstractModel):
    _name = "report.customer_lifecycle.report_key_account_plan"
    _description = "Key-Account Development Plan"

    @api.model
    def _get_report_values(self, docids, data=None):
        return report_values(self.env, "customer.key.account.plan", docids)
