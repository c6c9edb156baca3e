# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""An advocate's personal referral code: one per advocate and company, working while
they are an advocate, stopped when they lapse or are marked lost."""

import re
import secrets

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .. import odoo_compat
from ..tools.bulk_sql import id_array
from ..tools.customer_chain import ADVOCATE

# Easy to read aloud and to type: no look-alikes (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# A batch whose new codes all collide this many times over is a bug, not bad luck.
CODE_ATTEMPTS = 10


def normalize_code(code):
    """The code as stored: upper case, without spaces (a code is typed as it is heard)."""
    return re.sub(r"\s+", "", code or "").upper()


def is_code(code):
    """Whether ``code`` is written as codes are stored: letters and digits of the code
    alphabet, nothing else (a typed code is normalized first, see normalize_code)."""
    return bool(code) and all(char in CODE_ALPHABET for char in code)


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _index in range(CODE_LENGTH))


class CustomerReferralCode(models.Model):
    _name = "customer.referral.code"
    _inherit = ["mail.thread"]
    _description = "Customer Referral Code"
    _order = "company_id, code"
    _rec_name = "code"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Advocate",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        help="The commercial partner who shares this code.",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    code = fields.Char(required=True, readonly=True, copy=False)
    state = fields.Selection(
        [("works", "Works"), ("stopped", "Stopped")],
        default="works",
        required=True,
        readonly=True,
        tracking=True,
        help="A code works while its owner is an advocate of the company; it stops when they "
        "lapse or are marked lost, and works again when they become an advocate again.",
    )

    _code_company_unique = odoo_compat.Constraint("UNIQUE(company_id, code)", "A referral code is unique in a company.")
    _partner_company_unique = odoo_compat.Constraint(
        "UNIQUE(company_id, partner_id)", "An advocate has one referral code per company."
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "code" in vals:
                vals["code"] = normalize_code(vals["code"])
        return super().create(vals_list)

    def write(self, vals):
        if "code" in vals:
            vals = {**vals, "code": normalize_code(vals["code"])}
        return super().write(vals)

    @api.constrains("code")
    def _check_code(self):
        for code in self:
            if not is_code(code.code):
                raise ValidationError(
                    self.env._(
                        "The referral code “%(code)s” cannot be typed by a customer: a code is made of the letters "
                        "and digits %(alphabet)s only, without spaces.",
                        code=code.code,
                        alphabet=CODE_ALPHABET,
                    )
                )

    @api.model
    def _find(self, company, code):
        """The code ``code`` (as typed) of ``company``, or an empty recordset."""
        code = normalize_code(code)
        if not code:
            return self.browse()
        return self.sudo().search([("company_id", "=", company.id), ("code", "=", code)], limit=1)

    @api.model
    def _sync_stage_changes(self, company, changes, stage_ids):
        """The codes of a batch the engine walked in ``company``: ``changes`` are its
        (partner id, stage id before, stage id after), ``stage_ids`` {stage code: id}."""
        advocate_id = stage_ids.get(ADVOCATE)
        advocates = [partner_id for partner_id, _old, new in changes if new == advocate_id]
        others = [partner_id for partner_id, old, new in changes if old == advocate_id and new != advocate_id]
        if advocates or others:
            self._sync_stages(company, advocates, others)

    @api.model
    def _sync_stages(self, company, advocate_ids, other_ids):
        """Give the advocates ``advocate_ids`` of ``company`` (commercial partner ids) a
        working code, and stop the codes of the partners ``other_ids``, who are no longer
        advocates there: one search, one write per state, one INSERT for the new codes."""
        codes = self.sudo().search(
            [("company_id", "=", company.id), ("partner_id", "in", list(advocate_ids) + list(other_ids))]
        )
        advocates = set(advocate_ids)
        codes.filtered(lambda c: c.state == "stopped" and c.partner_id.id in advocates).write({"state": "works"})
        codes.filtered(lambda c: c.state == "works" and c.partner_id.id not in advocates).write({"state": "stopped"})
        self._create_codes(company, advocates - set(codes.partner_id.ids))

    @api.model
    def _outside_chain(self, partner_ids):
        """The partners of ``partner_ids`` outside the customer chain: never given a code."""
        if not partner_ids:
            return []
        self.env.cr.execute(
            SQL(
                "SELECT id FROM (%s) o WHERE id = ANY(%s::int4[])",
                self.env["res.partner"]._lifecycle_outside_chain_sql(),
                id_array(partner_ids),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _create_codes(self, company, partner_ids):
        """A new working code for each of ``partner_ids`` in ``company`` (but those outside
        the chain): one INSERT per attempt; the rare partner whose drawn code another one
        holds draws again."""
        missing = set(partner_ids) - set(self._outside_chain(partner_ids))
        for _attempt in range(CODE_ATTEMPTS):
            if not missing:
                break
            ids = sorted(missing)
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    """
                INSERT INTO customer_referral_code
                       (partner_id, company_id, code, state, create_uid, write_uid, create_date, write_date)
                SELECT p, %(company)s, c, 'works', %(uid)s, %(uid)s,
                       NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
                  FROM unnest(%(partners)s::int4[], %(codes)s::varchar[]) AS v(p, c)
            ON CONFLICT DO NOTHING
             RETURNING partner_id
                """,
                    company=company.id,
                    uid=self.env.uid,
                    partners=id_array(ids),
                    codes=[new_code() for _id in ids],
                )
            )
            missing -= {row[0] for row in self.env.cr.fetchall()}
            # a partner who got a code meanwhile (another transaction) has one: not missing
            if missing:
                missing -= set(
                    self.sudo()
                    .search([("company_id", "=", company.id), ("partner_id", "in", list(missing))])
                    .partner_id.ids
                )
        self.invalidate_model()
