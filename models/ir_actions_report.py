# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import models

from ..tools import bidi


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_template(self, template, values=None):
        """The addon's PDFs keep their zero-width non-joiners (see ``bidi``)."""
        html = super()._render_template(template, values)
        if (values or {}).get("report_type") == "pdf" and str(template).startswith("customer_lifecycle."):
            return bidi.keep_zero_width_non_joiners(html.decode()).encode()
        return html
