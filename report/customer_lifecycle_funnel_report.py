# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The lifecycle funnel: partners at each stage, conversion to the next stage and the
median days spent in each stage, per company, read from the stage history."""

from odoo import api, fields, models, tools
from odoo.tools import SQL

# the leads' row, before every stage (see step_sql)
LEADS_STEP = "000000-000000"


def step_sql(sequence, stage_id):
    """The one definition of a stage's row value: its sequence then its id, zero-padded so
    that the values sort in the chain's order. The view computes its rows with it, and the
    selection of the rows reads its values with it."""
    return SQL("LPAD(GREATEST(%s + 1, 0)::text, 6, '0') || '-' || LPAD(%s::text, 6, '0')", sequence, stage_id)


class CustomerLifecycleFunnelReport(models.Model):
    _name = "customer.lifecycle.funnel.report"
    _description = "Customer Lifecycle Funnel"
    _auto = False
    _order = "sequence, stage_id"
    _rec_name = "name"

    name = fields.Char(
        string="Step",
        compute="_compute_name",
        help="Leads: the open leads of the CRM without a partner yet. Then the stages of the chain.",
    )
    step = fields.Selection(
        selection="_selection_step",
        string="Funnel Row",
        readonly=True,
        help="The row of the funnel, in the chain's order: the leads first, then the stages. The chart "
        "groups by it so that its bars keep that order.",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    stage_id = fields.Many2one("customer.lifecycle.stage", readonly=True)
    sequence = fields.Integer(readonly=True)
    current_count = fields.Integer(
        string="Now at Stage",
        readonly=True,
        help="Partners at this stage today: the count of the stage's column on the Customers kanban.",
    )
    reached_count = fields.Integer(
        string="Reached",
        readonly=True,
        help="Partners who reached this stage at least once (stage history). Every partner of the chain "
        "started as a prospect.",
    )
    converted_count = fields.Integer(
        string="Moved On",
        readonly=True,
        help="Partners who went on from this stage to the next one of the chain: prospect to customer, "
        "customer to loyal, loyal to advocate, lapsed back to customer.",
    )
    conversion_rate = fields.Float(
        string="Conversion (%)", readonly=True, aggregator="avg", digits=(16, 1), help="Moved on / reached."
    )
    median_days = fields.Float(
        readonly=True,
        aggregator="avg",
        digits=(16, 0),
        help="Median of the days partners spent in this stage before their next change of stage.",
    )

    @api.model
    def _selection_step(self):
        """The funnel's rows in the chain's order: their values sort as the rows do (the
        chart orders its bars by value), their labels are the leads' and the stages' names."""
        Stage = self.env["customer.lifecycle.stage"].sudo().with_context(active_test=False)
        Stage.flush_model(["sequence"])
        self.env.cr.execute(
            SQL(
                "SELECT s.id, %s FROM customer_lifecycle_stage s ORDER BY s.sequence, s.id",
                step_sql(SQL("s.sequence"), SQL("s.id")),
            )
        )
        steps = self.env.cr.fetchall()
        names = {stage.id: stage.name for stage in Stage.browse([stage_id for stage_id, _step in steps])}
        return [(LEADS_STEP, self.env._("Leads"))] + [(step, names[stage_id]) for stage_id, step in steps]

    @api.depends("stage_id")
    def _compute_name(self):
        # the first row: the open leads without a partner yet, before they are prospects
        for row in self:
            row.name = row.stage_id.name or self.env._("Leads")

    def _search(self, domain, *args, **kwargs):
        # the arguments after the domain: 18.0's offset, limit, order; 19.0 adds active_test
        # the view reads the partners, users, companies and history as they are now
        for model in (
            "res.partner",
            "res.users",
            "res.company",
            "customer.lifecycle.history",
            "ir.default",
            "crm.lead",
        ):
            self.env[model].flush_model()
        return super()._search(domain, *args, **kwargs)

    def _query(self):
        """Partners now at each stage: the chain's one count (``res.partner``'s
        ``_lifecycle_chain_sql``), as the Customers kanban shows them. Reached, moved on
        and the median days: the stage history, outside the chain left out. Every partner
        of the chain started as a prospect: those at Prospect now and those with a history
        reached it, and moved on from it when they became customers."""
        return SQL(
            """
            WITH chain AS (%(chain)s),
            stays AS (
                SELECT h.company_id, h.partner_id, h.to_stage_id AS stage_id, h.date,
                       LEAD(h.date) OVER w AS left_on, LEAD(h.to_stage_id) OVER w AS next_stage_id
                  FROM customer_lifecycle_history h
                 WHERE h.partner_id NOT IN (%(outside)s)
                WINDOW w AS (PARTITION BY h.company_id, h.partner_id ORDER BY h.date, h.id)
            ),
            flow AS (
                SELECT st.company_id, st.stage_id,
                       COUNT(DISTINCT st.partner_id) AS reached_count,
                       COUNT(DISTINCT st.partner_id) FILTER (
                           WHERE nxt.code = CASE s.code WHEN 'customer' THEN 'loyal'
                                                        WHEN 'loyal' THEN 'advocate'
                                                        WHEN 'lapsed' THEN 'customer' END
                       ) AS converted_count,
                       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY st.left_on - st.date)
                           FILTER (WHERE st.left_on IS NOT NULL) AS median_days
                  FROM stays st
                  JOIN customer_lifecycle_stage s ON s.id = st.stage_id
             LEFT JOIN customer_lifecycle_stage nxt ON nxt.id = st.next_stage_id
                 WHERE s.code IS DISTINCT FROM 'prospect'
              GROUP BY st.company_id, st.stage_id
            ),
            started AS (
                SELECT ch.company_id, ch.partner_id
                  FROM chain ch JOIN customer_lifecycle_stage s ON s.id = ch.stage_id
                 WHERE s.code = 'prospect'
                 UNION
                SELECT company_id, partner_id FROM stays
            ),
            became_customer AS (
                SELECT DISTINCT st.company_id, st.partner_id
                  FROM stays st JOIN customer_lifecycle_stage s ON s.id = st.stage_id
                 WHERE s.code = 'customer'
            ),
            start_flow AS (
                SELECT sd.company_id, s.id AS stage_id, COUNT(*) AS reached_count,
                       COUNT(bc.partner_id) AS converted_count, NULL::float8 AS median_days
                  FROM started sd
                  JOIN customer_lifecycle_stage s ON s.code = 'prospect'
             LEFT JOIN became_customer bc ON bc.company_id = sd.company_id AND bc.partner_id = sd.partner_id
              GROUP BY sd.company_id, s.id
            ),
            flows AS (SELECT * FROM flow UNION ALL SELECT * FROM start_flow),
            now AS (
                SELECT company_id, stage_id, COUNT(*) AS current_count
                  FROM chain
                 WHERE stage_id IS NOT NULL
              GROUP BY company_id, stage_id
            ),
            leads AS (
                SELECT l.company_id, NULL::int4 AS stage_id, -1 AS sequence,
                       COUNT(*) FILTER (
                           WHERE l.active AND l.partner_id IS NULL AND ls.is_won IS NOT TRUE
                       ) AS current_count,
                       COUNT(*) AS reached_count,
                       COUNT(*) FILTER (WHERE l.partner_id IS NOT NULL) AS converted_count,
                       NULL::float8 AS median_days
                  FROM crm_lead l
             LEFT JOIN crm_stage ls ON ls.id = l.stage_id
                 WHERE l.company_id IS NOT NULL AND l.type IN ('lead', 'opportunity')
              GROUP BY l.company_id
            ),
            all_rows AS (
            SELECT COALESCE(f.company_id, n.company_id) AS company_id,
                   s.id AS stage_id, s.sequence,
                   COALESCE(n.current_count, 0) AS current_count,
                   COALESCE(f.reached_count, 0) AS reached_count,
                   COALESCE(f.converted_count, 0) AS converted_count,
                   f.median_days
              FROM flows f
         FULL JOIN now n ON n.company_id = f.company_id AND n.stage_id = f.stage_id
              JOIN customer_lifecycle_stage s ON s.id = COALESCE(f.stage_id, n.stage_id)
             UNION ALL
            SELECT company_id, stage_id, sequence, current_count, reached_count, converted_count, median_days
              FROM leads
            )
            SELECT ROW_NUMBER() OVER (ORDER BY r.company_id, r.sequence, r.stage_id) AS id,
                   CASE WHEN r.stage_id IS NULL THEN %(leads_step)s
                        ELSE %(stage_step)s
                   END AS step,
                   r.company_id, r.stage_id, r.sequence, r.current_count, r.reached_count, r.converted_count,
                   ROUND(100.0 * r.converted_count / NULLIF(r.reached_count, 0), 1) AS conversion_rate,
                   r.median_days
              FROM all_rows r
            """,
            leads_step=LEADS_STEP,
            stage_step=step_sql(SQL("r.sequence"), SQL("r.stage_id")),
            chain=self.env["res.partner"]._lifecycle_chain_sql(),
            outside=self.env["res.partner"]._lifecycle_outside_chain_sql(),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
