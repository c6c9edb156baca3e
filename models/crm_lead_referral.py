# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The lead a friend sends from an advocate's landing page: for the sales team of the
code's company, carrying the code and the UTM of the link the friend came by. Its
quotation (sale_crm) carries them on, and the order records the referral."""

from odoo import api, fields, models
from odoo.tools import plaintext2html

from ..odoo_compat import group_all_implied
from .customer_referral_code_link import REFERRAL_CAMPAIGN

# {key of the landing form's utm: (field of the lead, UTM model)}
UTM_FIELDS = {
    "campaign": ("campaign_id", "utm.campaign"),
    "medium": ("medium_id", "utm.medium"),
    "source": ("source_id", "utm.source"),
}


class CrmLead(models.Model):
    _inherit = "crm.lead"

    lifecycle_referral_code = fields.Char(
        string="Referral Code",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The code of the advocate whose shared link brought this lead: its quotations carry it, "
        "and the first confirmed order records the referral.",
    )
    lifecycle_referral_advocate_id = fields.Many2one(
        "res.partner",
        string="Referral Advocate",
        compute="_compute_lifecycle_referral_advocate_id",
        help="The advocate whose referral code this lead carries.",
    )

    @api.depends("lifecycle_referral_code", "company_id")
    def _compute_lifecycle_referral_advocate_id(self):
        Code = self.env["customer.referral.code"]
        for lead in self:
            code = Code._find_any(lead.lifecycle_referral_code) if lead.lifecycle_referral_code else Code
            lead.lifecycle_referral_advocate_id = code.partner_id

    @api.model
    def _lifecycle_create_from_referral_landing(self, code, values):
        """The lead of the landing form of ``code`` (a working ``customer.referral.code``),
        created and returned. Called with sudo by the public page, inside a savepoint.

        ``values``: ``name``, ``email``, ``phone``, ``message`` (the friend's words, as
        they typed them, already checked), ``utm`` ({"source"|"medium"|"campaign": an id
        or a name}, unknown ones ignored), ``lang`` (a language code)."""
        company = code.company_id
        Lead = self.with_company(company).with_context(mail_create_nosubscribe=True, tracking_disable=False)
        team = self._lifecycle_referral_team(company)
        company_lang = company.partner_id.lang or "en_US"
        name = values.get("name") or ""
        lead_values = {
            "name": Lead.with_context(lang=company_lang).env._("Referral: %(friend)s", friend=name),
            "contact_name": name,
            "email_from": values.get("email") or False,
            "phone": values.get("phone") or False,
            "description": plaintext2html(values["message"]) if values.get("message") else False,
            "company_id": company.id,
            "team_id": team.id,
            "user_id": team.user_id.id,
            "type": "lead" if self._lifecycle_leads_used() else "opportunity",
            "lifecycle_referral_code": code.code,
            "lang_id": self.env["res.lang"]._get_data(code=values.get("lang") or "").id or False,
            **self._lifecycle_referral_utm(code, values.get("utm") or {}),
        }
        return Lead.create(lead_values)

    @api.model
    def _lifecycle_referral_team(self, company):
        """The sales team the referral leads of ``company`` go to: its first team that
        takes leads (or opportunities)."""
        Team = self.env["crm.team"].sudo()
        teams = Team.search([("company_id", "in", [company.id, False])], order="sequence, id")
        return teams.filtered(lambda t: t.company_id == company)[:1] or teams[:1]

    @api.model
    def _lifecycle_leads_used(self):
        """Whether the CRM works with leads (else a new request is an opportunity)."""
        group = self.env.ref("crm.group_use_lead", raise_if_not_found=False)
        return bool(group) and group in group_all_implied(self.env.ref("base.group_user").sudo())

    @api.model
    def _lifecycle_referral_utm(self, code, utm):
        """The lead's UTM fields from the landing form's ``utm``: the referral program's
        campaign and the code's source by default; a medium the link gave. Records are only
        looked up, never made by a visitor."""
        result = {
            "campaign_id": self.env.ref(REFERRAL_CAMPAIGN).id,
            "source_id": code._lifecycle_utm_source().id,
        }
        for key, (field_name, model) in UTM_FIELDS.items():
            value = utm.get(key)
            if not value:
                continue
            Model = self.env[model].sudo()
            if isinstance(value, int):
                record = Model.browse(value).exists()
            else:
                record = Model.search([(Model._rec_name or "name", "=", str(value))], limit=1)
                if not record and model == "utm.campaign":
                    record = Model.search([("name", "=", str(value))], limit=1)
            if record:
                result[field_name] = record.id
        return result
