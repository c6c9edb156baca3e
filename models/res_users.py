# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, models
from odoo.exceptions import AccessError

MANAGER_GROUP = "customer_lifecycle.group_lifecycle_manager"


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _check_lifecycle_manager(self, message=None):
        """Refuse a lifecycle manager's action (a recompute, a pin, a suggestion) to
        the current user unless they are a Lifecycle Manager; the superuser may. Called
        on ``env["res.users"]`` of the caller's environment (``env.user`` is always in
        superuser mode). ``message``: the refusal in words of that action, translated;
        by default the recompute's."""
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                message
                or self.env._(
                    "Only a Lifecycle Manager can recompute the customer lifecycle. "
                    "Ask a manager, or the daily job will do it tonight."
                )
            )
