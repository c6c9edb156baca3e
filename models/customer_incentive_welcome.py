# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import fields, models


class CustomerIncentive(models.Model):
    _inherit = "customer.incentive"

    lifecycle_welcome_program_id = fields.Many2one(
        "loyalty.program",
        string="Welcome Program",
        readonly=True,
        copy=False,
        help="The friend's welcome reward whose coupons this incentive records (set by the welcome reward).",
    )
