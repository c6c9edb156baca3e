# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The lifecycle funnel: partners at each stage, conversion to the next stage and the
median days spent in each stage, per company, read from the stage history."""

from odoo import fields, models, tools
from odoo.tools import SQL


class CustomerLifecycleFunnelReport(models.Model):
    _name = "customer.lifecycle.funnel.report"
    _description = "Customer Lifecycle Funnel"
    _auto = False
    _order = "sequence, stage_id"
    _rec_name = "stage_id"

    company_id = fields.Many2one("res.company", readonly=True)
    stage_id = fields.Many2one("customer.lifecycle.stage", readonly=True)
    sequence = fields.Integer(readonly=True)
    current_count = fields.Integer(string="Partners Now", readonly=True, help="Partners at this stage today.")
    reached_count = fields.Integer(
        string="Reached", readonly=True, help="Partners who reached this stage at least once (stage history)."
    )
    converted_count = fields.Integer(
        string="Moved to the Next Stage",
        readonly=True,
        help="Partners who went on from this stage to the next one of the chain: customer to loyal, "
        "loyal to advocate, lapsed back to customer.",
    )
    conversion_rate = fields.Float(
        string="Conversion (%)", readonly=True, aggregator="avg", digits=(16, 1), help="Moved on / reached."
    )
    median_days = fields.Float(
        string="Median Days in Stage",
        readonly=True,
        aggregator="avg",
        digits=(16, 0),
        help="Median of the days partners spent in this stage before their next change of stage.",
    )

    def _query(self):
        return SQL(
            """
            WITH stays AS (
                SELECT h.company_id, h.partner_id, h.to_stage_id AS stage_id, h.date,
                       LEAD(h.date) OVER w AS left_on, LEAD(h.to_stage_id) OVER w AS next_stage_id
                  FROM customer_lifecycle_history h
                WINDOW w AS (PARTITION BY h.company_id, h.partner_id ORDER BY h.date, h.id)
            ),
            flow AS (
                SELECT st.company_id, st.stage_id,
                       COUNT(DISTINCT st.partner_id) AS reached_count,
                       COUNT(DISTINCT st.partner_id) FILTER (
                           WHERE nxt.code = CASE s.code WHEN 'prospect' THEN 'customer'
                                                        WHEN 'customer' THEN 'loyal'
                                                        WHEN 'loyal' THEN 'advocate'
                                                        WHEN 'lapsed' THEN 'customer' END
                       ) AS converted_count,
                       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY st.left_on - st.date)
                           FILTER (WHERE st.left_on IS NOT NULL) AS median_days
                  FROM stays st
                  JOIN customer_lifecycle_stage s ON s.id = st.stage_id
             LEFT JOIN customer_lifecycle_stage nxt ON nxt.id = st.next_stage_id
              GROUP BY st.company_id, st.stage_id
            ),
            now AS (
                SELECT c.id AS company_id, (p.lifecycle_stage_id->>c.id::text)::int AS stage_id,
                       COUNT(*) AS current_count
                  FROM res_partner p
                  JOIN res_company c ON p.lifecycle_stage_id ? c.id::text
                 WHERE p.active
              GROUP BY c.id, (p.lifecycle_stage_id->>c.id::text)::int
            )
            SELECT ROW_NUMBER() OVER (ORDER BY COALESCE(f.company_id, n.company_id), s.sequence, s.id) AS id,
                   COALESCE(f.company_id, n.company_id) AS company_id,
                   s.id AS stage_id, s.sequence,
                   COALESCE(n.current_count, 0) AS current_count,
                   COALESCE(f.reached_count, 0) AS reached_count,
                   COALESCE(f.converted_count, 0) AS converted_count,
                   ROUND(100.0 * f.converted_count / NULLIF(f.reached_count, 0), 1) AS conversion_rate,
                   f.median_days
              FROM flow f
         FULL JOIN now n ON n.company_id = f.company_id AND n.stage_id = f.stage_id
              JOIN customer_lifecycle_stage s ON s.id = COALESCE(f.stage_id, n.stage_id)
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
