# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from ..tools import customer_chain as chain, jalali
from ..tools.today import day_start

# Who is shown which lifecycle field of a partner (the groups= of the fields): a field is
# shown only to those who may read what it is computed from (readme/CONFIGURATION.md).
INTERNAL = "base.group_user"
LIFECYCLE_USERS = "customer_lifecycle.group_lifecycle_user"
LIFECYCLE_READERS = f"{LIFECYCLE_USERS},account.group_account_invoice,account.group_account_readonly"
UNTOUCHED_DAYS = 90  # "Loyal without Touch-point in 90 Days"


class ResPartner(models.Model):
    _inherit = "res.partner"

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
        string="Loyal without Touch-point in 90 Days",
        compute="_compute_lifecycle_loyal_untouched",
        search="_search_lifecycle_loyal_untouched",
        groups=LIFECYCLE_USERS,
        help="A loyal customer nobody of the company has talked to in the last 90 days of its calendar.",
    )
    lifecycle_currency_id = fields.Many2one("res.currency", compute="_compute_lifecycle_currency_id", groups=INTERNAL)

    lifecycle_touchpoint_ids = fields.One2many(
        "customer.touchpoint", "commercial_partner_id", string="Touch-points", groups=LIFECYCLE_USERS
    )
    lifecycle_touchpoint_count = fields.Integer(
        string="Touch-point Count",
        compute="_compute_lifecycle_touchpoint_stats",
        groups=LIFECYCLE_USERS,
    )
    lifecycle_last_touchpoint_date = fields.Datetime(
        string="Last Touch-point",
        compute="_compute_lifecycle_touchpoint_stats",
        groups=LIFECYCLE_USERS,
    )
    lifecycle_referral_ids = fields.One2many(
        "customer.referral", "referrer_commercial_id", string="Referrals Made", groups=LIFECYCLE_USERS
    )
    lifecycle_referral_count = fields.Integer(
        string="Referrals", compute="_compute_lifecycle_referral_counts", groups=LIFECYCLE_USERS
    )
    lifecycle_referral_converted_count = fields.Integer(
        string="Converted Referrals",
        compute="_compute_lifecycle_referral_counts",
        groups=LIFECYCLE_USERS,
    )
    lifecycle_incentive_grant_ids = fields.One2many(
        "customer.incentive.grant",
        "partner_id",
        string="Incentives Received",
        groups=LIFECYCLE_READERS,
    )
    lifecycle_incentive_grant_count = fields.Integer(
        string="Incentives",
        compute="_compute_lifecycle_incentive_grant_count",
        groups=LIFECYCLE_READERS,
    )
    lifecycle_incentive_cost = fields.Float(
        string="Cost of the Incentives Given",
        compute="_compute_lifecycle_incentive_indicators",
        help="Cost of the incentives given to the partner in the current company, in its currency.",
        groups=LIFECYCLE_READERS,
    )
    lifecycle_attributed_repeat_count = fields.Integer(
        string="Repeats After an Incentive",
        compute="_compute_lifecycle_incentive_indicators",
        help="CEM: repeat purchases made within the attribution window after an incentive.",
        groups=LIFECYCLE_READERS,
    )
    lifecycle_attributed_repeat_amount = fields.Float(
        string="Amount of the Repeats After an Incentive",
        compute="_compute_lifecycle_incentive_indicators",
        groups=LIFECYCLE_READERS,
    )
    lifecycle_attributed_referral_count = fields.Integer(
        string="Referrals After an Incentive",
        compute="_compute_lifecycle_incentive_indicators",
        help="CAM: referrals made within the attribution window after an incentive.",
        groups=LIFECYCLE_READERS,
    )
    lifecycle_history_ids = fields.One2many("customer.lifecycle.history", "partner_id", groups=LIFECYCLE_READERS)
    lifecycle_history_count = fields.Integer(
        string="Stage Changes", compute="_compute_lifecycle_history_count", groups=LIFECYCLE_READERS
    )
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
    lifecycle_plan_id = fields.Many2one(
        "customer.key.account.plan",
        string="Current Plan",
        compute="_compute_lifecycle_plan",
        help="The approved plan of the key account, or its latest draft.",
        groups=LIFECYCLE_USERS,
    )
    lifecycle_plan_state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        string="Plan Status",
        compute="_compute_lifecycle_plan",
        groups=LIFECYCLE_USERS,
    )
    lifecycle_plan_progress = fields.Float(
        string="Plan Progress", compute="_compute_lifecycle_plan", groups=LIFECYCLE_USERS
    )
    lifecycle_show_jalali = fields.Boolean(compute="_compute_lifecycle_jalali", groups=INTERNAL)
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
    lifecycle_health_id = fields.Many2one(
        "customer.lifecycle.health",
        string="Relationship Health",
        compute="_compute_lifecycle_health",
        groups=LIFECYCLE_READERS,
    )
    lifecycle_health_score = fields.Integer(
        string="Health Score",
        compute="_compute_lifecycle_health",
        help="From 0 to 100, recomputed every night: purchases (RFM), sentiment and frequency of the "
        "touch-points, payments and purchase rhythm. Its parts and reasons are on the Lifecycle tab.",
        groups=LIFECYCLE_READERS,
    )
    lifecycle_health_trend = fields.Integer(
        string="Health Trend", compute="_compute_lifecycle_health", groups=LIFECYCLE_READERS
    )
    lifecycle_health_band = fields.Selection(
        [("healthy", "Healthy"), ("watch", "Watch"), ("at_risk", "At Risk")],
        string="Health",
        compute="_compute_lifecycle_health",
        groups=LIFECYCLE_READERS,
    )
    lifecycle_health_reasons = fields.Text(
        string="Health Reasons", compute="_compute_lifecycle_health", groups=LIFECYCLE_READERS
    )
    lifecycle_health_signs = fields.Text(
        string="Warning Signs", compute="_compute_lifecycle_health", groups=LIFECYCLE_READERS
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
            return ["!"] + expression.normalize_domain(domain)
        return domain

    def _lifecycle_untouched_since(self):
        """The moment from which a touch-point counts as recent for "Loyal without Touch-point
        in 90 Days": the start of the day 90 days before the company's today."""
        company = self.env.company
        return day_start(company._lifecycle_today() - timedelta(days=UNTOUCHED_DAYS), company.partner_id.tz)

    @api.depends("lifecycle_stage_id")
    @api.depends_context("company")
    def _compute_lifecycle_loyal_untouched(self):
        since = self._lifecycle_untouched_since()
        touched = self._lifecycle_grouped("touchpoints", ["__count"], [("date", ">=", since)])
        for partner in self:
            partner.lifecycle_loyal_untouched = (
                partner.lifecycle_stage_code == chain.LOYAL and partner.commercial_partner_id.id not in touched
            )

    def _search_lifecycle_loyal_untouched(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on “Loyal without Touch-point in 90 Days”."))
        domain = [
            ("lifecycle_stage_id.code", "=", chain.LOYAL),
            (
                "lifecycle_touchpoint_ids",
                "not any",
                [("company_id", "=", self.env.company.id), ("date", ">=", self._lifecycle_untouched_since())],
            ),
        ]
        if (operator == "=") != value:
            return ["!"] + expression.normalize_domain(domain)
        return domain

    @api.depends_context("company")
    def _compute_lifecycle_currency_id(self):
        self.lifecycle_currency_id = self.env.company.currency_id

    # What each smart button of the partner form counts and opens: one domain for both, so
    # that the count is the number of lines of the list it opens (the current company's).
    _LIFECYCLE_BUTTONS = {
        "touchpoints": ("customer.touchpoint", "commercial_partner_id", ()),
        "referrals": ("customer.referral", "referrer_commercial_id", ()),
        "incentive_grants": ("customer.incentive.grant", "partner_id", (("state", "!=", "cancelled"),)),
        "history": ("customer.lifecycle.history", "partner_id", ()),
    }

    def _lifecycle_button_domain(self, button):
        """The records the smart button ``button`` counts and opens for these partners."""
        _model, partner_field, domain = self._LIFECYCLE_BUTTONS[button]
        return [
            (partner_field, "in", self.commercial_partner_id.ids),
            ("company_id", "=", self.env.company.id),
            *domain,
        ]

    def _lifecycle_grouped(self, button, aggregates, domain=()):
        """{commercial partner id: aggregates} of a smart button's records, one query."""
        model, partner_field, _domain = self._LIFECYCLE_BUTTONS[button]
        groups = self.env[model]._read_group(
            [*self._lifecycle_button_domain(button), *domain], [partner_field], aggregates
        )
        return {partner.id: values for partner, *values in groups}

    @api.depends_context("company")
    def _compute_lifecycle_touchpoint_stats(self):
        stats = self._lifecycle_grouped("touchpoints", ["__count", "date:max"])
        for partner in self:
            count, last = stats.get(partner.id, (0, False))
            partner.lifecycle_touchpoint_count = count
            partner.lifecycle_last_touchpoint_date = last

    @api.depends_context("company")
    def _compute_lifecycle_referral_counts(self):
        made = self._lifecycle_grouped("referrals", ["__count"])
        converted = self._lifecycle_grouped("referrals", ["__count"], [("state", "=", "converted")])
        for partner in self:
            partner.lifecycle_referral_count = made.get(partner.id, [0])[0]
            partner.lifecycle_referral_converted_count = converted.get(partner.id, [0])[0]

    @api.depends_context("company")
    def _compute_lifecycle_incentive_grant_count(self):
        counts = {}
        if self.env["customer.incentive.grant"].has_access("read"):
            counts = self._lifecycle_grouped("incentive_grants", ["__count"])
        for partner in self:
            partner.lifecycle_incentive_grant_count = counts.get(partner.id, [0])[0]

    @api.depends_context("company")
    def _compute_lifecycle_incentive_indicators(self):
        stats = {}
        Report = self.env["customer.lifecycle.indicator.report"]
        if Report.has_access("read"):
            groups = Report._read_group(
                [("partner_id", "in", self.ids), ("company_id", "=", self.env.company.id)],
                ["partner_id"],
                ["cost:sum", "repeat_count:sum", "repeat_amount:sum", "referral_count:sum"],
            )
            stats = {partner.id: values for partner, *values in groups}
        for partner in self:
            cost, repeats, amount, referrals = stats.get(partner.id, (0.0, 0, 0.0, 0))
            partner.lifecycle_incentive_cost = cost
            partner.lifecycle_attributed_repeat_count = repeats
            partner.lifecycle_attributed_repeat_amount = amount
            partner.lifecycle_attributed_referral_count = referrals

    @api.depends_context("company")
    def _compute_lifecycle_history_count(self):
        counts = self._lifecycle_grouped("history", ["__count"])
        for partner in self:
            partner.lifecycle_history_count = counts.get(partner.id, [0])[0]

    @api.depends("lifecycle_customer_date", "lifecycle_loyal_date", "lifecycle_advocate_date")
    @api.depends_context("lang", "company")
    def _compute_lifecycle_jalali(self):
        """Persian users read the became-X dates in the Jalali calendar too."""
        show = jalali.is_persian(self.env.lang)
        for partner in self:
            partner.lifecycle_show_jalali = show
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

    @api.depends_context("company")
    def _compute_lifecycle_plan(self):
        plans = self.env["customer.key.account.plan"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
                ("state", "!=", "cancelled"),
            ],
            order="date_start desc, version desc, id desc",
        )
        current = {}
        for plan in plans:  # an approved plan first, else the latest one
            known = current.get(plan.partner_id.id)
            if not known or (known.state != "approved" and plan.state == "approved"):
                current[plan.partner_id.id] = plan
        for partner in self:
            plan = current.get(partner.commercial_partner_id.id, plans.browse())
            partner.lifecycle_plan_id = plan
            partner.lifecycle_plan_state = plan.state
            partner.lifecycle_plan_progress = plan.progress

    def action_lifecycle_open_plan(self):
        self.ensure_one()
        plan = self.lifecycle_plan_id
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_lifecycle.customer_key_account_plan_action")
        if plan:
            action.update({"res_id": plan.id, "view_mode": "form", "views": [(False, "form")]})
        else:
            action["context"] = {
                "default_partner_id": self.commercial_partner_id.id,
                "default_manager_id": (self.lifecycle_key_account_manager_id or self.env.user).id,
                "default_name": self.env._("%(partner)s: development plan", partner=self.commercial_partner_id.name),
            }
            action.update({"view_mode": "form", "views": [(False, "form")]})
        return action

    @api.depends_context("company")
    def _compute_lifecycle_health(self):
        records = self.env["customer.lifecycle.health"].search(
            [("partner_id", "in", self.commercial_partner_id.ids), ("company_id", "=", self.env.company.id)]
        )
        by_partner = {record.partner_id.id: record for record in records}
        for partner in self:
            record = by_partner.get(partner.commercial_partner_id.id, records.browse())
            partner.lifecycle_health_id = record
            partner.lifecycle_health_score = record.score
            partner.lifecycle_health_trend = record.trend
            partner.lifecycle_health_band = record.band
            partner.lifecycle_health_reasons = record.reasons
            partner.lifecycle_health_signs = record.warning_signs

    def write(self, vals):
        res = super().write(vals)
        if "tz" in vals and self.env["res.company"].sudo().with_context(active_test=False).search_count(
            [("partner_id", "in", self.ids)], limit=1
        ):
            # purchase days are days of the company's calendar: the engine's cached
            # settings of the companies hold their partner's time zone
            self.env.registry.clear_cache()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_lifecycle_recompute(self):
        """Recompute the lifecycle of these partners in the allowed companies.

        Public (callable over XML-RPC); reserved to Lifecycle Managers.
        """
        engine = self.env["customer.lifecycle.engine"]
        engine._check_manager()
        engine.sudo()._recompute_partners(self, self.env.companies)
        return True

    def action_lifecycle_unpin(self):
        self.env["customer.lifecycle.engine"]._check_manager()
        pinned = self.commercial_partner_id.filtered("lifecycle_pin_stage_id")
        if not pinned:
            raise UserError(self.env._("No stage is pinned on these partners."))
        pinned.sudo().write({"lifecycle_pin_stage_id": False, "lifecycle_pin_reason": False})
        self.env["customer.lifecycle.engine"].sudo()._recompute_partners(
            pinned,
            self.env.company,
            reason=self.env._("Stage pin removed by %(user)s.", user=self.env.user.name),
        )
        return True

    def _lifecycle_button_action(self, button, xmlid, context):
        """The list a smart button opens: the records it counts."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = self._lifecycle_button_domain(button)
        action["context"] = context
        return action

    def action_view_lifecycle_touchpoints(self):
        return self._lifecycle_button_action(
            "touchpoints", "customer_lifecycle.customer_touchpoint_action", {"default_partner_id": self.id}
        )

    def action_view_lifecycle_referrals(self):
        return self._lifecycle_button_action(
            "referrals", "customer_lifecycle.customer_referral_action", {"default_referrer_id": self.id}
        )

    def action_view_lifecycle_incentive_grants(self):
        return self._lifecycle_button_action(
            "incentive_grants",
            "customer_lifecycle.customer_incentive_grant_action",
            {"default_partner_id": self.commercial_partner_id[:1].id},
        )

    # ------------------------------------------------------------------
    # Referral requests: for advocates only
    # ------------------------------------------------------------------

    def _lifecycle_check_advocates(self):
        """Refuse when some of these partners are not advocates in the current company."""
        company = self.env.company
        others = self.filtered(
            lambda partner: (
                partner.commercial_partner_id.sudo().with_company(company).lifecycle_stage_id.code != chain.ADVOCATE
            )
        )
        if others:
            raise UserError(
                self.env._(
                    "Referral requests are for advocates only: never ask a loyal customer to market. "
                    "These partners are not advocates in %(company)s: %(partners)s.",
                    company=company.name,
                    partners=", ".join(others.mapped("display_name")),
                )
            )

    def action_lifecycle_ask_referrals(self):
        """Send the "Referral request" mail to these partners, all of them advocates."""
        if not self.env.user.has_group("customer_lifecycle.group_lifecycle_user"):
            raise AccessError(self.env._("Only lifecycle users send referral requests."))
        if not self:
            raise UserError(self.env._("Select the advocates to ask for referrals."))
        self._lifecycle_check_advocates()
        template = self.env.ref("customer_lifecycle.mail_template_referral_request")
        # the guard above is the permission: salespeople may not edit partners, yet they send
        # this request to advocates (the message is still authored by them)
        for partner in self.sudo():
            partner.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=partner.ids,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The referral request was sent to %(count)s advocate(s).", count=len(self)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_view_lifecycle_history(self):
        return self._lifecycle_button_action("history", "customer_lifecycle.customer_lifecycle_history_action", {})
