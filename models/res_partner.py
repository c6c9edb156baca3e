# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import odoo_compat
from ..odoo_compat import domain_not
from ..tools import customer_chain as chain, jalali
from ..tools.today import day_start

# Who is shown which lifecycle field of a partner (the groups= of the fields): a field is
# shown only to those who may read what it is computed from (readme/CONFIGURE.md).
INTERNAL = "base.group_user"
LIFECYCLE_USERS = "customer_lifecycle.group_lifecycle_user"
LIFECYCLE_READERS = f"{LIFECYCLE_USERS},account.group_account_invoice,account.group_account_readonly"
UNTOUCHED_DAYS = 90  # "Loyal or Advocate without Touch-point in 90 Days"
UNTOUCHED_CODES = (chain.LOYAL, chain.ADVOCATE)


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "customer.lifecycle.protected"]

    # Stored per company (company-dependent jsonb columns), written in bulk by
    # customer.lifecycle.engine on the commercial partner. Odoo gives such columns an
    # "IS NOT NULL" index by default: the stage and the pin keep it (the stage filters
    # use it); the dates and metrics change at every purchase and no search needs their
    # index, so they go without (index=False), and PostgreSQL can update those rows in
    # place (HOT) instead of touching every index of res_partner.
    lifecycle_stage_id = fields.Many2one(
        "customer.lifecycle.stage",
        company_dependent=True,
        readonly=True,
        copy=False,
        tracking=True,
        group_expand="_read_group_lifecycle_stage_ids",
        help="Stage of the customer chain in the current company, computed from the "
        "qualifying purchases and the converted referrals (or pinned by a manager).",
        groups=INTERNAL,
    )
    lifecycle_stage_code = fields.Selection(related="lifecycle_stage_id.code", string="Stage Code", groups=INTERNAL)
    lifecycle_tool = fields.Selection(related="lifecycle_stage_id.tool", string="Tool", groups=INTERNAL)
    lifecycle_stage_date = fields.Date(
        string="In Stage Since",
        company_dependent=True,
        index=False,
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    lifecycle_customer_date = fields.Date(
        string="Became Customer On",
        company_dependent=True,
        index=False,
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    lifecycle_loyal_date = fields.Date(
        string="Became Loyal On",
        company_dependent=True,
        index=False,
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    lifecycle_advocate_date = fields.Date(
        string="Became Advocate On",
        company_dependent=True,
        index=False,
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    lifecycle_lapsed_date = fields.Date(
        string="Lapsed On",
        company_dependent=True,
        index=False,
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    lifecycle_first_purchase_date = fields.Date(
        string="First Purchase",
        company_dependent=True,
        index=False,
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    lifecycle_last_purchase_date = fields.Date(
        string="Last Purchase",
        company_dependent=True,
        index=False,
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    lifecycle_purchase_count = fields.Integer(
        string="Purchases",
        company_dependent=True,
        index=False,
        readonly=True,
        copy=False,
        help="Qualifying purchases, counted by distinct day.",
        groups=INTERNAL,
    )
    lifecycle_purchase_amount = fields.Float(
        string="Total Purchased",
        company_dependent=True,
        index=False,
        readonly=True,
        copy=False,
        help="Untaxed amount of the qualifying purchases, in the company currency.",
        groups=INTERNAL,
    )
    lifecycle_purchase_interval = fields.Float(
        string="Average Days Between Purchases",
        company_dependent=True,
        index=False,
        readonly=True,
        copy=False,
        digits=(16, 1),
        groups=INTERNAL,
    )
    # What lets the daily job leave a partner alone: the day the rules could next move
    # them with no new data, and a fingerprint of the data they were computed from.
    lifecycle_next_move_date = fields.Date(
        string="Next Possible Move",
        company_dependent=True,
        index=False,
        readonly=True,
        copy=False,
        help="The first day on which the lifecycle rules could move the partner with no new "
        "purchase or referral: a stage matures, or the partner lapses. The daily job looks "
        "again at partners whose day has come and at those whose purchases or referrals changed.",
        groups=INTERNAL,
    )
    lifecycle_inputs_key = fields.Char(
        string="Lifecycle Data Fingerprint",
        company_dependent=True,
        index=False,
        readonly=True,
        copy=False,
        help="A fingerprint of the purchase days and total, the converted referrals and the "
        "chain's thresholds the stage was last computed from.",
        groups=INTERNAL,
    )
    lifecycle_pin_stage_id = fields.Many2one(
        "customer.lifecycle.stage",
        string="Pinned Stage",
        company_dependent=True,
        readonly=True,
        copy=False,
        help="A stage set by a manager. The lifecycle rules do not move the partner while the pin holds.",
        groups=INTERNAL,
    )
    lifecycle_pin_reason = fields.Char(
        string="Pin Reason", company_dependent=True, readonly=True, copy=False, groups=INTERNAL
    )

    lifecycle_days_in_stage = fields.Integer(
        string="Days in Stage", compute="_compute_lifecycle_days_in_stage", groups=INTERNAL
    )
    lifecycle_lapse_date = fields.Date(
        string="Lapses On",
        compute="_compute_lifecycle_lapse_date",
        help="The day the partner lapses if they do not buy again.",
        groups=INTERNAL,
    )
    lifecycle_lapsing_soon = fields.Boolean(
        string="Lapsing Soon",
        compute="_compute_lifecycle_lapse_date",
        search="_search_lifecycle_lapsing_soon",
        groups=INTERNAL,
    )
    lifecycle_loyal_untouched = fields.Boolean(
        string="Loyal or Advocate without Touch-point in 90 Days",
        compute="_compute_lifecycle_loyal_untouched",
        search="_search_lifecycle_loyal_untouched",
        groups=LIFECYCLE_USERS,
        help="A loyal customer or an advocate nobody of the company has talked to in the last 90 days of its calendar.",
    )
    lifecycle_currency_id = fields.Many2one("res.currency", compute="_compute_lifecycle_currency_id", groups=INTERNAL)

    lifecycle_key_account = fields.Boolean(
        string="Key Account",
        company_dependent=True,
        tracking=True,
        help="A key account of the current company: it gets a written development plan.",
        groups=INTERNAL,
    )
    lifecycle_key_account_manager_id = fields.Many2one(
        "res.users",
        string="Key-Account Manager",
        company_dependent=True,
        tracking=True,
        groups=INTERNAL,
    )
    lifecycle_customer_date_jalali = fields.Char(
        string="Became Customer On (Jalali)",
        compute="_compute_lifecycle_jalali",
        groups=INTERNAL,
    )
    lifecycle_loyal_date_jalali = fields.Char(
        string="Became Loyal On (Jalali)", compute="_compute_lifecycle_jalali", groups=INTERNAL
    )
    lifecycle_advocate_date_jalali = fields.Char(
        string="Became Advocate On (Jalali)",
        compute="_compute_lifecycle_jalali",
        groups=INTERNAL,
    )
    lifecycle_last_touchpoint_date_jalali = fields.Char(
        string="Last Touch-point (Jalali)",
        compute="_compute_lifecycle_last_touchpoint_date_jalali",
        groups=LIFECYCLE_USERS,
    )

    @api.model
    def _read_group_lifecycle_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    @api.depends("lifecycle_stage_date")
    @api.depends_context("company")
    def _compute_lifecycle_days_in_stage(self):
        today = self.env.company._lifecycle_today()
        for partner in self:
            stage_date = partner.lifecycle_stage_date
            partner.lifecycle_days_in_stage = (today - stage_date).days if stage_date else 0

    @api.depends("lifecycle_last_purchase_date", "lifecycle_stage_id")
    @api.depends_context("company")
    def _compute_lifecycle_lapse_date(self):
        company = self.env.company
        today = company._lifecycle_today()
        for partner in self:
            last = partner.lifecycle_last_purchase_date
            active = partner.lifecycle_stage_code in chain.ACTIVE_CODES and last
            lapse_date = active and last + timedelta(days=company.lifecycle_lapse_days)
            partner.lifecycle_lapse_date = lapse_date
            partner.lifecycle_lapsing_soon = bool(lapse_date) and (
                (lapse_date - today).days <= company.lifecycle_lapse_warning_days
            )

    def _search_lifecycle_lapsing_soon(self, operator, value):
        operator, value = odoo_compat.boolean_search(operator, value)  # 19.0: ("in", [True])
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on “Lapsing Soon”."))
        company = self.env.company
        cutoff = company._lifecycle_today() - timedelta(
            days=company.lifecycle_lapse_days - company.lifecycle_lapse_warning_days
        )
        domain = [
            ("lifecycle_stage_id.code", "in", chain.ACTIVE_CODES),
            ("lifecycle_last_purchase_date", "<=", cutoff),
        ]
        if (operator == "=") != value:
            return domain_not(domain)
        return domain

    def _lifecycle_untouched_since(self):
        """The moment from which a touch-point counts as recent for "Loyal or Advocate without
        Touch-point in 90 Days": the start of the day 90 days before the company's today."""
        company = self.env.company
        return day_start(company._lifecycle_today() - timedelta(days=UNTOUCHED_DAYS), company.partner_id.tz)

    @api.depends("lifecycle_stage_id")
    @api.depends_context("company")
    def _compute_lifecycle_loyal_untouched(self):
        since = self._lifecycle_untouched_since()
        touched = self._lifecycle_grouped("touchpoints", ["__count"], [("date", ">=", since)])
        for partner in self:
            partner.lifecycle_loyal_untouched = (
                partner.lifecycle_stage_code in UNTOUCHED_CODES and partner.commercial_partner_id.id not in touched
            )

    def _search_lifecycle_loyal_untouched(self, operator, value):
        operator, value = odoo_compat.boolean_search(operator, value)  # 19.0: ("in", [True])
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on “Loyal or Advocate without Touch-point in 90 Days”."))
        domain = [
            ("lifecycle_stage_id.code", "in", UNTOUCHED_CODES),
            (
                "lifecycle_touchpoint_ids",
                "not any",
                [("company_id", "=", self.env.company.id), ("date", ">=", self._lifecycle_untouched_since())],
            ),
        ]
        if (operator == "=") != value:
            return domain_not(domain)
        return domain

    @api.depends_context("company")
    def _compute_lifecycle_currency_id(self):
        self.lifecycle_currency_id = self.env.company.currency_id

    @api.depends("lifecycle_customer_date", "lifecycle_loyal_date", "lifecycle_advocate_date")
    @api.depends_context("lang", "company")
    def _compute_lifecycle_jalali(self):
        """The became-X dates written in Persian, "۰۱ فروردین ۱۴۰۵", for Persian users'
        exports (the web client shows the dates themselves in the user's calendar)."""
        show = jalali.is_persian(self.env.lang)
        for partner in self:
            for name in ("lifecycle_customer_date", "lifecycle_loyal_date", "lifecycle_advocate_date"):
                partner[f"{name}_jalali"] = jalali.jalali_date(partner[name]) if show else False

    @api.depends("lifecycle_last_touchpoint_date")
    @api.depends_context("lang", "tz")
    def _compute_lifecycle_last_touchpoint_date_jalali(self):
        """The day of the last touch-point for the user, in the Jalali calendar: apart from
        the became-X dates, as only lifecycle users may read the touch-points."""
        show = jalali.is_persian(self.env.lang)
        for partner in self:
            moment = show and partner.lifecycle_last_touchpoint_date
            partner.lifecycle_last_touchpoint_date_jalali = (
                jalali.jalali_date(fields.Datetime.context_timestamp(partner, moment)) if moment else False
            )

    def _lifecycle_protected_hint(self):
        return self.env._(
            "A partner's stage and purchase figures come from its sales: a Lifecycle Manager uses "
            "Pin Stage, Mark as Lost or Remove Pin, and Recompute brings them up to date."
        )

    def write(self, vals):
        res = super().write(vals)
        if "tz" in vals and self.env["res.company"].sudo().with_context(active_test=False).search_count(
            [("partner_id", "in", self.ids)], limit=1
        ):
            # purchase days are days of the company's calendar: the engine's cached
            # settings of the companies hold their partner's time zone
            self.env.registry.clear_cache()
        return res
