# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """Tell the web client the user's calendar: ``session.lifecycle_calendar``,
        "gregorian" or "jalali", read by the addon's date formatting and datepicker."""
        return self._lifecycle_with_calendar(super().session_info())

    @api.model
    def get_frontend_session_info(self):
        """The same key for the portal and the website pages."""
        return self._lifecycle_with_calendar(super().get_frontend_session_info())

    @api.model
    def _lifecycle_with_calendar(self, info):
        info["lifecycle_calendar"] = self.env.user.lifecycle_calendar or "gregorian"
        return info
