# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The salesperson's path on the partner form: the last contact in full (who, when, how,
how it went) and the button that logs the next one."""

from odoo import api, fields, models
from odoo.tools import SQL

from .customer_touchpoint import SENTIMENTS
from .res_partner import LIFECYCLE_USERS


class ResPartner(models.Model):
    _inherit = "res.partner"

    lifecycle_last_touchpoint_id = fields.Many2one(
        "customer.touchpoint",
        string="Last Contact",
        compute="_compute_lifecycle_last_touchpoint",
        groups=LIFECYCLE_USERS,
    )
    lifecycle_last_touchpoint_user_id = fields.Many2one(
        "res.users", string="Last Contact By", compute="_compute_lifecycle_last_touchpoint", groups=LIFECYCLE_USERS
    )
    lifecycle_last_touchpoint_channel = fields.Selection(
        selection="_lifecycle_channel_selection",
        string="Last Contact Channel",
        compute="_compute_lifecycle_last_touchpoint",
        groups=LIFECYCLE_USERS,
    )
    lifecycle_last_touchpoint_sentiment = fields.Selection(
        SENTIMENTS,
        string="Last Contact Sentiment",
        compute="_compute_lifecycle_last_touchpoint",
        groups=LIFECYCLE_USERS,
    )
    lifecycle_last_touchpoint_result = fields.Text(
        string="Last Contact Result", compute="_compute_lifecycle_last_touchpoint", groups=LIFECYCLE_USERS
    )

    @api.model
    def _lifecycle_channel_selection(self):
        """The channels of the touch-points, those other files add included (a survey
        answer's), labelled in the reader's language."""
        return self.env["customer.touchpoint"]._fields["channel"]._description_selection(self.env)

    @api.depends_context("company")
    def _compute_lifecycle_last_touchpoint(self):
        """The latest touch-point of each commercial partner in the current company, among
        those the user may read: one query for all the partners."""
        Touchpoint = self.env["customer.touchpoint"]
        last_of = {}
        if self.commercial_partner_id.ids and Touchpoint.has_access("read"):
            query = Touchpoint._search(self._lifecycle_button_domain("touchpoints"))
            self.env.cr.execute(
                SQL(
                    """
                SELECT DISTINCT ON (t.commercial_partner_id) t.commercial_partner_id, t.id
                  FROM customer_touchpoint t
                 WHERE t.id IN %s
              ORDER BY t.commercial_partner_id, t.date DESC, t.id DESC
                    """,
                    query.subselect(),
                )
            )
            last_of = dict(self.env.cr.fetchall())
        touchpoints = Touchpoint.browse(last_of.values())
        for partner in self:
            touchpoint = touchpoints.browse(last_of.get(partner.commercial_partner_id.id)).with_prefetch(
                touchpoints.ids
            )
            partner.lifecycle_last_touchpoint_id = touchpoint
            partner.lifecycle_last_touchpoint_user_id = touchpoint.user_id
            partner.lifecycle_last_touchpoint_channel = touchpoint.channel
            partner.lifecycle_last_touchpoint_sentiment = touchpoint.sentiment
            partner.lifecycle_last_touchpoint_result = touchpoint.result

    def action_lifecycle_log_touchpoint(self):
        """The touch-point form in a dialog, for this partner (a contact stays the person
        contacted; the touch-point counts for their company)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a Touch-point"),
            "res_model": "customer.touchpoint",
            "view_mode": "form",
            "views": [(self.env.ref("customer_lifecycle.customer_touchpoint_view_form").id, "form")],
            "target": "new",
            "context": {"default_partner_id": self.id},
        }
