# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""What the engine reads of a batch of partners, in one statement: their purchases,
the days their referrals converted, their complaints and detractor answers, what is
stored for them now and the moves their history holds: all the walk needs."""

import functools
from contextlib import contextmanager

from odoo import api, models
from odoo.tools import SQL

from ..tools.customer_walk import WalkInputs
from ..tools.lifecycle_fields import ENGINE_COLUMNS
from ..tools.loyalty_hold import DETRACTOR_MAX_SCORE, NO_SATISFACTION, Satisfaction
from .bulk_sql import id_array, partner_filter

PURCHASE_TABLE = "customer_lifecycle_purchase_tmp"
# The row version (xmin) of every partner when the purchase table was taken: a partner
# whose row changed since (an order confirmed meanwhile recomputed it) is read live.
VERSION_TABLE = "customer_lifecycle_version_tmp"
# How PostgreSQL runs the one grouped pass over every purchase of a full recompute (see
# _local_settings): its sort in memory (the 4 MB default spills a million rows to disk),
# and its scan, join and sort shared with parallel workers. The planner's default costs
# of starting workers and passing rows are meant for many small concurrent queries: with
# them it keeps this large one on one core.
PURCHASE_PASS_SETTINGS = {"work_mem": "256MB", "parallel_setup_cost": "0", "parallel_tuple_cost": "0"}


# The same for every batch of a company: composed once (an order confirmation would
# otherwise compose it each time).
@functools.cache
def stored_values_sql(key):
    """What is stored for the company ``key`` (its id, as text) in the columns of the
    partner ``p``, in the order of ``ENGINE_COLUMNS``."""
    return SQL(", ").join(
        SQL("(p.%s->>%s)::%s", SQL.identifier(name), key, SQL(sql_type)) for name, sql_type in ENGINE_COLUMNS
    )


class CustomerLifecycleReader(models.AbstractModel):
    _name = "customer.lifecycle.reader"
    _description = "Customer Lifecycle Reader"

    # ------------------------------------------------------------------
    # The purchase table of a full recompute
    # ------------------------------------------------------------------

    @api.model
    def _create_purchase_table(self, company):
        """Aggregate every purchase of ``company`` once, in a temporary table indexed by
        partner: the batches of a full recompute read it instead of the orders. It is a
        session table, so it survives the commits of the daily job. Returns the
        company's settings it was taken with."""
        self.env.flush_all()
        table = SQL.identifier(PURCHASE_TABLE)
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", table))
        settings = company._lifecycle_settings()
        # sorted in memory, in parallel, and order days in the company's time zone set for the session
        with self._local_settings(**PURCHASE_PASS_SETTINGS, TimeZone=settings.tz):
            self.env.cr.execute(
                SQL(
                    "CREATE TEMP TABLE %s AS %s",
                    table,
                    self.env["customer.lifecycle.purchase"]._totals_sql(
                        company, settings=settings, session_time_zone=True
                    ),
                )
            )
        self.env.cr.execute(SQL("CREATE UNIQUE INDEX ON %s (partner_id)", table))
        self.env.cr.execute(SQL("ANALYZE %s", table))
        versions = SQL.identifier(VERSION_TABLE)
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", versions))
        self.env.cr.execute(
            SQL(
                "CREATE TEMP TABLE %s AS SELECT id AS partner_id, xmin::text AS version FROM res_partner "
                "WHERE id = commercial_partner_id",
                versions,
            )
        )
        self.env.cr.execute(SQL("CREATE UNIQUE INDEX ON %s (partner_id)", versions))
        return settings

    @api.model
    def _drop_purchase_table(self):
        for table in (PURCHASE_TABLE, VERSION_TABLE):
            self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table)))

    @contextmanager
    def _local_settings(self, **settings):
        """PostgreSQL settings for the statements run inside, put back afterwards.

        The one grouped pass of a full recompute sorts every purchase row: with
        PostgreSQL's default ``work_mem`` (4 MB) the sort spills to temporary files; it
        runs with parallel workers (see ``PURCHASE_PASS_SETTINGS``); and its order days
        are taken in the company's time zone set as the session's ``TimeZone``.
        ``set_config(..., true)`` is local to the transaction in any case.
        """
        cr = self.env.cr
        previous = {}
        for name, value in settings.items():
            cr.execute(SQL("SELECT current_setting(%s)", name))
            previous[name] = cr.fetchone()[0]
            cr.execute(SQL("SELECT set_config(%s, %s, true)", name, value))
        yield
        for name, value in previous.items():
            cr.execute(SQL("SELECT set_config(%s, %s, true)", name, value))

    # ------------------------------------------------------------------
    # Which partners
    # ------------------------------------------------------------------

    @api.model
    def _partners_with_lifecycle(self, company):
        """Commercial partners with purchases (in the purchase table), or with a stored
        stage, in ``company``."""
        self.env.cr.execute(SQL("%s ORDER BY 1", self._partners_with_lifecycle_sql(company)))
        return [row[0] for row in self.env.cr.fetchall()]

    def _partners_with_lifecycle_sql(self, company):
        """The query of :meth:`_partners_with_lifecycle` (one column: partner_id); the
        partners outside the chain (the company's own, its users') are not walked."""
        return SQL(
            "(SELECT partner_id FROM %s UNION SELECT id FROM res_partner WHERE lifecycle_stage_id ? %s) EXCEPT (%s)",
            SQL.identifier(PURCHASE_TABLE),
            str(company.id),
            self.env["res.partner"]._lifecycle_outside_chain_sql(),
        )

    @api.model
    def _partners_to_walk(self, company, settings, today):
        """The commercial partners of :meth:`_partners_with_lifecycle` that the rules must
        walk ``today``: their purchases, referrals or the chain's thresholds changed since
        their stage was computed (the fingerprint differs), their next possible move has
        come, or their stage was computed for a later day than today."""
        self.env.cr.execute(
            SQL(
                """
            WITH conversions AS (%(conversions)s),
            satisfaction AS (%(satisfaction)s),
            partners AS (%(partners)s)
            SELECT x.partner_id
              FROM partners x
              JOIN res_partner p ON p.id = x.partner_id
         LEFT JOIN %(table)s pu ON pu.partner_id = x.partner_id
         LEFT JOIN conversions c ON c.partner_id = x.partner_id
         LEFT JOIN satisfaction s ON s.partner_id = x.partner_id
             WHERE (p.lifecycle_inputs_key->>%(key)s) IS DISTINCT FROM %(inputs_key)s
                OR (p.lifecycle_next_move_date->>%(key)s)::date <= %(today)s
                OR (p.lifecycle_stage_date->>%(key)s)::date > %(today)s
             ORDER BY 1
            """,
                conversions=self.env["customer.referral"]._conversion_days_sql(company),
                satisfaction=self._satisfaction_sql(company, settings),
                partners=self._partners_with_lifecycle_sql(company),
                table=SQL.identifier(PURCHASE_TABLE),
                key=str(company.id),
                inputs_key=self._inputs_key_sql(settings),
                today=today,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _inputs_key_sql(self, settings):
        """The fingerprint of what the rules read of a partner: its purchase days and total
        (``pu``), the days its referrals converted (``c``), the chain's thresholds and its
        complaints and detractor answers (``s``: nothing added for a partner without any,
        whose fingerprint stays what it was)."""
        rules = self.env["customer.lifecycle.stage"]._chain_rules(settings.lapse_days)
        return SQL(
            "md5(concat(pu.days::text, '|', pu.amount::text, '|', c.days::text, '|', %s::text, '|' || s.key))",
            repr(rules),
        )

    def _satisfaction_sql(self, company, settings, partner_ids=None):
        """(partner_id, complaint days, their resolution days, detractor answer days, key)
        per commercial partner of ``company`` with a complaint or a detractor answer, days
        in the company's time zone (see :mod:`~..tools.loyalty_hold`). The score is read
        only where the touch-point has one (the survey's ``satisfaction_score``)."""
        # an integer column holds 0 where no score was given: the flag says there is one
        detractor = SQL("(t.has_satisfaction_score AND t.satisfaction_score <= %s)", DETRACTOR_MAX_SCORE)
        day = SQL("(t.date AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", settings.tz)
        resolved = SQL("(t.resolved_date AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", settings.tz)
        scope = SQL("TRUE")
        if partner_ids is not None:
            scope = partner_filter(SQL("t.commercial_partner_id"), partner_ids)
        return SQL(
            """
            SELECT partner_id, complaints, resolved, detractors,
                   concat(complaints::text, '/', resolved::text, '/', detractors::text) AS key
              FROM (SELECT t.commercial_partner_id AS partner_id,
                           ARRAY_AGG(%(day)s ORDER BY t.date, t.id)
                               FILTER (WHERE t.kind = 'complaint') AS complaints,
                           ARRAY_AGG(%(resolved)s ORDER BY t.date, t.id)
                               FILTER (WHERE t.kind = 'complaint') AS resolved,
                           ARRAY_AGG(%(day)s ORDER BY t.date, t.id) FILTER (WHERE %(detractor)s) AS detractors
                      FROM customer_touchpoint t
                     WHERE t.company_id = %(company)s AND (t.kind = 'complaint' OR %(detractor)s) AND %(scope)s
                  GROUP BY t.commercial_partner_id) x
            """,
            day=day,
            resolved=resolved,
            detractor=detractor,
            company=company.id,
            scope=scope,
        )

    # ------------------------------------------------------------------
    # One batch
    # ------------------------------------------------------------------

    @api.model
    def _read_purchases(self, company, partner_ids):
        """{partner_id: (sorted distinct purchase days, total amount)}"""
        self.env.cr.execute(self.env["customer.lifecycle.purchase"]._totals_sql(company, partner_ids))
        return {pid: (days or [], amount or 0.0) for pid, days, amount in self.env.cr.fetchall()}

    @api.model
    def _read_batch(self, company, partner_ids, settings, history=True):
        """{partner_id: :class:`~..tools.customer_walk.WalkInputs`}, read from the
        documents in one statement: the sorted distinct purchase days and the total
        amount, the days the partner's referrals converted, their complaints and
        detractor answers, what is stored now for ``company`` and, with ``history``, the
        moves their history holds. ``partner_ids``: ids, or an :class:`SQL` subquery."""
        self.env.flush_all()
        self.env.cr.execute(self._read_batch_sql(company, partner_ids, settings, history=history))
        return {pid: self._walk_inputs(*data) for pid, _is_stale, *data in self.env.cr.fetchall()}

    @api.model
    def _read_batch_from_table(self, company, partner_ids, settings, history=True):
        """:meth:`_read_batch` for a batch of a full recompute: the purchases come from
        the purchase table. A partner whose row changed since the table was taken (an
        order confirmed meanwhile recomputed it from newer documents) is read again from
        the documents: the table is stale for them."""
        self.env.flush_all()
        purchases = SQL(
            "SELECT partner_id, days, amount FROM %s WHERE partner_id = ANY(%s::int4[])",
            SQL.identifier(PURCHASE_TABLE),
            id_array(partner_ids),
        )
        stale = SQL(
            "(SELECT v.version FROM %s v WHERE v.partner_id = p.id) IS DISTINCT FROM p.xmin::text",
            SQL.identifier(VERSION_TABLE),
        )
        query = self._read_batch_sql(company, partner_ids, settings, purchases=purchases, stale=stale, history=history)
        self.env.cr.execute(query)
        batch, changed = {}, []
        for pid, is_stale, *data in self.env.cr.fetchall():
            batch[pid] = self._walk_inputs(*data)
            if is_stale:
                changed.append(pid)
        if changed:
            batch.update(self._read_batch(company, changed, settings, history=history))
        return batch

    @api.model
    def _lock_and_read_batch(self, company, partner_ids, settings):
        """(:meth:`_read_batch` of ``partner_ids``, the ids of who referred them in
        ``company``); the same statement locks their rows as the engine's
        ``_lock_partners`` does. ``partner_ids``: ids, or an :class:`SQL` subquery
        returning them.

        An order confirmation needs no other statement to read its customer."""
        referrers = SQL(
            """, ARRAY(SELECT r.referrer_commercial_id FROM customer_referral r
                      WHERE r.referred_commercial_id = p.id AND r.state != 'rejected'
                        AND r.company_id = %s)""",
            company.id,
        )
        query = self._read_batch_sql(
            company, partner_ids, settings, referrers=referrers, lock=SQL("ORDER BY p.id FOR NO KEY UPDATE OF p")
        )
        self.env.cr.execute(query, log_exceptions=False)
        batch, referrer_ids = {}, set()
        for pid, _is_stale, *data, referrers in self.env.cr.fetchall():
            batch[pid] = self._walk_inputs(*data)
            referrer_ids.update(referrers)
        return batch, referrer_ids

    def _walk_inputs(
        self,
        complaints,
        resolved,
        detractors,
        days,
        amount,
        conversions,
        pin_stage_id,
        recorded_stages,
        recorded_days,
        inputs_key,
        *stored,
    ):
        satisfaction = NO_SATISFACTION
        if complaints or detractors:
            satisfaction = Satisfaction(
                tuple(zip(complaints or (), resolved or (), strict=True)), tuple(detractors or ())
            )
        recorded = frozenset(zip(recorded_stages, recorded_days, strict=True)) if recorded_stages else frozenset()
        return WalkInputs(
            days or [], amount or 0.0, conversions or [], pin_stage_id, inputs_key, stored, satisfaction, recorded
        )

    def _read_batch_sql(
        self, company, partner_ids, settings, purchases=None, stale=None, referrers=None, lock=None, history=True
    ):
        """The statement of the batch readers: ``purchases`` (from the documents by
        default), whether the row is ``stale``, the ``referrers`` and the ``lock``
        clause are the pieces in which they differ;
        ``history``: read the moves the history holds (not at an install, whose history
        starts empty). A partner outside the chain is not read: the engine leaves it
        alone.

        Each piece is computed once for the batch (``MATERIALIZED``): PostgreSQL then
        plans them one by one, not every order of their joins, which an order
        confirmation would pay each time; a subquery of ``partner_ids`` runs once, first."""
        targets = SQL()
        if isinstance(partner_ids, SQL):
            targets = SQL("targets(id) AS MATERIALIZED (%s),", partner_ids)
            partner_ids = SQL("SELECT id FROM targets")
        if purchases is None:
            purchases = self.env["customer.lifecycle.purchase"]._totals_sql(company, partner_ids, settings)
        key = str(company.id)
        return SQL(
            """
            WITH %(targets)s
            purchases AS MATERIALIZED (%(purchases)s),
            conversions AS MATERIALIZED (%(conversions)s),
            satisfaction AS MATERIALIZED (%(satisfaction)s),
            recorded AS MATERIALIZED (
                SELECT partner_id, ARRAY_AGG(to_stage_id) AS stages, ARRAY_AGG(date) AS days
                  FROM customer_lifecycle_history
                 WHERE company_id = %(company)s AND %(history_filter)s
              GROUP BY partner_id
            )
            SELECT p.id, %(stale)s, s.complaints, s.resolved, s.detractors, pu.days, pu.amount, c.days,
                   (p.lifecycle_pin_stage_id->>%(key)s)::int4, h.stages, h.days, %(inputs_key)s, %(columns)s
                   %(referrers)s
              FROM res_partner p
         LEFT JOIN purchases pu ON pu.partner_id = p.id
         LEFT JOIN conversions c ON c.partner_id = p.id
         LEFT JOIN satisfaction s ON s.partner_id = p.id
         LEFT JOIN recorded h ON h.partner_id = p.id
             WHERE %(partner_filter)s AND p.id NOT IN (%(outside)s)
             %(lock)s
            """,
            targets=targets,
            purchases=purchases,
            conversions=self.env["customer.referral"]._conversion_days_sql(company, partner_ids),
            satisfaction=self._satisfaction_sql(company, settings, partner_ids),
            company=company.id,
            history_filter=partner_filter(SQL("partner_id"), partner_ids) if history else SQL("FALSE"),
            stale=stale or SQL("FALSE"),
            partner_filter=partner_filter(SQL("p.id"), partner_ids),
            outside=self.env["res.partner"]._lifecycle_outside_chain_sql(),
            key=key,
            inputs_key=self._inputs_key_sql(settings),
            columns=stored_values_sql(key),
            referrers=referrers or SQL(),
            lock=lock or SQL(),
        )
