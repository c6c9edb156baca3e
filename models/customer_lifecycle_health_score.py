# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The history of the relationship health scores: one row per customer, company and
day, the score of that day (the last scoring of the day wins). The scoring writes it
set-based and reads from it the trend (today's score against the score a week before);
the nightly job keeps the days the trend and the partner's chart need."""

from odoo import fields, models

from .. import odoo_compat

HISTORY_DAYS = 90
TREND_DAYS = 7


class CustomerLifecycleHealthScore(models.Model):
    _name = "customer.lifecycle.health.score"
    _description = "Customer Relationship Health Score History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    date = fields.Date(required=True, index=True)
    score = fields.Integer(aggregator="avg", help="The health score of that day, from 0 to 100.")

    _partner_company_date_unique = odoo_compat.Constraint(
        "UNIQUE(partner_id, company_id, date)", "A customer has one health score per company and day."
    )
