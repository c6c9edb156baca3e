# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The daily scoring of the relationship health, set-based.

Per company: one statement scores every customer's recency, frequency and monetary
value 1 to 5 by quintiles (``CUME_DIST``) into a temporary table; then, per batch of
partners, one query reads the touch-points, the overdue invoices and the stored
score, the pure rules of :mod:`..tools.relationship_health` score them, and one
statement writes the batch. Warning signs schedule one activity for the
partner's salesperson, or the company's relationship owner when the salesperson
cannot take it (see ``res.company._lifecycle_owner_for``), never a second one while
the first is open.
"""

import json
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..tools import relationship_health as health, touchpoint_request as requests
from .customer_lifecycle_health import HEALTH_COLUMNS, band_of
from .customer_lifecycle_health_score import HISTORY_DAYS, TREND_DAYS

HEALTH_TABLE = "customer_lifecycle_health_tmp"


class CustomerLifecycleHealthScoring(models.AbstractModel):
    _name = "customer.lifecycle.health.scoring"
    _description = "Relationship Health Scoring"

    _batch_size = 2000

    @api.model
    def _recompute_company(self, company):
        self._score(company)

    @api.model
    def _recompute_partners(self, company, partner_ids):
        """Score again the customers ``partner_ids`` of ``company`` only (a touch-point was
        logged): their quintiles among all the company's customers (one statement), then
        their score (one batch). Partners without a purchase are not scored. The warning
        signs wait for the daily job: the touch-point that changed the score already
        warns when it is negative."""
        if partner_ids:
            self._score(company, list(partner_ids), warn=False)

    def _score(self, company, partner_ids=None, warn=True):
        """Score the customers of ``company``: all of them (removing the records of
        partners who are no customers any more), or those of ``partner_ids``."""
        self.env.flush_all()
        today = company._lifecycle_today()
        weights = self.env["customer.lifecycle.health"]._weights(company)
        self._create_quintile_table(company, today)
        if partner_ids is None:
            self.env.cr.execute(
                SQL(
                    """
                DELETE FROM customer_lifecycle_health h
                 WHERE h.company_id = %s AND NOT EXISTS (SELECT 1 FROM %s t WHERE t.partner_id = h.partner_id)
                """,
                    company.id,
                    SQL.identifier(HEALTH_TABLE),
                )
            )
            self._prune_history(company, today)
            self.env.cr.execute(SQL("SELECT partner_id FROM %s ORDER BY 1", SQL.identifier(HEALTH_TABLE)))
            partner_ids = [row[0] for row in self.env.cr.fetchall()]
        warned = []
        for batch in split_every(self._batch_size, partner_ids, list):
            warned += self._recompute_batch(company, batch, today, weights)
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(HEALTH_TABLE)))
        self.env["customer.lifecycle.health"].invalidate_model()
        if warn:
            self._schedule_warnings(company, warned)

    def _create_quintile_table(self, company, today):
        """Every customer of ``company`` (a purchase at least, in the chain) with its recency, frequency
        and monetary value scored 1 to 5 by quintiles (5 for the best fifth, equal
        values scoring the same), and the average value of its last three orders and
        of the orders before them: one pass over the purchases."""
        key = str(company.id)
        table = SQL.identifier(HEALTH_TABLE)
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", table))
        self.env.cr.execute(
            SQL(
                """
            CREATE TEMP TABLE %(table)s AS
            WITH documents AS (
                SELECT partner_id, amount,
                       ROW_NUMBER() OVER (PARTITION BY partner_id ORDER BY day DESC) AS recency_rank
                  FROM (%(purchases)s) purchases
                 WHERE qualifies AND day <= %(today)s
            ),
            order_value AS (
                SELECT partner_id,
                       AVG(amount) FILTER (WHERE recency_rank <= %(recent)s) AS recent_value,
                       AVG(amount) FILTER (WHERE recency_rank > %(recent)s) AS usual_value
                  FROM documents
              GROUP BY partner_id
            )
            SELECT customers.partner_id, last_day, interval, recent_value, usual_value, amount,
                   CEIL(5 * CUME_DIST() OVER (ORDER BY last_day))::int AS recency,
                   CEIL(5 * CUME_DIST() OVER (ORDER BY purchases))::int AS frequency,
                   CEIL(5 * CUME_DIST() OVER (ORDER BY amount))::int AS monetary
              FROM (SELECT id AS partner_id,
                           (lifecycle_last_purchase_date->>%(key)s)::date AS last_day,
                           (lifecycle_purchase_count->>%(key)s)::int AS purchases,
                           (lifecycle_purchase_amount->>%(key)s)::float8 AS amount,
                           (lifecycle_purchase_interval->>%(key)s)::float8 AS interval
                      FROM res_partner
                     WHERE (lifecycle_purchase_count->>%(key)s)::int > 0 AND id NOT IN (%(outside)s)) customers
         LEFT JOIN order_value ON order_value.partner_id = customers.partner_id
            """,
                table=table,
                key=key,
                purchases=self.env["customer.lifecycle.purchase"]._document_rows_sql(company),
                today=today,
                recent=health.RECENT_ORDERS,
                outside=self.env["res.partner"]._lifecycle_outside_chain_sql(),
            )
        )
        self.env.cr.execute(SQL("CREATE UNIQUE INDEX ON %s (partner_id)", table))

    def _read_inputs(self, company, partner_ids, today):
        """One query for a batch: quintiles, touch-points, overdue invoices, stored score."""
        self.env.cr.execute(
            SQL(
                """
            WITH touch AS (
                SELECT commercial_partner_id AS partner_id,
                       AVG(CASE sentiment WHEN 'positive' THEN 100 WHEN 'neutral' THEN 50 ELSE 0 END)
                           FILTER (WHERE date >= %(since_180)s AND has_satisfaction_score IS NOT TRUE) AS sentiment,
                       (ARRAY_AGG(satisfaction_score ORDER BY date DESC, id DESC)
                           FILTER (WHERE has_satisfaction_score))[1] AS satisfaction,
                       COUNT(*) FILTER (WHERE state = 'open') AS open_requests,
                       COUNT(*) FILTER (WHERE state = 'open' AND deadline < %(now)s) AS overdue_requests,
                       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY response_hours)
                           FILTER (WHERE kind = ANY(%(answered)s) AND response_date IS NOT NULL
                                   AND date >= %(since_180)s) AS response_hours,
                       COUNT(*) FILTER (WHERE sentiment = 'negative' AND date >= %(since_30)s) AS negatives,
                       MAX(date)::date AS last_touch,
                       EXTRACT(EPOCH FROM MAX(date) - MIN(date)) / 86400 / NULLIF(COUNT(*) - 1, 0) AS usual
                  FROM customer_touchpoint
                 WHERE company_id = %(company)s AND commercial_partner_id = ANY(%(ids)s) AND date < %(tomorrow)s
              GROUP BY commercial_partner_id
            ),
            overdue AS (
                SELECT p.commercial_partner_id AS partner_id, SUM(m.amount_residual_signed) AS amount,
                       %(today)s - MIN(m.invoice_date_due) AS days
                  FROM account_move m
                  JOIN res_partner p ON p.id = m.partner_id
                 WHERE m.company_id = %(company)s AND m.state = 'posted' AND m.move_type = 'out_invoice'
                   AND m.payment_state IN ('not_paid', 'partial') AND m.invoice_date_due < %(today)s
                   AND p.commercial_partner_id = ANY(%(ids)s)
              GROUP BY p.commercial_partner_id
            )
            SELECT t.partner_id, t.recency, t.frequency, t.monetary, t.last_day, t.interval,
                   touch.sentiment, touch.negatives, touch.last_touch, touch.usual AS usual_contact,
                   overdue.amount AS overdue_amount, overdue.days AS overdue_days,
                   h.date AS stored_date, h.score AS stored_score, h.previous_score AS stored_previous,
                   t.recent_value, t.usual_value, touch.satisfaction, touch.open_requests,
                   touch.overdue_requests, touch.response_hours
              FROM %(table)s t
         LEFT JOIN touch ON touch.partner_id = t.partner_id
         LEFT JOIN overdue ON overdue.partner_id = t.partner_id
         LEFT JOIN customer_lifecycle_health h ON h.partner_id = t.partner_id AND h.company_id = %(company)s
             WHERE t.partner_id = ANY(%(ids)s)
            """,
                table=SQL.identifier(HEALTH_TABLE),
                company=company.id,
                ids=list(partner_ids),
                today=today,
                now=fields.Datetime.now(),
                answered=list(requests.ANSWERED_KINDS),
                tomorrow=today + timedelta(days=1),
                since_30=today - timedelta(days=30),
                since_180=today - timedelta(days=180),
            )
        )
        return self.env.cr.dictfetchall()

    def _recompute_batch(self, company, partner_ids, today, weights):
        """Score a batch and write it; return the partners showing warning signs."""
        rows, warned = [], []
        for row in self._read_inputs(company, partner_ids, today):
            inputs = self._health_inputs(row, today, company.lifecycle_request_deadline_hours)
            score, parts = health.health_score(inputs, weights)
            # the trend compares with the score of a previous day, not of an earlier run today
            stored_date = row["stored_date"]
            previous = row["stored_score"] if stored_date and stored_date < today else row["stored_previous"]
            signs = health.warning_signs(inputs, score, previous)
            if signs:
                warned.append((row["partner_id"], signs))
            rows.append(
                {
                    "partner_id": row["partner_id"],
                    "score": score,
                    "previous_score": score if previous is None else previous,
                    "band": band_of(score),
                    "recency": inputs.recency,
                    "frequency": inputs.frequency,
                    "monetary": inputs.monetary,
                    **{f"{name}_part": None if value is None else round(value, 2) for name, value in parts.items()},
                    "satisfaction_scored": parts["satisfaction"] is not None,
                    "satisfaction_score": inputs.satisfaction_score,
                    "responsiveness_scored": parts["responsiveness"] is not None,
                    "open_requests": inputs.open_requests,
                    "overdue_requests": inputs.overdue_requests,
                    "median_response_hours": inputs.response_hours,
                    "overdue_amount": float(row["overdue_amount"] or 0.0),
                    "overdue_days": inputs.overdue_days,
                    "purchase_gap_days": inputs.purchase_gap,
                    "negative_touchpoints": inputs.negative_touchpoints,
                    "signs": ",".join(signs),
                }
            )
        self._write_rows(company, today, rows)
        self._write_history(company, today, [row["partner_id"] for row in rows])
        return warned

    @staticmethod
    def _health_inputs(row, today, deadline_hours=24):
        """The pure rules' inputs from one row of :meth:`_read_inputs`."""

        def number(value):
            return None if value is None else float(value)

        return health.HealthInputs(
            recency=row["recency"],
            frequency=row["frequency"],
            monetary=row["monetary"],
            sentiment=number(row["sentiment"]),
            negative_touchpoints=row["negatives"] or 0,
            contact_gap=None if row["last_touch"] is None else (today - row["last_touch"]).days,
            contact_interval=number(row["usual_contact"]),
            overdue_days=row["overdue_days"] or 0,
            purchase_gap=(today - row["last_day"]).days,
            purchase_interval=row["interval"] or None,
            recent_order_value=number(row["recent_value"]),
            usual_order_value=number(row["usual_value"]),
            satisfaction_score=row["satisfaction"],
            open_requests=row["open_requests"] or 0,
            overdue_requests=row["overdue_requests"] or 0,
            response_hours=number(row["response_hours"]),
            request_deadline_hours=deadline_hours,
        )

    def _write_rows(self, company, today, rows):
        """One statement: insert or update the batch's records from ``rows`` (the
        columns of :data:`HEALTH_COLUMNS`)."""
        if not rows:
            return
        names = [SQL.identifier(name) for name in HEALTH_COLUMNS]
        self.env.cr.execute(
            SQL(
                """
            INSERT INTO customer_lifecycle_health
                   (%(names)s, company_id, date, computed_at, create_uid, create_date, write_uid, write_date)
            SELECT %(values)s, %(company)s, %(today)s, %(now)s,
                   %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM jsonb_to_recordset(%(rows)s::jsonb) AS v(%(types)s)
                ON CONFLICT (partner_id, company_id) DO UPDATE SET
                   (%(names)s, date, computed_at, write_uid, write_date)
                 = (%(excluded)s, EXCLUDED.date, EXCLUDED.computed_at, EXCLUDED.write_uid, EXCLUDED.write_date)
            """,
                names=SQL(", ").join(names),
                values=SQL(", ").join(SQL.identifier("v", name) for name in HEALTH_COLUMNS),
                excluded=SQL(", ").join(SQL.identifier("excluded", name) for name in HEALTH_COLUMNS),
                types=SQL(", ").join(
                    SQL("%s %s", SQL.identifier(name), SQL(pg_type)) for name, pg_type in HEALTH_COLUMNS.items()
                ),
                company=company.id,
                today=today,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                rows=json.dumps(rows),
            )
        )

    # ------------------------------------------------------------------
    # History and trend
    # ------------------------------------------------------------------

    def _write_history(self, company, today, partner_ids):
        """Two statements for a batch: today's scores into the history (the last scoring
        of the day wins), then each trend against the latest score on or before the day
        a week before (none without such a score)."""
        if not partner_ids:
            return
        self.env.cr.execute(
            SQL(
                """
            INSERT INTO customer_lifecycle_health_score
                   (partner_id, company_id, date, score, create_uid, create_date, write_uid, write_date)
            SELECT h.partner_id, h.company_id, h.date, h.score,
                   %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM customer_lifecycle_health h
             WHERE h.company_id = %(company)s AND h.partner_id = ANY(%(ids)s)
                ON CONFLICT (partner_id, company_id, date) DO UPDATE SET
                   score = EXCLUDED.score, write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
            """,
                company=company.id,
                ids=list(partner_ids),
                uid=self.env.uid,
            )
        )
        self.env.cr.execute(
            SQL(
                """
            UPDATE customer_lifecycle_health h
               SET trend = h.score - week.score, has_trend = week.score IS NOT NULL
              FROM (SELECT h2.id,
                           (SELECT s.score FROM customer_lifecycle_health_score s
                             WHERE s.partner_id = h2.partner_id AND s.company_id = h2.company_id
                               AND s.date <= %(week)s
                          ORDER BY s.date DESC LIMIT 1) AS score
                      FROM customer_lifecycle_health h2
                     WHERE h2.company_id = %(company)s AND h2.partner_id = ANY(%(ids)s)) week
             WHERE week.id = h.id
            """,
                company=company.id,
                ids=list(partner_ids),
                week=today - timedelta(days=TREND_DAYS),
            )
        )
        self.env["customer.lifecycle.health.score"].invalidate_model()

    def _prune_history(self, company, today):
        """The nightly job keeps the days the trend and the partner's chart need."""
        self.env.cr.execute(
            SQL(
                "DELETE FROM customer_lifecycle_health_score WHERE company_id = %s AND date < %s",
                company.id,
                today - timedelta(days=HISTORY_DAYS),
            )
        )

    # ------------------------------------------------------------------
    # Warning signs
    # ------------------------------------------------------------------

    def _schedule_warnings(self, company, warned):
        """One activity per partner showing warning signs, for who owns its warnings
        (its salesperson, or the company's relationship owner), unless a health-warning
        activity of that partner is still open."""
        if not warned:
            return
        activity_type = self.env.ref("customer_lifecycle.mail_activity_type_health_warning", raise_if_not_found=False)
        if not activity_type:
            return
        partner_ids = [partner_id for partner_id, _signs in warned]
        open_activities = (
            self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partner_ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
        )
        already = {res_id for (res_id,) in open_activities}
        partners = self.env["res.partner"].sudo().browse(partner_ids).with_prefetch(partner_ids)
        owners = company._lifecycle_owner_for(partners)
        # each activity in the language of its assigned user: one set of texts per language
        readers = self.env["customer.lifecycle.reader.text"]._for_readers(
            self.env["res.users"].union(*owners.values()), company
        )
        texts = {}
        model_id = self.env["ir.model"]._get_id("res.partner")
        values = []
        for partner, (_partner_id, signs) in zip(partners, warned, strict=True):
            owner = owners[partner.id]
            if partner.id in already or not owner:
                continue
            reader = readers[owner.id]
            if reader.env.lang not in texts:
                texts[reader.env.lang] = (
                    reader.env._("Relationship health: warning signs in %(company)s", company=company.name),
                    {
                        code: reader._digits(label)
                        for code, label in reader.env["customer.lifecycle.health"]._sign_labels().items()
                    },
                )
            summary, labels = texts[reader.env.lang]
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "user_id": owner.id,
                    "summary": summary,
                    "note": Markup("<ul>%s</ul>") % Markup().join(Markup("<li>%s</li>") % labels[s] for s in signs),
                    "date_deadline": company._lifecycle_today(),
                }
            )
        if values:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(values)
