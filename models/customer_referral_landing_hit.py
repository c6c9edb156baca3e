# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The landing forms sent to a referral code's public page, one row per form that got
past its fields' checks: how many an address sent for a code this hour, and whether a
form is the one it sent just before. Kept a day, purged by Odoo's daily vacuum.

``_lifecycle_landing_submit`` is the form's whole decision, called by the public page
with sudo: a refusal in the visitor's words, or the neutral thanks every accepted form
gets (also the friend who belongs to the advocate's own entity, for whom nothing is
made: the page never tells who is whom)."""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize

from ..tools.referral_landing import advocate_name, ascii_digits, form_fingerprint, is_phone, same_phone

_logger = logging.getLogger(__name__)

KEEP = timedelta(days=1)
WINDOW = timedelta(hours=1)
FORM_FIELDS = ("name", "email", "phone", "message")


class CustomerReferralLandingHit(models.Model):
    _name = "customer.referral.landing.hit"
    _description = "Referral Landing Form Sent"
    _order = "id desc"

    code_id = fields.Many2one("customer.referral.code", required=True, index=True, ondelete="cascade")
    address = fields.Char(
        string="Network Address", required=True, help="The visitor's network address, as Odoo sees it behind its proxy."
    )
    fingerprint = fields.Char(required=True)

    @api.autovacuum
    def _gc_landing_hits(self):
        self.sudo().search([("create_date", "<", fields.Datetime.now() - KEEP)]).unlink()

    # ------------------------------------------------------------------

    @api.model
    def _lifecycle_landing_code(self, code_text):
        """The working code of the address, or an empty recordset (unknown or stopped:
        the page says the same for both)."""
        code = self.env["customer.referral.code"]._find_any(code_text or "")
        return code if code.state == "works" else code.browse()

    @api.model
    def _lifecycle_landing_advocate(self, code):
        """How the page names the advocate of ``code``: nothing else of theirs is shown."""
        partner = code.sudo().partner_id
        return advocate_name(partner.name, partner.is_company)

    @api.model
    def _lifecycle_landing_submit(self, code, form, address):
        """Decide the landing form ``form`` (the posted fields) sent to ``code`` (a working
        code) from ``address``: ``(None, lead)`` when accepted (``lead`` empty for a friend
        of the advocate's own entity), ``(message, None)`` when refused. Messages are in
        the language of this environment (the visitor's)."""
        values = {key: " ".join((form.get(key) or "").split()) for key in FORM_FIELDS}
        values["message"] = (form.get("message") or "").strip()
        values["phone"] = ascii_digits(values["phone"])
        refusal = self._lifecycle_landing_refusal(form, values)
        if refusal:
            return refusal, None
        email = email_normalize(values["email"]) if values["email"] else False
        fingerprint = form_fingerprint(values["name"], email, values["phone"], values["message"])
        recent = self.sudo().search(
            [
                ("code_id", "=", code.id),
                ("address", "=", address),
                ("create_date", ">=", fields.Datetime.now() - WINDOW),
            ]
        )
        if recent[:1].fingerprint == fingerprint:
            return self.env._("You have just sent this form: it was received, there is no need to send it again."), None
        if len(recent) >= code.company_id.lifecycle_referral_form_limit:
            return self.env._(
                "Too many forms were sent from your connection for this link in the last hour. Please try again later."
            ), None
        try:
            # the form's row and its lead are made together, or neither is
            with self.env.cr.savepoint():
                self.sudo().create({"code_id": code.id, "address": address, "fingerprint": fingerprint})
                if self._lifecycle_landing_own_entity(code, email, values["phone"]):
                    return None, self.env["crm.lead"]
                lead = (
                    self.env["crm.lead"]
                    .sudo()
                    ._lifecycle_create_from_referral_landing(
                        code.sudo(),
                        {
                            **values,
                            "email": values["email"] or False,
                            "utm": {key: form.get(f"utm_{key}") for key in ("source", "medium", "campaign")},
                            "lang": self.env.lang,
                        },
                    )
                )
        except (UserError, ValidationError) as error:
            _logger.warning("The landing form of the referral code %s made nothing: %s", code.code, error)
            return self.env._("Your form could not be recorded just now. Please try again later."), None
        return None, lead

    @api.model
    def _lifecycle_landing_refusal(self, form, values):
        """Why the fields of a landing form cannot be sent, in the visitor's words; None if
        they can."""
        _ = self.env._
        if form.get("lifecycle_website"):
            # the honeypot: hidden from people, filled by robots
            return _("The form could not be sent. Please send it again from the page.")
        if not values["name"]:
            return _("Please write your name.")
        if not values["email"] and not values["phone"]:
            return _("Please give a phone number or an e-mail address, so that we can reach you.")
        if values["email"] and not email_normalize(values["email"]):
            return _("“%(email)s” is not an e-mail address.", email=values["email"])
        if values["phone"] and not is_phone(values["phone"]):
            return _("“%(phone)s” is not a phone number.", phone=values["phone"])
        return None

    @api.model
    def _lifecycle_landing_own_entity(self, code, email, phone):
        """Whether the friend's ``email`` or ``phone`` is one of the advocate's own entity."""
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([("commercial_partner_id", "=", code.partner_id.id)])
        )
        if email and email in partners.mapped("email_normalized"):
            return True
        if phone:
            numbers = partners.mapped("phone") + partners.mapped("phone_sanitized")
            return any(same_phone(phone, number) for number in numbers if number)
        return False
