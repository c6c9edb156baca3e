# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import models


class ResCurrency(models.Model):
    _inherit = "res.currency"

    def write(self, vals):
        res = super().write(vals)
        if "rounding" in vals:
            # purchase totals are rounded to the company's currency: the cached
            # settings of the companies hold that rounding
            self.env.registry.clear_cache()
        return res
