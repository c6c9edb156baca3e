# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerIncentiveEffectivenessWizard(models.TransientModel):
    _name = "customer.incentive.effectiveness.wizard"
    _description = "Incentive Effectiveness Report"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date_from = fields.Date(
        string="Start Date",
        required=True,
        default=lambda self: self.env.company._lifecycle_today().replace(month=1, day=1),
    )
    date_to = fields.Date(string="End Date", required=True, default=lambda self: self.env.company._lifecycle_today())

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(
                    self.env._(
                        "The period of the report starts on %(start)s, after its end %(end)s.",
                        start=wizard.date_from,
                        end=wizard.date_to,
                    )
                )

    def _effectiveness_rows(self):
        """{"cem": [...], "cam": [...], "ranking": [...]}: one dict per incentive given in the period."""
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]
        groups = self.env["customer.lifecycle.indicator.report"]._read_group(
            domain,
            ["tool", "incentive_id"],
            [
                "__count",
                "cost:sum",
                "repeat_count:sum",
                "repeat_amount:sum",
                "referral_count:sum",
                "code_referral_count:sum",
                "staff_referral_count:sum",
            ],
        )
        uplift = self._uplift_by_incentive()
        kinds = dict(self.env["customer.incentive"]._fields["kind"]._description_selection(self.env))
        result = {"cem": [], "cam": [], "ranking": []}
        totals = {}
        for tool, incentive, count, cost, *sums in groups:
            # PostgreSQL sums the view's counts as numeric: counts are shown as integers
            repeats, amount, referrals, by_code, by_staff = sums
            repeats, referrals, by_code, by_staff = int(repeats), int(referrals), int(by_code), int(by_staff)
            row = {
                "incentive": incentive,
                "kind": kinds.get(incentive.kind, ""),
                "grants": count,
                "cost": cost,
                "repeats": repeats,
                "repeat_amount": amount,
                "referrals": referrals,
                "code_referrals": by_code,
                "staff_referrals": by_staff,
                "cost_per_repeat": cost / repeats if repeats else None,
                "cost_per_referral": cost / referrals if referrals else None,
            }
            result["cam" if tool == "cam" else "cem"].append(row)
            total = totals.setdefault(incentive, {"incentive": incentive, "kind": row["kind"], "cost": 0.0})
            total["cost"] += cost
        for incentive, total in totals.items():
            total["uplift"], total["referral_uplift"] = uplift.get(incentive, (None, None))
        result["channels"] = self._channel_rows()
        result["ranking"] = sorted(
            totals.values(),
            key=lambda r: (r["uplift"] is None, -(r["uplift"] or 0.0), r["cost"], r["incentive"].name),
        )
        return result

    def _channel_rows(self):
        """CAM by channel: one dict per share channel with a click, a lead or a referral in the
        period (clicks, leads, referrals, converted referrals), in the order of the channels."""
        self.ensure_one()
        Report = self.env["customer.lifecycle.channel.report"]
        groups = Report._read_group(
            [("company_id", "=", self.company_id.id), ("date", ">=", self.date_from), ("date", "<=", self.date_to)],
            ["channel"],
            ["click_count:sum", "lead_count:sum", "referral_count:sum", "converted_referral_count:sum"],
        )
        labels = dict(Report._fields["channel"]._description_selection(self.env))
        order = {channel: index for index, channel in enumerate(labels)}
        return [
            {
                "channel": channel,
                "label": labels.get(channel, channel),
                # PostgreSQL sums the view's counts as numeric: counts are shown as integers
                "clicks": int(clicks or 0),
                "leads": int(leads or 0),
                "referrals": int(referrals or 0),
                "converted": int(converted or 0),
            }
            for channel, clicks, leads, referrals, converted in sorted(groups, key=lambda g: order.get(g[0], 99))
        ]

    def action_print(self):
        return self.env.ref("customer_lifecycle.action_report_incentive_effectiveness").report_action(self)

    def _uplift_by_incentive(self):
        """{incentive: (repeat uplift, referral uplift)} over the months of the period."""
        return {
            incentive: (repeat_uplift, referral_uplift)
            for incentive, repeat_uplift, referral_uplift in self.env["customer.lifecycle.uplift.report"]._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("month", ">=", self.date_from.replace(day=1)),
                    ("month", "<=", self.date_to),
                ],
                ["incentive_id"],
                ["uplift:avg", "referral_uplift:avg"],
            )
        }
