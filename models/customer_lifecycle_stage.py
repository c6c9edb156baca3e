# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from ..tools import customer_chain as chain

STAGE_CODE_SELECTION = [
    (chain.PROSPECT, "Prospect"),
    (chain.CUSTOMER, "Customer"),
    (chain.LOYAL, "Loyal"),
    (chain.ADVOCATE, "Advocate"),
    (chain.LAPSED, "Lapsed"),
    (chain.LOST, "Lost"),
]

# The thresholds each built-in stage must hold strictly above zero: the engine
# reads exactly these, and a zero would make the stage meaningless.
REQUIRED_THRESHOLDS = {
    chain.CUSTOMER: ("min_purchases",),
    chain.LOYAL: ("min_purchases", "maturity_days"),
    chain.ADVOCATE: ("maturity_days", "min_referrals"),
}


class CustomerLifecycleStage(models.Model):
    _name = "customer.lifecycle.stage"
    _inherit = ["customer.lifecycle.cached"]
    _description = "Customer Lifecycle Stage"
    _order = "sequence, name, id"
    # what the cached readings of this model read (_staged_program_ids, _builtin_stage_values)
    _lifecycle_cached_fields = ("code", "min_purchases", "maturity_days", "min_referrals")

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        STAGE_CODE_SELECTION,
        readonly=True,
        copy=False,
        help="Technical code of a built-in stage of the customer chain. "
        "The lifecycle rules move partners between the built-in stages only.",
    )
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Folded stages are collapsed in the kanban and hidden from the status "
        "bar unless the partner is at that stage.",
    )
    tool = fields.Selection(
        [
            ("crm", "CRM: create the relationship"),
            ("cem", "CEM: continue the relationship"),
            ("cam", "CAM: develop the relationship"),
        ],
        help="The management tool the customer chain names for this stage.",
    )
    description = fields.Text(
        translate=True,
        help="Who is at this stage and what the business owes them.",
    )
    min_purchases = fields.Integer(
        string="Minimum Purchases",
        help="Qualifying purchases (distinct days) needed to reach this stage.",
    )
    maturity_days = fields.Integer(
        string="Maturity (days)",
        help="Days the partner must have spent in the previous stage before this "
        "stage can start: do not rush the move.",
    )
    min_referrals = fields.Integer(
        string="Minimum Converted Referrals",
        help="Referred partners who became customers, needed to reach this stage.",
    )
    is_builtin = fields.Boolean(compute="_compute_is_builtin", string="Built-in")

    @api.depends("code")
    def _compute_is_builtin(self):
        for stage in self:
            stage.is_builtin = bool(stage.code)

    @api.constrains("name")
    def _check_name(self):
        for stage in self:
            if not (stage.name or "").strip():
                raise ValidationError(self.env._("A lifecycle stage needs a name."))

    @api.constrains("code")
    def _check_code_unique(self):
        for stage in self.filtered("code"):
            if self.search_count([("code", "=", stage.code), ("id", "!=", stage.id)]):
                raise ValidationError(
                    self.env._(
                        "Another stage already has the code “%(code)s”: each built-in stage "
                        "of the customer chain exists once.",
                        code=stage.code,
                    )
                )

    @api.constrains("min_purchases", "maturity_days", "min_referrals", "code")
    def _check_thresholds(self):
        labels = {
            name: self._fields[name].get_description(self.env)["string"]
            for name in ("min_purchases", "maturity_days", "min_referrals")
        }
        for stage in self:
            for name in ("min_purchases", "maturity_days", "min_referrals"):
                if stage[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "The threshold “%(threshold)s” of the stage “%(stage)s” cannot be negative.",
                            threshold=labels[name],
                            stage=stage.name,
                        )
                    )
            for name in REQUIRED_THRESHOLDS.get(stage.code, ()):
                if stage[name] <= 0:
                    raise ValidationError(
                        self.env._(
                            "The threshold “%(threshold)s” of the stage “%(stage)s” must be greater "
                            "than zero: the lifecycle rules rely on it.",
                            threshold=labels[name],
                            stage=stage.name,
                        )
                    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_builtin(self):
        builtin = self.filtered("code")
        if builtin:
            raise UserError(
                self.env._(
                    "The built-in stage “%(stage)s” cannot be deleted: the customer chain needs it. "
                    "Rename it or fold it instead.",
                    stage=builtin[0].name,
                )
            )

    @api.model
    def _stage_by_code(self):
        """{code: stage} for the built-in stages."""
        return {code: self.browse(values[0]) for code, values in self._builtin_stage_values().items()}

    @tools.ormcache()
    def _builtin_stage_values(self):
        """{code: (id, min_purchases, maturity_days, min_referrals)}, cached: the engine
        reads it for every order confirmation."""
        self.flush_model(["code", "min_purchases", "maturity_days", "min_referrals"])
        self.env.cr.execute(
            "SELECT code, id, min_purchases, maturity_days, min_referrals"
            " FROM customer_lifecycle_stage WHERE code IS NOT NULL"
        )
        return {code: tuple(values) for code, *values in self.env.cr.fetchall()}

    @api.model
    def _chain_rules(self, lapse_days):
        """The chain's thresholds as read by the pure rules."""
        stages = {
            code: dict(zip(("id", "min_purchases", "maturity_days", "min_referrals"), values, strict=True))
            for code, values in self._builtin_stage_values().items()
        }
        return chain.ChainRules(
            customer_min_purchases=stages[chain.CUSTOMER]["min_purchases"],
            loyal_min_purchases=stages[chain.LOYAL]["min_purchases"],
            loyal_maturity_days=stages[chain.LOYAL]["maturity_days"],
            advocate_maturity_days=stages[chain.ADVOCATE]["maturity_days"],
            advocate_min_referrals=stages[chain.ADVOCATE]["min_referrals"],
            lapse_days=lapse_days,
        )
