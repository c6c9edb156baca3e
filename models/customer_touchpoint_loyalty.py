# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Complaints and satisfaction answers decide loyalty (article 003): resolving a complaint
or receiving an answer recomputes the customer at once; a loyal customer or an advocate
who complains is warned about, never moved back ("they leave, they do not fall back")."""

from odoo import api, models

from ..tools import touchpoint_request as rules


class CustomerTouchpoint(models.Model):
    _inherit = "customer.touchpoint"

    @api.model_create_multi
    def create(self, vals_list):
        touchpoints = super().create(vals_list)
        # a complaint is a negative contact, whatever sentiment was typed (once: a negative
        # one was warned about already)
        touchpoints.filtered(lambda t: t.kind == rules.COMPLAINT and t.sentiment != "negative")._warn_negative_contact()
        # an answer (a touch-point given a satisfaction score) may hold or free the loyalty
        answers = (
            [t for t in touchpoints if t["has_satisfaction_score"]] if "has_satisfaction_score" in self._fields else []
        )
        if answers:
            self.browse([t.id for t in answers])._lifecycle_recompute_customers()
        return touchpoints

    def write(self, vals):
        # a touch-point made a complaint is one as if recorded so: warned about, and its
        # customer's health scored again (a complaint made a contact again is scored too);
        # the hold it puts on loyalty is walked by the daily job, as for a new complaint
        turned = self.browse()
        if "kind" in vals:
            turned = self.filtered(lambda t: (t.kind == rules.COMPLAINT) != (vals["kind"] == rules.COMPLAINT))
        res = super().write(vals)
        turned.filtered(lambda t: t.kind == rules.COMPLAINT and t.sentiment != "negative")._warn_negative_contact()
        turned._rescore_health()
        return res

    def action_resolve(self):
        res = super().action_resolve()
        self.filtered(lambda t: t.kind == rules.COMPLAINT)._lifecycle_recompute_customers()
        return res

    def _lifecycle_recompute_customers(self):
        """The engine's recompute of these touch-points' customers, company by company."""
        engine = self.env["customer.lifecycle.engine"].sudo()
        for company, touchpoints in self.grouped("company_id").items():
            engine._recompute_partners(touchpoints.commercial_partner_id, company.sudo())
