# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Who is in the customer chain: the one definition of the partners outside it, and of
the partners at each stage of a company, that the engine, the views, the reports, the
health scoring and the referral codes share.

The chain holds customers, not the company: each company's own partner and its contacts
(``child_of`` the company's partner) and the partners of internal users (active or not)
are outside it. They have no stage (their entry is an explicit empty value for every
company, so that the stages' default, Prospect, does not apply to them), no health score
and no referral code.
"""

from odoo import api, fields, models
from odoo.tools import SQL

from .. import odoo_compat
from ..odoo_compat import FALSE_DOMAIN
from .res_partner import INTERNAL, LIFECYCLE_READERS

# The engine's columns emptied when a partner leaves the chain (the stage is set apart: it
# gets an explicit empty value per company, not a missing one that the default would fill).
LEFT_CHAIN_COLUMNS = (
    "lifecycle_stage_date",
    "lifecycle_customer_date",
    "lifecycle_loyal_date",
    "lifecycle_advocate_date",
    "lifecycle_lapsed_date",
    "lifecycle_first_purchase_date",
    "lifecycle_last_purchase_date",
    "lifecycle_purchase_count",
    "lifecycle_purchase_amount",
    "lifecycle_purchase_interval",
    "lifecycle_next_move_date",
    "lifecycle_inputs_key",
    "lifecycle_pin_stage_id",
    "lifecycle_pin_reason",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    lifecycle_in_chain = fields.Boolean(
        string="In the Customer Chain",
        compute="_compute_lifecycle_in_chain",
        search="_search_lifecycle_in_chain",
        help="A customer, or someone who may become one. The company's own partners (each company's "
        "partner and its contacts) and the partners of its users are outside the chain: no stage, no "
        "health score, no referral code.",
        groups=INTERNAL,
    )
    lifecycle_health_band = fields.Selection(
        selection_add=[("not_scored", "Not Scored")],
        groups=LIFECYCLE_READERS,
    )

    # ------------------------------------------------------------------
    # The one definition
    # ------------------------------------------------------------------

    @api.model
    def _lifecycle_outside_chain_sql(self):
        """The ids of the partners outside the customer chain (one column): each
        company's partner and its contacts at any depth, and the partners of internal
        users, active or not. Index lookups only (the company partners' children by
        ``parent_id``), cheap enough for every batch of the engine."""
        self.env["res.users"].flush_model(["share", "partner_id"])
        self.env["res.company"].flush_model(["partner_id"])
        self.flush_model(["parent_id"])
        return SQL(
            """
            WITH RECURSIVE own_partners(id) AS (
                SELECT partner_id FROM res_company WHERE partner_id IS NOT NULL
                 UNION
                SELECT child.id FROM res_partner child JOIN own_partners o ON child.parent_id = o.id
            )
            SELECT id FROM own_partners
             UNION
            SELECT partner_id FROM res_users WHERE share IS NOT TRUE AND partner_id IS NOT NULL
            """
        )

    @api.model
    def _lifecycle_chain_sql(self):
        """(company_id, partner_id, stage_id): every partner of every company's chain at
        its stage there, the one count of partners at a stage that the kanban, the funnel
        and the goals share. As the kanban of a company shows them: active commercial
        partners the company may see (its own, its parents', or no company's), outside
        the chain excluded, and the stage stored for the company or else the stages'
        default (Prospect), as the ORM reads it. The Customers action's domain is its
        twin for the ORM: commercial partners ``lifecycle_in_chain``."""
        self.flush_model()
        self.env["ir.default"].flush_model()
        return SQL(
            """
            SELECT c.id AS company_id, p.id AS partner_id,
                   (COALESCE(p.lifecycle_stage_id -> c.id::text, c.fallback) ->> 0)::int4 AS stage_id
              FROM (SELECT rc.id, rc.parent_path,
                           (SELECT d.json_value::jsonb
                              FROM ir_default d
                              JOIN ir_model_fields f ON f.id = d.field_id
                             WHERE f.model = 'res.partner' AND f.name = 'lifecycle_stage_id'
                               AND d.user_id IS NULL AND d.condition IS NULL
                               AND (d.company_id IS NULL OR d.company_id = rc.id)
                          ORDER BY d.company_id NULLS LAST
                             LIMIT 1) AS fallback
                      FROM res_company rc) c
              JOIN res_partner p
                ON p.company_id IS NULL OR p.company_id::text = ANY(string_to_array(c.parent_path, '/'))
             WHERE p.active AND (p.is_company OR p.parent_id IS NULL)
               AND p.id NOT IN (%s)
            """,
            self._lifecycle_outside_chain_sql(),
        )

    def _compute_lifecycle_in_chain(self):
        outside = set()
        if self.ids:
            self.env.cr.execute(
                SQL("SELECT id FROM (%s) o WHERE id = ANY(%s)", self._lifecycle_outside_chain_sql(), self.ids)
            )
            outside = {row[0] for row in self.env.cr.fetchall()}
        for partner in self:
            partner.lifecycle_in_chain = partner.id not in outside

    def _search_lifecycle_in_chain(self, operator, value):
        operator, value = odoo_compat.boolean_search(operator, value)  # 19.0: ("in", [True])
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return FALSE_DOMAIN
        inside = (operator == "=") == value
        return [("id", "not in" if inside else "in", SQL("(%s)", self._lifecycle_outside_chain_sql()))]

    # ------------------------------------------------------------------
    # Leaving the chain
    # ------------------------------------------------------------------

    @api.model
    def _lifecycle_leave_chain(self, partner_ids=None):
        """Take the partners outside the chain (those of ``partner_ids`` only, when given)
        out of it: an empty stage for every company (the stages' default no longer
        applies to them), no dates, figures or pin, and no health score or referral code.
        Set-based: a few statements, whatever the number of partners; the rows already
        out are not rewritten."""
        if partner_ids is not None and not partner_ids:
            return
        self.env.flush_all()
        outside = self._lifecycle_outside_chain_sql()
        if partner_ids is not None:
            outside = SQL("SELECT id FROM (%s) o WHERE id = ANY(%s)", outside, list(partner_ids))
        self.env.cr.execute(outside)
        ids = [row[0] for row in self.env.cr.fetchall()]
        if not ids:
            return
        empty_stage = SQL("(SELECT jsonb_object_agg(id::text, 'null'::jsonb) FROM res_company)")
        columns = [SQL.identifier(name) for name in LEFT_CHAIN_COLUMNS]
        self.env.cr.execute(
            SQL(
                """
            UPDATE res_partner SET lifecycle_stage_id = %(empty)s, %(clear)s
             WHERE id = ANY(%(ids)s) AND (lifecycle_stage_id IS DISTINCT FROM %(empty)s OR %(filled)s)
            """,
                empty=empty_stage,
                clear=SQL(", ").join(SQL("%s = NULL", column) for column in columns),
                ids=ids,
                filled=SQL(" OR ").join(SQL("%s IS NOT NULL", column) for column in columns),
            )
        )
        self.invalidate_model(["lifecycle_stage_id", *LEFT_CHAIN_COLUMNS])
        self.env["customer.lifecycle.health"].sudo().search([("partner_id", "in", ids)]).unlink()
        self.env["customer.referral.code"].sudo().search([("partner_id", "in", ids)]).unlink()

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        # a new contact of a company's own partner is outside the chain from the start
        contacts = partners.filtered("parent_id")
        if contacts:
            self._lifecycle_leave_chain(contacts.ids)
        return partners

    def write(self, vals):
        res = super().write(vals)
        if vals.get("parent_id"):
            self._lifecycle_leave_chain(self.ids)
        return res

    def _compute_lifecycle_health(self):
        """A partner of the chain without a health score reads "Not Scored", not 0 %."""
        res = super()._compute_lifecycle_health()
        unscored = self.filtered(lambda partner: not partner.lifecycle_health_id)
        in_chain = unscored.commercial_partner_id.filtered("lifecycle_in_chain")
        for partner in unscored:
            if partner.commercial_partner_id in in_chain:
                partner.lifecycle_health_band = "not_scored"
        return res
