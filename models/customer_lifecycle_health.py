# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The relationship health of each customer, per company: the stored scores and their
reasons in words. The daily job scores them in ``customer.lifecycle.health.scoring``.
"""

from odoo import api, fields, models

from .. import odoo_compat
from ..tools import relationship_health as health

BANDS = (("healthy", 70), ("watch", 40), ("at_risk", 0))


def band_of(score):
    """healthy from 70, watch from 40, at risk below."""
    return next(band for band, floor in BANDS if score >= floor)


class CustomerLifecycleHealth(models.Model):
    _name = "customer.lifecycle.health"
    _description = "Customer Relationship Health"
    _order = "score, id"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    date = fields.Date(string="Computed On", required=True)
    computed_at = fields.Datetime(
        string="Scored At",
        readonly=True,
        help="When the score was computed: every night, and at once when a touch-point of the customer is logged.",
    )
    score = fields.Integer(
        aggregator="avg",
        help="From 0 to 100: the parts below weighed by the company's health weights (Settings).",
    )
    previous_score = fields.Integer(aggregator="avg", help="The score of the previous day it was computed.")
    trend = fields.Integer(
        readonly=True,
        help="Today's score minus the score of a week before (the latest score on or before that day).",
    )
    has_trend = fields.Boolean(
        string="Trend Known",
        readonly=True,
        help="Whether there is a score a week old or older to compare today's score with.",
    )
    band = fields.Selection(
        [("healthy", "Healthy"), ("watch", "Watch"), ("at_risk", "At Risk")],
        string="Health",
        required=True,
        help="Healthy from 70, watch from 40, at risk below.",
    )
    recency = fields.Integer(help="1 to 5: quintile of the last purchase date among the company's customers.")
    frequency = fields.Integer(help="1 to 5: quintile of the number of purchases among the company's customers.")
    monetary = fields.Integer(help="1 to 5: quintile of the amount purchased among the company's customers.")
    rfm_part = fields.Float(string="RFM", digits=(16, 0), aggregator="avg")
    sentiment_part = fields.Float(
        string="Sentiment",
        digits=(16, 0),
        aggregator="avg",
        help="Mood of the touch-points of the last 180 days: positive 100, neutral 50, negative 0.",
    )
    contact_part = fields.Float(
        string="Contact",
        digits=(16, 0),
        aggregator="avg",
        help="Days since the last touch-point against the usual interval between touch-points.",
    )
    payment_part = fields.Float(
        string="Payment",
        digits=(16, 0),
        aggregator="avg",
        help="Overdue customer invoices: 100 without, 0 when the oldest is 60 days overdue.",
    )
    rhythm_part = fields.Float(
        string="Purchase Rhythm",
        digits=(16, 0),
        aggregator="avg",
        help="Days since the last purchase against the usual interval between purchases, and the value "
        "of the last three orders against the orders before them (the lower of the two).",
    )
    overdue_amount = fields.Float(help="Overdue customer invoices, in the company currency.")
    overdue_days = fields.Integer(help="Days the oldest overdue customer invoice is late.")
    purchase_gap_days = fields.Integer(string="Days Since Last Purchase")
    negative_touchpoints = fields.Integer(string="Recent Negative Touch-points")
    signs = fields.Char(string="Warning Sign Codes")
    warning_signs = fields.Text(compute="_compute_reasons")
    reasons = fields.Text(compute="_compute_reasons", help="What makes up the score, in words.")

    _partner_company_unique = odoo_compat.Constraint(
        "UNIQUE(partner_id, company_id)", "A customer has one health record per company."
    )

    def _sign_labels(self):
        _ = self.env._
        return {
            health.SIGN_PURCHASE_GAP: _("No purchase for over twice the usual interval."),
            health.SIGN_FALLING_ORDER_VALUE: _("The last orders are worth less than 70 % of the usual ones."),
            health.SIGN_NEGATIVE_TOUCHPOINT: _("A negative touch-point in the last 30 days."),
            health.SIGN_OVERDUE: _("Overdue customer invoices."),
            health.SIGN_FALLING_SCORE: _("The health score fell by 15 points or more."),
        }

    @api.depends(
        "recency", "frequency", "monetary", "sentiment_part", "contact_part", "payment_part", "rhythm_part", "signs"
    )
    def _compute_reasons(self):
        _ = self.env._
        labels = self._sign_labels()
        text = self.env["customer.lifecycle.reader.text"]  # one digit system per line
        for record in self:
            record.reasons = "\n".join(
                [
                    _(
                        "RFM %(r)s-%(f)s-%(m)s (recency, frequency, value; 5 is the best fifth): %(part)s/100",
                        r=record.recency,
                        f=record.frequency,
                        m=record.monetary,
                        part=round(record.rfm_part),
                    ),
                    _("Sentiment of recent touch-points: %(part)s/100", part=round(record.sentiment_part)),
                    _("Contact as often as usual: %(part)s/100", part=round(record.contact_part)),
                    _(
                        "Payments: %(part)s/100 (%(days)s days overdue at most)",
                        part=round(record.payment_part),
                        days=record.overdue_days,
                    ),
                    _(
                        "Purchase rhythm: %(part)s/100 (%(days)s days since the last purchase)",
                        part=round(record.rhythm_part),
                        days=record.purchase_gap_days,
                    ),
                ]
            )
            record.reasons = text._digits(record.reasons)
            codes = [code for code in (record.signs or "").split(",") if code]
            record.warning_signs = text._digits("\n".join(labels[code] for code in codes if code in labels))

    # ------------------------------------------------------------------
    # Recompute (set-based)
    # ------------------------------------------------------------------

    @api.model
    def _recompute_all(self, companies, commit=False):
        """Score every customer of ``companies`` again (the daily job, the Settings button)."""
        scoring = self.env["customer.lifecycle.health.scoring"]
        for company in companies:
            scoring._recompute_company(company)
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _weights(self, company):
        return health.HealthWeights(
            rfm=company.lifecycle_health_weight_rfm,
            sentiment=company.lifecycle_health_weight_sentiment,
            contact=company.lifecycle_health_weight_contact,
            payment=company.lifecycle_health_weight_payment,
            rhythm=company.lifecycle_health_weight_rhythm,
        )
