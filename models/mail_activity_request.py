# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    lifecycle_touchpoint_id = fields.Many2one(
        "customer.touchpoint",
        string="Overdue Request",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        help="The overdue request or complaint this warning is about: resolving it closes the warning.",
    )
