# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Periodic reviews of a key-account plan: notes, and a snapshot of every objective's
progress on that day, so that progress over time can be read later."""

from odoo import fields, models


class CustomerKeyAccountReview(models.Model):
    _name = "customer.key.account.review"
    _description = "Key-Account Plan Review"
    _order = "date desc, id desc"

    plan_id = fields.Many2one("customer.key.account.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    date = fields.Date(required=True, default=lambda self: self.env.company._lifecycle_today())
    user_id = fields.Many2one("res.users", string="Reviewed By", default=lambda self: self.env.user)
    notes = fields.Text()
    progress = fields.Float(help="The plan's progress on the day of the review.")
    line_ids = fields.One2many("customer.key.account.review.line", "review_id", string="Objectives")


class CustomerKeyAccountReviewLine(models.Model):
    _name = "customer.key.account.review.line"
    _description = "Key-Account Objective at a Review"
    _order = "review_id, id"

    review_id = fields.Many2one("customer.key.account.review", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="review_id.company_id", store=True)
    objective_id = fields.Many2one("customer.key.account.objective", string="Plan Objective", ondelete="set null")
    name = fields.Char(string="Objective", required=True)
    value = fields.Float()
    progress = fields.Float(string="Progress (%)")
    status = fields.Selection(
        [("on_track", "On Track"), ("at_risk", "At Risk"), ("late", "Late"), ("achieved", "Achieved")]
    )
