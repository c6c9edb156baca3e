# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The values of the "Incentive Effectiveness" report (printed from its wizard): the
CEM and CAM rows of each printed period, computed once here for the template."""

from odoo import api, models

from .report_format import report_values


class ReportIncentiveEffectiveness(models.AbstractModel):
    _name = "report.customer_lifecycle.report_incentive_effectiveness"
    _description = "Incentive Effectiveness"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["customer.incentive.effectiveness.wizard"].browse(docids)
        rows = {wizard.id: wizard._effectiveness_rows() for wizard in wizards}
        return report_values(self.env, wizards._name, docids, effectiveness_rows=rows)
