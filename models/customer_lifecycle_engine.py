# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The set-based engine that puts partners at their stage of the customer chain.

Per company and per batch of commercial partners it reads, in a few grouped SQL
queries, the distinct purchase days, the purchase total, the referral conversion
days and what is stored now; it asks the pure rules of
:mod:`..tools.customer_chain` where each partner stands; and it writes the
company-dependent partner fields with one bulk UPDATE and the history with one
bulk INSERT.  It never runs one query per partner.
"""

import logging
import threading

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, split_every

from ..tools import customer_chain as chain

_logger = logging.getLogger(__name__)

MANAGER_GROUP = "customer_lifecycle.group_lifecycle_manager"
PURCHASE_TABLE = "customer_lifecycle_purchase_tmp"

# The company-dependent partner columns the engine writes, with their SQL type.
ENGINE_COLUMNS = (
    ("lifecycle_stage_id", "int4"),
    ("lifecycle_stage_date", "date"),
    ("lifecycle_customer_date", "date"),
    ("lifecycle_loyal_date", "date"),
    ("lifecycle_advocate_date", "date"),
    ("lifecycle_lapsed_date", "date"),
    ("lifecycle_first_purchase_date", "date"),
    ("lifecycle_last_purchase_date", "date"),
    ("lifecycle_purchase_count", "int4"),
    ("lifecycle_purchase_amount", "float8"),
    ("lifecycle_purchase_interval", "float8"),
)


class CustomerLifecycleEngine(models.AbstractModel):
    _name = "customer.lifecycle.engine"
    _description = "Customer Lifecycle Engine"

    _batch_size = 2000

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only a Lifecycle Manager can recompute the customer lifecycle. "
                    "Ask a manager, or the daily job will do it tonight."
                )
            )

    @api.model
    def _recompute_all(self, companies, backfill=False, commit=False):
        """Recompute every partner that has purchases or a stored stage in ``companies``."""
        for company in companies:
            self._sync_referrals(company)
            # one grouped pass over every purchase of the company, then batches read it
            self._create_purchase_table(company)
            partner_ids = self._partners_with_lifecycle(company)
            done = 0
            for batch in split_every(self._batch_size, partner_ids, list):
                self._recompute_batch(company, batch, backfill=backfill, from_table=True)
                done += len(batch)
                if commit:
                    self.env["ir.cron"]._notify_progress(done=done, remaining=len(partner_ids) - done)
                    self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(PURCHASE_TABLE)))
            _logger.info("Customer lifecycle: %s partners recomputed for company %s", done, company.name)

    @api.model
    def _recompute_partners(self, partners, companies, reason=None):
        """Incremental recompute of ``partners`` (any contacts) after a change of data.

        The commercial partners are recomputed, and so are those who referred them:
        a referred partner who becomes a customer converts the referral, which may
        make the referrer an advocate.
        """
        commercial_ids = set(partners.commercial_partner_id.ids)
        if not commercial_ids:
            return
        self.env["customer.referral"].flush_model()
        for company in companies:
            referrer_ids = self._referrers_of(company, commercial_ids)
            if referrer_ids:  # most partners were referred by nobody: nothing to convert
                self._sync_referrals(company, commercial_ids)
            self._recompute_batch(company, sorted(commercial_ids | referrer_ids), reason=reason)

    @api.model
    def _cron_recompute(self):
        """Daily job: the time-based moves (maturity, lapsing) of every company."""
        # batches are committed (a killed run resumes without double history lines),
        # except in tests, which run in one transaction
        testing = getattr(threading.current_thread(), "testing", False)
        self._recompute_all(self.env["res.company"].search([]), commit=not testing)

    # ------------------------------------------------------------------
    # Reading (set-based)
    # ------------------------------------------------------------------

    def _purchase_rows_sql(self, company, partner_ids=None):
        """One row per qualifying document: (partner_id, day, amount, qualifies).

        ``partner_id`` is the commercial partner; ``qualifies`` is false for credit
        notes that are not linked to an invoice (they only lower the amount).
        ``partner_ids`` limits the rows to these commercial partners: ids, or an
        :class:`SQL` subquery returning them; None for all.
        """
        partner_filter = SQL("TRUE")
        if isinstance(partner_ids, SQL):
            partner_filter = SQL("p.commercial_partner_id IN (%s)", partner_ids)
        elif partner_ids is not None:
            partner_filter = SQL("p.commercial_partner_id = ANY(%s)", list(partner_ids))
        if company.lifecycle_purchase_source == "invoice":
            return SQL(
                """
                SELECT p.commercial_partner_id AS partner_id, m.invoice_date AS day,
                       m.amount_untaxed_signed + COALESCE(r.refunded, 0) AS amount,
                       m.amount_untaxed_signed + COALESCE(r.refunded, 0) > 0 AS qualifies
                  FROM account_move m
                  JOIN res_partner p ON p.id = m.partner_id
             LEFT JOIN (SELECT reversed_entry_id, SUM(amount_untaxed_signed) AS refunded
                          FROM account_move
                         WHERE state = 'posted' AND move_type = 'out_refund'
                           AND company_id = %(company)s AND reversed_entry_id IS NOT NULL
                      GROUP BY reversed_entry_id) r ON r.reversed_entry_id = m.id
                 WHERE m.state = 'posted' AND m.move_type = 'out_invoice'
                   AND m.company_id = %(company)s AND %(partner_filter)s
             UNION ALL
                SELECT p.commercial_partner_id, m.invoice_date, m.amount_untaxed_signed, FALSE
                  FROM account_move m
                  JOIN res_partner p ON p.id = m.partner_id
                 WHERE m.state = 'posted' AND m.move_type = 'out_refund'
                   AND m.reversed_entry_id IS NULL
                   AND m.company_id = %(company)s AND %(partner_filter)s
                """,
                company=company.id,
                partner_filter=partner_filter,
            )
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   (so.date_order AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day,
                   so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount,
                   TRUE AS qualifies
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
             WHERE so.state = 'sale' AND so.company_id = %(company)s AND %(partner_filter)s
            """,
            tz=company.partner_id.tz or "UTC",
            company=company.id,
            partner_filter=partner_filter,
        )

    def _purchase_totals_sql(self, company, partner_ids=None):
        """(partner_id, sorted distinct purchase days, total amount) per commercial partner."""
        return SQL(
            """
            SELECT partner_id,
                   ARRAY_AGG(DISTINCT day ORDER BY day) FILTER (WHERE qualifies) AS days,
                   SUM(amount) AS amount
              FROM (%s) purchases
          GROUP BY partner_id
            """,
            self._purchase_rows_sql(company, partner_ids),
        )

    def _create_purchase_table(self, company):
        """Aggregate every purchase of ``company`` once, in a temporary table indexed by
        partner: the batches of a full recompute read it instead of the orders. It is a
        session table, so it survives the commits of the daily job."""
        self.env.flush_all()
        table = SQL.identifier(PURCHASE_TABLE)
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", table))
        self.env.cr.execute(SQL("CREATE TEMP TABLE %s AS %s", table, self._purchase_totals_sql(company)))
        self.env.cr.execute(SQL("CREATE UNIQUE INDEX ON %s (partner_id)", table))
        self.env.cr.execute(SQL("ANALYZE %s", table))

    def _read_purchases(self, company, partner_ids, from_table=False):
        """{partner_id: (sorted distinct purchase days, total amount)}"""
        if from_table:
            query = SQL(
                "SELECT partner_id, days, amount FROM %s WHERE partner_id = ANY(%s)",
                SQL.identifier(PURCHASE_TABLE),
                list(partner_ids),
            )
        else:
            query = self._purchase_totals_sql(company, partner_ids)
        self.env.cr.execute(query)
        return {pid: (days or [], amount or 0.0) for pid, days, amount in self.env.cr.fetchall()}

    def _partners_with_lifecycle(self, company):
        """Commercial partners with purchases (in the purchase table), or with a stored
        stage, in ``company``."""
        self.env.cr.execute(
            SQL(
                """
            SELECT partner_id FROM %(table)s
             UNION
            SELECT id FROM res_partner WHERE lifecycle_stage_id ? %(company)s
             ORDER BY 1
            """,
                table=SQL.identifier(PURCHASE_TABLE),
                company=str(company.id),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _read_conversions(self, company, partner_ids):
        """{referrer commercial partner id: [conversion days]}"""
        self.env.cr.execute(
            SQL(
                """
            SELECT referrer_commercial_id, ARRAY_AGG(conversion_date ORDER BY conversion_date)
              FROM customer_referral
             WHERE state = 'converted' AND company_id = %s AND referrer_commercial_id = ANY(%s)
          GROUP BY referrer_commercial_id
            """,
                company.id,
                list(partner_ids),
            )
        )
        return dict(self.env.cr.fetchall())

    def _read_stored(self, company, partner_ids):
        """{partner_id: (pinned stage id, {column: value})} as stored for ``company``."""
        key = str(company.id)
        columns = SQL(", ").join(
            SQL("(%s->>%s)::%s", SQL.identifier(name), key, SQL(sql_type)) for name, sql_type in ENGINE_COLUMNS
        )
        self.env.cr.execute(
            SQL(
                "SELECT id, (lifecycle_pin_stage_id->>%s)::int4, %s FROM res_partner WHERE id = ANY(%s)",
                key,
                columns,
                list(partner_ids),
            )
        )
        names = [name for name, _type in ENGINE_COLUMNS]
        return {pid: (pin, dict(zip(names, values, strict=True))) for pid, pin, *values in self.env.cr.fetchall()}

    def _referrers_of(self, company, commercial_ids):
        self.env.cr.execute(
            SQL(
                """
            SELECT DISTINCT referrer_commercial_id FROM customer_referral
             WHERE company_id = %s AND referred_commercial_id = ANY(%s) AND state != 'rejected'
            """,
                company.id,
                list(commercial_ids),
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    # ------------------------------------------------------------------
    # Referral conversions
    # ------------------------------------------------------------------

    def _sync_referrals(self, company, referred_ids=None):
        """Convert the referrals whose referred partner bought on or after the referral
        date (conversion date: that first purchase), and un-convert those whose
        purchases were cancelled since."""
        self.env.flush_all()
        referred_filter = SQL("TRUE")
        if referred_ids is not None:
            referred_filter = SQL("r.referred_commercial_id = ANY(%s)", list(referred_ids))
        referred = SQL(
            "SELECT r.referred_commercial_id FROM customer_referral r"
            " WHERE r.company_id = %s AND r.state != 'rejected' AND %s",
            company.id,
            referred_filter,
        )
        self.env.cr.execute(
            SQL(
                """
            WITH purchases AS (%(purchases)s),
            conversion AS (
                SELECT r.id, MIN(pu.day) AS day
                  FROM customer_referral r
             LEFT JOIN purchases pu
                    ON pu.partner_id = r.referred_commercial_id AND pu.qualifies AND pu.day >= r.date
                 WHERE r.company_id = %(company)s AND r.state IN ('new', 'converted')
                   AND %(referred_filter)s
              GROUP BY r.id
            )
            UPDATE customer_referral r
               SET state = CASE WHEN c.day IS NULL THEN 'new' ELSE 'converted' END,
                   conversion_date = c.day,
                   write_date = NOW() AT TIME ZONE 'UTC', write_uid = %(uid)s
              FROM conversion c
             WHERE r.id = c.id AND r.conversion_date IS DISTINCT FROM c.day
            """,
                purchases=self._purchase_rows_sql(company, referred),
                company=company.id,
                referred_filter=referred_filter,
                uid=self.env.uid,
            )
        )
        self.env["customer.referral"].invalidate_model(["state", "conversion_date"])

    # ------------------------------------------------------------------
    # One batch
    # ------------------------------------------------------------------

    def _recompute_batch(self, company, partner_ids, backfill=False, reason=None, from_table=False):
        if not partner_ids:
            return
        self.env.flush_all()
        today = fields.Date.context_today(self)
        stages = self.env["customer.lifecycle.stage"]._stage_by_code()
        code_of = {stage.id: code for code, stage in stages.items()}
        rules = self.env["customer.lifecycle.stage"]._chain_rules(company.lifecycle_lapse_days)
        purchases = self._read_purchases(company, partner_ids, from_table=from_table)
        conversions = self._read_conversions(company, partner_ids)
        stored = self._read_stored(company, partner_ids)

        values = {name: [] for name, _type in ENGINE_COLUMNS}
        ids, history, changes = [], [], []
        for partner_id in partner_ids:
            days, amount = purchases.get(partner_id, ([], 0.0))
            state = chain.walk_the_chain(days, conversions.get(partner_id, []), today, rules)
            pin_stage_id, before = stored.get(partner_id, (None, {}))
            stored_stage_id, stored_date = before.get("lifecycle_stage_id"), before.get("lifecycle_stage_date")
            stage_id, stage_date = stages[state.stage].id, state.stage_date
            if pin_stage_id:
                # a manager's pin holds until removed: the rules do not move the partner
                stage_id, stage_date = stored_stage_id, stored_date
            elif stored_stage_id != stage_id or stored_date != stage_date:
                stored_code = None if stored_stage_id is None else code_of.get(stored_stage_id, "")
                for transition in chain.transitions_to_record(stored_code, stored_date, state, today):
                    history.append(
                        self._history_row(partner_id, company, transition, stages, rules, reason, stored_stage_id)
                    )
                previous_stage_id = stored_stage_id or stages[chain.PROSPECT].id
                if previous_stage_id != stage_id:
                    changes.append((partner_id, previous_stage_id, stage_id))
            row = {
                "lifecycle_stage_id": stage_id,
                "lifecycle_stage_date": stage_date,
                "lifecycle_customer_date": state.customer_date,
                "lifecycle_loyal_date": state.loyal_date,
                "lifecycle_advocate_date": state.advocate_date,
                "lifecycle_lapsed_date": state.lapsed_date,
                "lifecycle_first_purchase_date": days[0] if days else None,
                "lifecycle_last_purchase_date": days[-1] if days else None,
                "lifecycle_purchase_count": len(days),
                "lifecycle_purchase_amount": round(float(amount), company.currency_id.decimal_places),
                "lifecycle_purchase_interval": round(chain.average_interval_days(days), 1),
            }
            if row == before:
                continue  # unchanged: the row is not rewritten
            ids.append(partner_id)
            for name, _type in ENGINE_COLUMNS:
                values[name].append(row[name])

        self._write_partner_values(company, ids, values)
        self._insert_history(history)
        self.env["res.partner"].invalidate_model([name for name, _type in ENGINE_COLUMNS])
        if changes and not backfill:
            self._log_stage_changes(company, changes, reason)

    def _history_row(self, partner_id, company, transition, stages, rules, reason, stored_stage_id):
        return (
            partner_id,
            company.id,
            # a stage without code (a custom stage a manager pinned) is known by its id only
            stages[transition.from_code].id if transition.from_code in stages else stored_stage_id,
            stages[transition.to_code].id,
            transition.date,
            transition.rule,
            reason or self._rule_reason(transition.rule, rules),
        )

    def _rule_reason(self, rule, rules):
        """The rule of the article, in words, for a history line."""
        _ = self.env._
        return {
            chain.RULE_FIRST_PURCHASE: _("First qualifying purchase."),
            chain.RULE_RETURNED: _("Bought again after lapsing: the climb starts again."),
            chain.RULE_LOYAL: _(
                "%(purchases)s purchases and %(days)s days as a customer.",
                purchases=rules.loyal_min_purchases,
                days=rules.loyal_maturity_days,
            ),
            chain.RULE_ADVOCATE: _(
                "%(days)s days as a loyal customer and %(referrals)s converted referral(s).",
                days=rules.advocate_maturity_days,
                referrals=rules.advocate_min_referrals,
            ),
            chain.RULE_LAPSED: _("No purchase for %(days)s days.", days=rules.lapse_days),
            chain.RULE_RECOMPUTED: _("Recomputed after the sales data changed."),
        }[rule]

    # ------------------------------------------------------------------
    # Writing (set-based)
    # ------------------------------------------------------------------

    def _write_partner_values(self, company, ids, values):
        if not ids:
            return
        key = str(company.id)
        assignments = SQL(", ").join(
            SQL(
                "%(column)s = COALESCE(p.%(column)s, '{}'::jsonb) || jsonb_build_object(%(key)s, v.%(column)s)",
                column=SQL.identifier(name),
                key=key,
            )
            for name, _type in ENGINE_COLUMNS
        )
        arrays = SQL(", ").join(SQL("%s::%s[]", values[name], SQL(sql_type)) for name, sql_type in ENGINE_COLUMNS)
        columns = SQL(", ").join(SQL.identifier(name) for name, _type in ENGINE_COLUMNS)
        self.env.cr.execute(
            SQL(
                """
            UPDATE res_partner p SET %(assignments)s
              FROM unnest(%(ids)s::int4[], %(arrays)s) AS v(id, %(columns)s)
             WHERE p.id = v.id
            """,
                assignments=assignments,
                ids=ids,
                arrays=arrays,
                columns=columns,
            )
        )

    def _insert_history(self, rows):
        if not rows:
            return
        columns = [list(column) for column in zip(*rows, strict=True)]
        partner, company, from_stage, to_stage, date, rule, reason = columns
        self.env.cr.execute(
            SQL(
                """
            INSERT INTO customer_lifecycle_history
                   (partner_id, company_id, from_stage_id, to_stage_id, date, rule, reason,
                    user_id, automatic, create_uid, create_date, write_uid, write_date)
            SELECT v.*, %(uid)s, TRUE, %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM unnest(%(partner)s::int4[], %(company)s::int4[], %(from_stage)s::int4[],
                          %(to_stage)s::int4[], %(date)s::date[], %(rule)s::varchar[],
                          %(reason)s::varchar[]) AS v
            """,
                uid=self.env.uid,
                partner=partner,
                company=company,
                from_stage=from_stage,
                to_stage=to_stage,
                date=date,
                rule=rule,
                reason=reason,
            )
        )
        self.env["customer.lifecycle.history"].invalidate_model()

    def _log_stage_changes(self, company, changes, reason):
        """Chatter: one tracking message per partner whose stage the rules moved,
        created in one batch (the daily job may move hundreds of partners)."""
        Partner = self.env["res.partner"].with_company(company).sudo()
        Stage = self.env["customer.lifecycle.stage"]
        field_info = Partner.fields_get(["lifecycle_stage_id"])["lifecycle_stage_id"]
        Tracking = self.env["mail.tracking.value"]
        body = self.env._("Lifecycle stage in %(company)s moved by the lifecycle rules.", company=company.name)
        body = Markup("<p>%s</p>") % (f"{body} {reason}" if reason else body)
        note = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        self.env["mail.message"].sudo().create(
            [
                {
                    "model": "res.partner",
                    "res_id": partner_id,
                    "message_type": "notification",
                    "subtype_id": note,
                    "is_internal": True,
                    "author_id": self.env.user.partner_id.id,
                    "body": body,
                    "tracking_value_ids": [
                        fields.Command.create(
                            Tracking._create_tracking_values(
                                Stage.browse(old_stage_id),
                                Stage.browse(new_stage_id),
                                "lifecycle_stage_id",
                                field_info,
                                Partner.browse(partner_id),
                            )
                        )
                    ],
                }
                for partner_id, old_stage_id, new_stage_id in changes
            ]
        )
