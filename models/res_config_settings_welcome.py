# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    lifecycle_welcome_program_id = fields.Many2one(related="company_id.lifecycle_welcome_program_id", readonly=False)
