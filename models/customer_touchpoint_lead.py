# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The lead or opportunity a touch-point belongs to: CRM is the prospects' database."""

from odoo import fields, models


class CustomerTouchpoint(models.Model):
    _inherit = "customer.touchpoint"

    lead_id = fields.Many2one(
        "crm.lead",
        string="Lead / Opportunity",
        index="btree_not_null",
        ondelete="set null",
        help="The lead or opportunity of the contact, when there is one.",
    )
