# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""A partner's leads and opportunities on its lifecycle, and how long it took from the
first lead or contact to the first purchase."""

from odoo import api, fields, models

from .res_partner import LIFECYCLE_READERS, LIFECYCLE_USERS


class ResPartner(models.Model):
    _inherit = "res.partner"

    lifecycle_lead_count = fields.Integer(
        string="Leads and Opportunities",
        compute="_compute_lifecycle_leads",
        groups=LIFECYCLE_USERS,
        help="The leads and opportunities of the partner and its contacts, lost ones included.",
    )
    lifecycle_days_to_purchase = fields.Integer(
        string="Days to First Purchase",
        compute="_compute_lifecycle_leads",
        groups=LIFECYCLE_READERS,
        help="Days from the first lead or touch-point of the partner to its first purchase in the "
        "current company: how long it took to convert the prospect.",
    )

    def _lifecycle_first_lead_dates(self):
        """{commercial partner id: creation of its first lead}, lost ones included."""
        groups = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                # the commercial partner by a join: child_of would search the contacts first
                [("partner_id.commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["partner_id"],
                ["create_date:min", "__count"],
            )
        )
        dates = {}
        for partner, first, count in groups:
            key = partner.commercial_partner_id.id
            known, known_count = dates.get(key, (first, 0))
            dates[key] = (min(known, first), known_count + count)
        return dates

    @api.depends("commercial_partner_id")
    @api.depends_context("company")
    def _compute_lifecycle_leads(self):
        """Both fields from one read of the leads: the partner form shows both."""
        leads = self._lifecycle_first_lead_dates()
        contacts = dict(
            self.env["customer.touchpoint"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                    ("company_id", "=", self.env.company.id),
                ],
                ["commercial_partner_id"],
                ["date:min"],
            )
        )
        for partner in self:
            customer = partner.commercial_partner_id
            first_lead, lead_count = leads.get(customer.id, (None, 0))
            partner.lifecycle_lead_count = lead_count
            first_purchase = customer.sudo().lifecycle_first_purchase_date
            starts = [moment.date() for moment in (first_lead, contacts.get(customer)) if moment]
            days = first_purchase and starts and (first_purchase - min(starts)).days
            partner.lifecycle_days_to_purchase = days if days and days > 0 else 0

    def action_lifecycle_leads(self):
        """The leads and opportunities of the partner and its contacts."""
        self.ensure_one()
        # the name first: 19.0's term extractor would take the domain's first string, the
        # next parenthesis after a translated string, for a term
        name = self.env._("Leads and Opportunities")
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "crm.lead",
            "view_mode": "list,kanban,form",
            "domain": [("partner_id", "child_of", self.commercial_partner_id.id)],
            "context": {"active_test": False, "default_partner_id": self.id},
        }
