# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The partner's side of the other lifecycle records: the touch-points, referrals,
incentives, stage history, development plan and relationship health that its form counts
and shows (smart buttons, the Lifecycle tab), and the form's lifecycle actions.

Apart from ``res_partner.py``, which holds the stage of the customer chain the engine
stores per company and what is computed from it: the two halves change for different
reasons and each reads in one sitting.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .customer_lifecycle_health_score import HISTORY_DAYS
from .res_partner import LIFECYCLE_READERS, LIFECYCLE_USERS


class ResPartner(models.Model):
    _inherit = "res.partner"

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
    lifecycle_health_id = fields.Many2one(
        "customer.lifecycle.health",
        string="Relationship Health",
        compute="_compute_lifecycle_health",
        groups=LIFECYCLE_READERS,
    )
    lifecycle_health_score = fields.Integer(
        string="Health Score",
        compute="_compute_lifecycle_health",
        help="From 0 to 100, recomputed every night and when a touch-point is logged: purchases (RFM), "
        "sentiment and frequency of the "
        "touch-points, payments and purchase rhythm. Its parts and reasons are on the Lifecycle tab.",
        groups=LIFECYCLE_READERS,
    )
    lifecycle_health_computed_at = fields.Datetime(
        string="Health Scored At",
        compute="_compute_lifecycle_health",
        help="When the score was computed: every night, and at once when a touch-point is logged.",
        groups=LIFECYCLE_READERS,
    )
    lifecycle_health_trend = fields.Integer(
        string="Health Trend",
        compute="_compute_lifecycle_health",
        help="Today's score minus the score of a week before.",
        groups=LIFECYCLE_READERS,
    )
    lifecycle_health_has_trend = fields.Boolean(
        string="Health Trend Known", compute="_compute_lifecycle_health", groups=LIFECYCLE_READERS
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
            partner.lifecycle_health_computed_at = record.computed_at
            partner.lifecycle_health_trend = record.trend
            partner.lifecycle_health_has_trend = record.has_trend
            partner.lifecycle_health_band = record.band
            partner.lifecycle_health_reasons = record.reasons
            partner.lifecycle_health_signs = record.warning_signs

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_lifecycle_health_history(self):
        """The customer's health scores of the last 90 days in the current company, as a line chart."""
        self.ensure_one()
        today = self.env.company._lifecycle_today()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_lifecycle.customer_lifecycle_health_score_action"
        )
        partner = self.commercial_partner_id
        action["domain"] = [
            ("partner_id", "=", partner.id),
            ("company_id", "=", self.env.company.id),
            ("date", ">=", today - timedelta(days=HISTORY_DAYS)),
        ]
        action["display_name"] = self.env._("Health of %(partner)s", partner=partner.display_name)
        return action

    def action_lifecycle_recompute(self):
        """Recompute the lifecycle of these partners in the allowed companies.

        Public (callable over XML-RPC); reserved to Lifecycle Managers.
        """
        self.env["res.users"]._check_lifecycle_manager()
        self.env["customer.lifecycle.engine"].sudo()._recompute_partners(self, self.env.companies)
        return True

    def action_lifecycle_unpin(self):
        self.env["res.users"]._check_lifecycle_manager(
            self.env._("Only a Lifecycle Manager can unpin a partner's stage.")
        )
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

    def action_view_lifecycle_history(self):
        return self._lifecycle_button_action("history", "customer_lifecycle.customer_lifecycle_history_action", {})
