# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""How a lost opportunity weighs on the relationship: the sentiment of its touch-point."""

from odoo import fields, models


class CrmLostReason(models.Model):
    _inherit = "crm.lost.reason"

    lifecycle_sentiment = fields.Selection(
        [("neutral", "Neutral"), ("negative", "Negative")],
        required=True,
        default="neutral",
        help="The sentiment of the touch-point recorded when an opportunity is lost for this reason: "
        "negative when the prospect left unhappy (a price found too high, a bad experience), neutral "
        "when nothing was held against us (no budget, a project cancelled).",
    )
