# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The lifecycle card on top of the partner form: the questions article 004 says a good
record answers at a glance (the last order, who talked to them last, their phone, which
plan they are on, how long they have been a customer, how the relationship is doing).

Every fact is computed set-based, one query per kind of fact for the whole recordset,
so that reading the form costs the same whatever the length of the partner's history;
each field carries the groups of what it is read from."""

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import touchpoint_request as requests
from ..tools.lifecycle_card import weakest_factor
from .res_partner import INTERNAL, LIFECYCLE_READERS, LIFECYCLE_USERS

SALESMEN = "sales_team.group_sale_salesman"
INVOICE_READERS = "account.group_account_invoice,account.group_account_readonly"


class ResPartner(models.Model):
    _inherit = "res.partner"

    lifecycle_card_last_order_amount = fields.Monetary(
        string="Last Order Amount",
        currency_field="lifecycle_currency_id",
        compute="_compute_lifecycle_card_last_order",
        help="Untaxed amount of the last qualifying purchase, in the company currency.",
        groups=INTERNAL,
    )
    lifecycle_card_last_order_id = fields.Many2one(
        "sale.order",
        string="Last Order",
        compute="_compute_lifecycle_card_last_order",
        groups=SALESMEN,
    )
    lifecycle_card_last_invoice_id = fields.Many2one(
        "account.move",
        string="Last Invoice",
        compute="_compute_lifecycle_card_last_order",
        groups=INVOICE_READERS,
    )
    lifecycle_card_loyalty = fields.Text(
        string="Loyalty Cards",
        compute="_compute_lifecycle_card_loyalty",
        help="The loyalty cards of the customer in the current company: their program and points.",
        groups=SALESMEN,
    )
    lifecycle_card_open_request_count = fields.Integer(
        string="Open Requests",
        compute="_compute_lifecycle_card_open_request_count",
        help="Requests and complaints of the customer in the current company still waiting for an answer.",
        groups=LIFECYCLE_USERS,
    )
    lifecycle_card_health_weakest = fields.Char(
        string="Pulled Down By",
        compute="_compute_lifecycle_card_health_weakest",
        help="The factor of the health score that loses the most points.",
        groups=LIFECYCLE_READERS,
    )

    @api.depends_context("company")
    def _compute_lifecycle_card_last_order(self):
        """The last qualifying purchase of each commercial partner in the current company,
        as the company counts its purchases: one query for all the partners."""
        last = {}
        partner_ids = self.commercial_partner_id.ids
        if partner_ids:
            company = self.env.company
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    """SELECT DISTINCT ON (partner_id) partner_id, order_id, move_id, amount
                         FROM (%s) documents
                        WHERE qualifies
                     ORDER BY partner_id, day DESC, order_id DESC NULLS LAST, move_id DESC NULLS LAST,
                              pos_order_id DESC NULLS LAST""",
                    self.env["customer.lifecycle.purchase"]._document_rows_sql(company, partner_ids),
                )
            )
            last = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        currency = self.env.company.currency_id
        for partner in self:
            order_id, move_id, amount = last.get(partner.commercial_partner_id.id, (False, False, 0.0))
            partner.lifecycle_card_last_order_id = order_id
            partner.lifecycle_card_last_invoice_id = move_id
            partner.lifecycle_card_last_order_amount = currency.round(amount or 0.0)

    @api.depends_context("company")
    def _compute_lifecycle_card_loyalty(self):
        """ "Gold Club: 120 Points" per loyalty card of the commercial partner (or of one of
        its contacts) in the current company, among the cards the user may read."""
        Card = self.env["loyalty.card"]
        lines = {}
        if self.commercial_partner_id.ids and Card.has_access("read"):
            cards = Card.search(
                [
                    ("partner_id.commercial_partner_id", "in", self.commercial_partner_id.ids),
                    ("company_id", "in", [False, self.env.company.id]),
                    ("program_id.active", "=", True),
                ],
                order="program_id, id",
            )
            for card in cards:
                line = self.env._("%(program)s: %(points)s", program=card.program_id.name, points=card.points_display)
                lines.setdefault(card.partner_id.commercial_partner_id.id, []).append(line)
        for partner in self:
            partner.lifecycle_card_loyalty = "\n".join(lines.get(partner.commercial_partner_id.id, [])) or False

    @api.depends_context("company")
    def _compute_lifecycle_card_open_request_count(self):
        counts = self._lifecycle_grouped(
            "touchpoints", ["__count"], [("kind", "in", requests.ANSWERED_KINDS), ("state", "=", requests.OPEN)]
        )
        for partner in self:
            partner.lifecycle_card_open_request_count = counts.get(partner.commercial_partner_id.id, [0])[0]

    @api.depends_context("company")
    def _compute_lifecycle_card_health_weakest(self):
        """The factor that pulls the health score down: every ``<factor>_part`` of the
        health record that has a weight ``lifecycle_health_weight_<factor>`` in the company."""
        Health = self.env["customer.lifecycle.health"]
        company = self.env.company
        factors = {
            name[: -len("_part")]: field
            for name, field in Health._fields.items()
            if name.endswith("_part") and f"lifecycle_health_weight_{name[: -len('_part')]}" in company._fields
        }
        weights = {factor: company[f"lifecycle_health_weight_{factor}"] for factor in factors}
        text = self.env["customer.lifecycle.reader.text"]  # one digit system per line
        for partner in self:
            record = partner.lifecycle_health_id
            factor = record and weakest_factor({name: record._part_or_none(name) for name in factors}, weights)
            partner.lifecycle_card_health_weakest = factor and text._digits(
                self.env._(
                    "%(factor)s: %(part)s/100",
                    factor=factors[factor]._description_string(self.env),
                    part=round(record[f"{factor}_part"]),
                )
            )
