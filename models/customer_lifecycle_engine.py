# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The set-based engine that puts partners at their stage of the customer chain.

Per company and per batch of commercial partners it reads, in a few grouped SQL
queries, the distinct purchase days, the purchase total, the referral conversion
days and what is stored now; it asks the pure rules of
:mod:`..tools.customer_chain` where each partner stands; and it writes the
company-dependent partner fields with one bulk UPDATE and the history with one
bulk INSERT.  It never runs one query per partner.
"""

import functools
import json
import logging
import random
import threading
import time
from collections import namedtuple
from contextlib import contextmanager, nullcontext

from markupsafe import Markup
from psycopg2 import errors

from odoo import api, models, tools
from odoo.exceptions import AccessError
from odoo.tools import SQL, split_every

from ..tools import customer_chain as chain
from ..tools.bulk_sql import copy_lines, id_array, partner_filter
from ..tools.today import today_in

_logger = logging.getLogger(__name__)

MANAGER_GROUP = "customer_lifecycle.group_lifecycle_manager"
PURCHASE_TABLE = "customer_lifecycle_purchase_tmp"
# The row version (xmin) of every partner when the purchase table was taken: a partner
# whose row changed since (an order confirmed meanwhile recomputed it) is read live.
VERSION_TABLE = "customer_lifecycle_version_tmp"
# How often a batch of the daily job is tried again when a user's transaction changed
# one of its partners at the same time (PostgreSQL's serialization failure).
BATCH_ATTEMPTS = 5
# The system parameter that sets the size of the batches of a full recompute, when it is
# not the engine's _batch_size.
BATCH_SIZE_PARAMETER = "customer_lifecycle.batch_size"
# How PostgreSQL runs the one grouped pass over every purchase of a full recompute (see
# _local_settings): its sort in memory (the 4 MB default spills a million rows to disk),
# and its scan, join and sort shared with parallel workers. The planner's default costs
# of starting workers and passing rows are meant for many small concurrent queries: with
# them it keeps this large one on one core (about 2.5 s where two workers take 1.7 to 2 s).
PURCHASE_PASS_SETTINGS = {"work_mem": "256MB", "parallel_setup_cost": "0", "parallel_tuple_cost": "0"}

# The company-dependent partner columns the engine writes, with their SQL type. The
# engine carries a partner's values as a tuple in this order (see PartnerValues).
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
    ("lifecycle_next_move_date", "date"),
    ("lifecycle_inputs_key", "varchar"),
)

# The values of a batch of a full recompute, copied here before one UPDATE of the partners.
VALUES_TABLE = "customer_lifecycle_values_tmp"

CompanySettings = namedtuple("CompanySettings", "source lapse_days tz rounding")
# The fields of a company its settings are read from (with its partner's time zone and
# its currency's rounding): writing one of them clears the cached settings.
SETTINGS_COMPANY_FIELDS = ("lifecycle_purchase_source", "lifecycle_lapse_days", "partner_id", "currency_id")
# What the engine writes of a partner: a plain tuple compares in one step with what is
# stored, for the 60 000 partners of a full recompute.
ENGINE_COLUMN_NAMES = tuple(name for name, _type in ENGINE_COLUMNS)
PartnerValues = namedtuple("PartnerValues", [name.removeprefix("lifecycle_") for name in ENGINE_COLUMN_NAMES])
# The columns of a row of values (after the id), with their SQL types.
VALUES_COLUMNS = SQL(", ").join(SQL("%s %s", SQL.identifier(name), SQL(sql_type)) for name, sql_type in ENGINE_COLUMNS)


# The SQL pieces naming the engine's columns for a company are the same for every
# batch: composed once (an order confirmation would otherwise compose them each time).
@functools.cache
def _values_assignments_sql(key):
    """SET clauses storing the values of ``v`` as the entries of the company ``key``
    (its id, as text) in the partners' company-dependent columns. An empty value (no
    lapse, no advocate date) removes the company's entry rather than storing a null:
    Odoo reads a missing entry as empty, and the install writes 60 000 rows a few
    entries narrower."""
    return SQL(", ").join(
        SQL(
            """%(column)s = CASE WHEN v.%(column)s IS NULL THEN p.%(column)s - %(key)s
                ELSE COALESCE(p.%(column)s, '{}'::jsonb) || jsonb_build_object(%(key)s, v.%(column)s) END""",
            column=SQL.identifier(name),
            key=key,
        )
        for name, _type in ENGINE_COLUMNS
    )


@functools.cache
def _stored_values_sql(key):
    """What is stored for the company ``key`` (its id, as text) in the columns of the
    partner ``p``, in the order of ``ENGINE_COLUMNS``."""
    return SQL(", ").join(
        SQL("(p.%s->>%s)::%s", SQL.identifier(name), key, SQL(sql_type)) for name, sql_type in ENGINE_COLUMNS
    )


class RuleReasons(dict):
    """The rules in words, translated once per batch, and only when a line needs one."""

    def __init__(self, engine, rules):
        super().__init__()
        self.engine, self.rules = engine, rules

    def __missing__(self, rule):
        reasons = self.engine._rule_reasons(self.rules)
        self.update(reasons)
        return reasons[rule]  # a rule it does not know: a KeyError, not an endless recursion


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
    def _recompute_all(self, companies, backfill=False, commit=False, force=False):
        """Recompute every partner that has purchases or a stored stage in ``companies``.

        Every partner's data is compared, in SQL, with the fingerprint of the data its
        stage was computed from; the rules walk only the partners whose data changed or
        whose next possible move (a stage maturing, a lapse) has come: the others are
        where the rules would put them again. ``force`` walks every partner (the
        "Recompute Stages and Health" button: it also mends values changed by hand in the
        database).
        ``backfill`` is the install: the history is written in bulk, without chatter.
        """
        if backfill:
            with self.env["customer.lifecycle.history"]._bulk_load():
                self._recompute_companies(companies, backfill=True, commit=commit, force=True)
        else:
            self._recompute_companies(companies, commit=commit, force=force)

    @api.model
    def _recompute_after_settings(self, companies):
        """Recompute ``companies`` after what counts as a purchase, or the lapse period,
        changed in Settings: a partner the change moves gets one history line, dated
        the day of the change and saying so; the story the history holds already is not
        written again (see :func:`~..tools.customer_chain.transitions_to_record`)."""
        self._recompute_companies(companies, settings_changed=True)

    def _recompute_companies(self, companies, backfill=False, commit=False, force=False, settings_changed=False):
        # a system parameter may make the batches smaller (the fault checks take several per company)
        batch_size = int(self.env["ir.config_parameter"].sudo().get_param(BATCH_SIZE_PARAMETER, 0)) or self._batch_size
        for company in companies:
            self.env["customer.referral"]._sync_conversions(company)
            # one grouped pass over every purchase of the company, then batches read it
            # (with the company's settings of that pass: read once, not once per batch)
            settings = self._create_purchase_table(company)
            # one day for the whole run, even if it goes past midnight
            today = self._today(settings)
            if force:
                partner_ids = self._partners_with_lifecycle(company)
            else:
                partner_ids = self._partners_to_walk(company, settings, today)
            if commit:
                # the referral sync and the session tables outlive a batch rolled back for a
                # retry: a temporary table survives commits, not the rollback of its creation
                self.env.cr.commit()  # pylint: disable=invalid-commit
            done = 0
            # the install writes every partner: their values wait for one UPDATE at the end
            values = self._partner_values_deferred(company) if backfill and not commit else nullcontext(self)
            with values as engine:
                for batch in split_every(batch_size, partner_ids, list):
                    if commit:
                        engine._recompute_batch_committed(company, batch, settings, today)
                        done += len(batch)
                        self.env["ir.cron"]._notify_progress(done=done, remaining=len(partner_ids) - done)
                        self.env.cr.commit()  # pylint: disable=invalid-commit
                    else:
                        engine._recompute_batch(
                            company,
                            batch,
                            backfill=backfill,
                            from_table=True,
                            settings=settings,
                            today=today,
                            settings_changed=settings_changed,
                        )
                        done += len(batch)
            for table in (PURCHASE_TABLE, VERSION_TABLE):
                self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table)))
            _logger.info("Customer lifecycle: %s partners recomputed for company %s", done, company.name)

    def _recompute_batch_committed(self, company, batch, settings, today):
        """One batch of the daily job in a transaction of its own.

        Its partners are locked first, so that an order confirmed at the same moment
        waits for the batch (and is retried by Odoo) instead of being overwritten; when
        such a confirmation committed first, PostgreSQL refuses the batch's snapshot and
        the batch is tried again in a fresh transaction, as Odoo retries a request.
        """
        for attempt in range(1, BATCH_ATTEMPTS + 1):
            try:
                self._lock_partners(batch)
                self._recompute_batch(company, batch, from_table=True, settings=settings, today=today)
                return
            except (errors.SerializationFailure, errors.DeadlockDetected):
                self.env.cr.rollback()
                if attempt == BATCH_ATTEMPTS:
                    raise
                _logger.info("Customer lifecycle: a batch met a concurrent update, attempt %s", attempt + 1)
                time.sleep(random.uniform(0.1, 0.5) * attempt)

    def _lock_partners(self, partner_ids):
        """Lock the rows of these partners (ids, or an :class:`SQL` subquery returning them)
        for the rest of the transaction, in id order; return their ids.

        A row changed by a transaction committed after ours began raises PostgreSQL's
        serialization failure here, before anything is written: Odoo retries the request
        (and the daily job its batch), as for any concurrent update. It is not logged as
        a bad query: it is the expected answer to a concurrent confirmation.
        """
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE %s ORDER BY id FOR NO KEY UPDATE",
                partner_filter(SQL("id"), partner_ids),
            ),
            log_exceptions=False,
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _recompute_partners(self, partners, companies, reason=None, settings=None):
        """Incremental recompute of ``partners`` (any contacts) after a change of data.

        The commercial partners are recomputed, and so are those who referred them:
        a referred partner who becomes a customer converts the referral, which may
        make the referrer an advocate. ``settings``: the companies' settings when the
        caller read them already (:meth:`_companies_settings`).
        """
        if settings is None:
            settings = self._companies_settings(companies)
        if not settings:
            return
        # plain SQL: the ORM would load every column of the partners (and of the
        # companies) for the ids it needs, in the middle of an order confirmation
        self.env.flush_all()
        commercial = SQL("SELECT commercial_partner_id FROM res_partner WHERE id = ANY(%s)", partners.ids)
        for company, company_settings in settings.items():
            # the commercial partners locked (two confirmations for one customer, or one and
            # the daily job, take turns) and read in one statement, with who referred them
            batch, referrer_ids = self._lock_and_read_batch(company, commercial, company_settings)
            partner_ids = sorted(batch)
            if referrer_ids:  # most partners were referred by nobody: nothing to convert
                self.env["customer.referral"]._sync_conversions(company, partner_ids)
                # the referrers move too; the conversions just changed: read again
                partner_ids, batch = sorted(batch.keys() | referrer_ids), None
            self._recompute_batch(company, partner_ids, reason=reason, settings=company_settings, batch=batch)

    @api.model
    def _cron_recompute(self):
        """Daily job: the time-based moves (maturity, lapsing) of every company, and
        the relationship health of every customer."""
        # batches are committed (a killed run resumes without double history lines),
        # except in tests, which run in one transaction
        testing = getattr(threading.current_thread(), "testing", False)
        companies = self.env["res.company"].search([])
        self._recompute_all(companies, commit=not testing)
        # then the relationship health, which reads the stages and metrics just written
        self.env["customer.lifecycle.health"]._recompute_all(companies, commit=not testing)

    # ------------------------------------------------------------------
    # Reading (set-based)
    # ------------------------------------------------------------------

    def _company_settings(self, company):
        """What the engine needs of ``company`` (see :meth:`_companies_settings`)."""
        return self._companies_settings(company)[company]

    @api.model
    def _companies_settings(self, companies, source=None):
        """{company: settings} of ``companies``: the purchase source, the lapse period,
        the time zone (purchase days and today are days of the company's calendar) and
        the currency rounding. With ``source`` (sale or invoice), only the companies
        whose qualifying purchases are those documents."""
        settings = {}
        for company in companies:
            values = self._company_settings_values(company.id)
            if values and source in (None, values.source):
                settings[company] = values
        return settings

    @tools.ormcache("company_id")
    def _company_settings_values(self, company_id):
        """The settings of one company, read in one small query (the ORM would load every
        column of the company and of its partner) and cached: every order confirmation
        needs them. The cache is cleared when one of them changes (see the ``write`` of
        res.company, res.partner and res.currency)."""
        company = self.env["res.company"].browse(company_id)
        company.flush_recordset(SETTINGS_COMPANY_FIELDS)
        self.env["res.partner"].flush_model(["tz"])
        self.env["res.currency"].flush_model(["rounding"])
        self.env.cr.execute(
            SQL(
                """
            SELECT c.lifecycle_purchase_source, c.lifecycle_lapse_days, COALESCE(p.tz, 'UTC'), cur.rounding
              FROM res_company c
              JOIN res_partner p ON p.id = c.partner_id
              JOIN res_currency cur ON cur.id = c.currency_id
             WHERE c.id = %s
            """,
                company_id,
            )
        )
        row = self.env.cr.fetchone()
        return CompanySettings(*row) if row else None

    def _create_purchase_table(self, company):
        """Aggregate every purchase of ``company`` once, in a temporary table indexed by
        partner: the batches of a full recompute read it instead of the orders. It is a
        session table, so it survives the commits of the daily job. Returns the
        company's settings it was taken with."""
        self.env.flush_all()
        table = SQL.identifier(PURCHASE_TABLE)
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", table))
        settings = self._company_settings(company)
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

    @contextmanager
    def _local_settings(self, **settings):
        """PostgreSQL settings for the statements run inside, put back afterwards.

        The one grouped pass of a full recompute sorts a million purchase rows: with
        PostgreSQL's default ``work_mem`` (4 MB) the sort spills to temporary files,
        in memory it is about a third faster; it runs with parallel workers (see
        ``PURCHASE_PASS_SETTINGS``); and its order days are taken in the company's time
        zone set as the session's ``TimeZone``. ``set_config(..., true)`` is local to
        the transaction in any case.
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

    def _read_purchases(self, company, partner_ids):
        """{partner_id: (sorted distinct purchase days, total amount)}"""
        self.env.cr.execute(self.env["customer.lifecycle.purchase"]._totals_sql(company, partner_ids))
        return {pid: (days or [], amount or 0.0) for pid, days, amount in self.env.cr.fetchall()}

    def _partners_with_lifecycle(self, company):
        """Commercial partners with purchases (in the purchase table), or with a stored
        stage, in ``company``."""
        self.env.cr.execute(SQL("%s ORDER BY 1", self._partners_with_lifecycle_sql(company)))
        return [row[0] for row in self.env.cr.fetchall()]

    def _partners_with_lifecycle_sql(self, company):
        """The query of :meth:`_partners_with_lifecycle` (one column: partner_id)."""
        return SQL(
            "SELECT partner_id FROM %s UNION SELECT id FROM res_partner WHERE lifecycle_stage_id ? %s",
            SQL.identifier(PURCHASE_TABLE),
            str(company.id),
        )

    def _partners_to_walk(self, company, settings, today):
        """The commercial partners of :meth:`_partners_with_lifecycle` that the rules must
        walk ``today``: their purchases, referrals or the chain's thresholds changed since
        their stage was computed (the fingerprint differs), their next possible move has
        come, or their stage was computed for a later day than today."""
        self.env.cr.execute(
            SQL(
                """
            WITH conversions AS (%(conversions)s),
            partners AS (%(partners)s)
            SELECT x.partner_id
              FROM partners x
              JOIN res_partner p ON p.id = x.partner_id
         LEFT JOIN %(table)s pu ON pu.partner_id = x.partner_id
         LEFT JOIN conversions c ON c.partner_id = x.partner_id
             WHERE (p.lifecycle_inputs_key->>%(key)s) IS DISTINCT FROM %(inputs_key)s
                OR (p.lifecycle_next_move_date->>%(key)s)::date <= %(today)s
                OR (p.lifecycle_stage_date->>%(key)s)::date > %(today)s
             ORDER BY 1
            """,
                conversions=self.env["customer.referral"]._conversion_days_sql(company),
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
        (``pu``), the days its referrals converted (``c``) and the chain's thresholds."""
        rules = self.env["customer.lifecycle.stage"]._chain_rules(settings.lapse_days)
        return SQL("md5(concat(pu.days::text, '|', pu.amount::text, '|', c.days::text, '|', %s::text))", repr(rules))

    def _today(self, settings):
        """Today in the company's calendar, as the purchase days are."""
        return today_in(settings.tz)

    def _read_batch(self, company, partner_ids, settings, from_table=False):
        """{partner_id: (days, amount, conversion days, pinned stage id, fingerprint of
        this data, stored values)}

        The days are sorted, the purchase days distinct; the stored values are a tuple
        in the order of ``ENGINE_COLUMNS`` (None where nothing is stored).

        One query per batch: the sorted distinct purchase days and the total amount
        (from the purchase table of a full recompute, or from the documents), the
        days the partner's referrals converted, and what is stored now for ``company``.
        A partner whose row changed since the purchase table was taken (an order
        confirmed meanwhile recomputed it from newer documents) is read again from the
        documents: the table is stale for them.
        """
        self.env.cr.execute(self._read_batch_sql(company, partner_ids, settings, from_table=from_table))
        batch, changed = {}, []
        for pid, is_stale, *data in self.env.cr.fetchall():
            batch[pid] = self._batch_entry(*data)
            if is_stale:
                changed.append(pid)
        if changed:
            batch.update(self._read_batch(company, changed, settings))
        return batch

    def _lock_and_read_batch(self, company, partner_ids, settings):
        """(:meth:`_read_batch` of ``partner_ids``, the ids of who referred them in
        ``company``); the same statement locks their rows as :meth:`_lock_partners` does.
        ``partner_ids``: ids, or an :class:`SQL` subquery returning them.

        An order confirmation needs no other statement to read its customer."""
        self.env.cr.execute(self._read_batch_sql(company, partner_ids, settings, lock=True), log_exceptions=False)
        batch, referrer_ids = {}, set()
        for pid, _is_stale, *data, referrers in self.env.cr.fetchall():
            batch[pid] = self._batch_entry(*data)
            referrer_ids.update(referrers)
        return batch, referrer_ids

    def _batch_entry(self, days, amount, conversions, pin_stage_id, inputs_key, *values):
        return (days or [], amount or 0.0, conversions or [], pin_stage_id, inputs_key, values)

    def _read_batch_sql(self, company, partner_ids, settings, from_table=False, lock=False):
        """The statement of :meth:`_read_batch` (``from_table``) and of
        :meth:`_lock_and_read_batch` (``lock``)."""
        stale, referrers, lock_clause = SQL("FALSE"), SQL(), SQL()
        if from_table:
            purchases = SQL(
                "SELECT partner_id, days, amount FROM %s WHERE partner_id = ANY(%s::int4[])",
                SQL.identifier(PURCHASE_TABLE),
                id_array(partner_ids),
            )
            stale = SQL(
                "(SELECT v.version FROM %s v WHERE v.partner_id = p.id) IS DISTINCT FROM p.xmin::text",
                SQL.identifier(VERSION_TABLE),
            )
        else:
            purchases = self.env["customer.lifecycle.purchase"]._totals_sql(company, partner_ids, settings)
        if lock:
            referrers = SQL(
                """, ARRAY(SELECT r.referrer_commercial_id FROM customer_referral r
                          WHERE r.referred_commercial_id = p.id AND r.state != 'rejected'
                            AND r.company_id = %s)""",
                company.id,
            )
            lock_clause = SQL("ORDER BY p.id FOR NO KEY UPDATE OF p")
        key = str(company.id)
        return SQL(
            """
            WITH purchases AS (%(purchases)s),
            conversions AS (%(conversions)s)
            SELECT p.id, %(stale)s, pu.days, pu.amount, c.days,
                   (p.lifecycle_pin_stage_id->>%(key)s)::int4, %(inputs_key)s, %(columns)s %(referrers)s
              FROM res_partner p
         LEFT JOIN purchases pu ON pu.partner_id = p.id
         LEFT JOIN conversions c ON c.partner_id = p.id
             WHERE %(partner_filter)s
             %(lock)s
            """,
            purchases=purchases,
            conversions=self.env["customer.referral"]._conversion_days_sql(company, partner_ids),
            stale=stale,
            partner_filter=partner_filter(SQL("p.id"), partner_ids),
            key=key,
            inputs_key=self._inputs_key_sql(settings),
            columns=_stored_values_sql(key),
            referrers=referrers,
            lock=lock_clause,
        )

    # ------------------------------------------------------------------
    # One batch
    # ------------------------------------------------------------------

    def _recompute_batch(
        self,
        company,
        partner_ids,
        backfill=False,
        reason=None,
        from_table=False,
        settings=None,
        today=None,
        batch=None,
        settings_changed=False,
    ):
        """Walk ``partner_ids`` (commercial partners) along the chain and store where
        they stand. ``batch``: what :meth:`_read_batch` returns for them, when the caller
        read it already (see :meth:`_lock_and_read_batch`). ``settings_changed``: the
        walk follows a change of Settings (see :meth:`_recompute_after_settings`)."""
        if not partner_ids:
            return
        self.env.flush_all()
        settings = settings or self._company_settings(company)
        today = today or self._today(settings)
        stage_ids = {code: stage.id for code, stage in self.env["customer.lifecycle.stage"]._stage_by_code().items()}
        rules = self.env["customer.lifecycle.stage"]._chain_rules(settings.lapse_days)
        if settings_changed:
            reason = reason or self._settings_reason(settings)
        if batch is None:
            batch = self._read_batch(company, partner_ids, settings, from_table=from_table)

        rows, moved, changes = [], [], []
        nothing_stored = (None,) * len(ENGINE_COLUMNS)
        for partner_id in partner_ids:
            days, amount, conversions, pin_stage_id, inputs_key, before = batch.get(
                partner_id, ([], 0.0, [], None, None, nothing_stored)
            )
            # the database gives the days sorted and the purchase days distinct
            state = chain.walk_sorted_days(
                chain.days_until(days, today), chain.days_until(conversions, today), today, rules
            )
            stored_stage_id, stored_date = before[0], before[1]
            stage_id, stage_date = stage_ids[state.stage], state.stage_date
            if pin_stage_id:
                # a manager's pin holds until removed: the rules do not move the partner
                stage_id, stage_date = stored_stage_id, stored_date
            elif stored_stage_id != stage_id or stored_date != stage_date:
                moved.append((partner_id, stored_stage_id, stored_date, state))
                previous_stage_id = stored_stage_id or stage_ids[chain.PROSPECT]
                if previous_stage_id != stage_id:
                    changes.append((partner_id, previous_stage_id, stage_id))
            row = PartnerValues(
                stage_id=stage_id,
                stage_date=stage_date,
                customer_date=state.customer_date,
                loyal_date=state.loyal_date,
                advocate_date=state.advocate_date,
                lapsed_date=state.lapsed_date,
                first_purchase_date=days[0] if days else None,
                last_purchase_date=days[-1] if days else None,
                purchase_count=len(days),
                purchase_amount=amount,
                purchase_interval=round(chain.mean_gap_days(days), 1),
                next_move_date=chain.next_move_on(state, days, conversions, today, rules),
                inputs_key=inputs_key,
            )
            if row == before:
                continue  # unchanged: the row is not rewritten
            rows.append((partner_id, *row))

        self._write_partner_values(company, rows, bulk=from_table)
        self.env["customer.lifecycle.history"]._copy_lines(
            self._history_rows(company, moved, stage_ids, RuleReasons(self, rules), reason, today, settings_changed)
        )
        self.env["res.partner"].invalidate_model(ENGINE_COLUMN_NAMES)
        if changes and not backfill:
            self._log_stage_changes(company, changes, reason)

    def _history_rows(self, company, moved, stage_ids, reasons, reason, today, settings_changed):
        """The history lines of the partners ``moved`` (partner id, stored stage id and
        date, :class:`~..tools.customer_chain.ChainState`): what
        :func:`~..tools.customer_chain.transitions_to_record` says, knowing the moves
        already in their history."""
        code_of = {stage_id: code for code, stage_id in stage_ids.items()}
        # a partner without a stored stage has no line either: both are written together
        recorded = self._recorded_moves(
            company, [partner_id for partner_id, stored_id, *_state in moved if stored_id], code_of
        )
        rows = []
        for partner_id, stored_stage_id, stored_date, state in moved:
            stored_code = None if stored_stage_id is None else code_of.get(stored_stage_id, "")
            for transition in chain.transitions_to_record(
                stored_code, stored_date, state, today, recorded.get(partner_id, frozenset()), settings_changed
            ):
                rows.append(
                    self._history_row(partner_id, company.id, transition, stage_ids, reasons, reason, stored_stage_id)
                )
        return rows

    def _recorded_moves(self, company, partner_ids, code_of):
        """{partner_id: {(stage code, day)}}: the moves the history of ``company`` holds
        for these partners, each known by the stage reached and its day."""
        if not partner_ids:
            return {}
        self.env.cr.execute(
            SQL(
                "SELECT partner_id, to_stage_id, date FROM %s WHERE company_id = %s AND partner_id = ANY(%s::int4[])",
                SQL.identifier(self.env["customer.lifecycle.history"]._table),
                company.id,
                id_array(partner_ids),
            )
        )
        recorded = {}
        for partner_id, stage_id, day in self.env.cr.fetchall():
            recorded.setdefault(partner_id, set()).add((code_of.get(stage_id), day))
        return recorded

    def _settings_reason(self, settings):
        """The reason of the moves a change of Settings caused, in words."""
        sources = dict(self.env["res.company"]._fields["lifecycle_purchase_source"]._description_selection(self.env))
        return self.env._(
            "Settings changed: qualifying purchases are %(purchases)s, and a customer lapses after %(days)s days "
            "without one.",
            purchases=sources[settings.source],
            days=settings.lapse_days,
        )

    def _history_row(self, partner_id, company_id, transition, stage_ids, reasons, reason, stored_stage_id):
        return (
            partner_id,
            company_id,
            # a stage without code (a custom stage a manager pinned) is known by its id only
            stage_ids.get(transition.from_code, stored_stage_id),
            stage_ids[transition.to_code],
            transition.date,
            transition.rule,
            reason or reasons[transition.rule],
        )

    def _rule_reasons(self, rules):
        """{rule: the rule of the article, in words, for a history line}"""
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
        }

    # ------------------------------------------------------------------
    # Writing (set-based)
    # ------------------------------------------------------------------

    def _write_partner_values(self, company, rows, bulk=False):
        """Store the rows (partner id, *values in the order of ``ENGINE_COLUMNS``) of a
        batch with one UPDATE.

        A few rows (an order confirmed) travel as one JSON document: one statement.
        The many rows of a full recompute or of the install (``bulk``) are loaded with
        COPY into a temporary table first: PostgreSQL reads a JSON document of 2 000
        rows more slowly than it copies them. Inside :meth:`_partner_values_deferred`
        (the install) they stay in that table until the one UPDATE at its end."""
        if not rows:
            return
        if not bulk:
            self.env.cr.execute(
                SQL(
                    """
                UPDATE res_partner p SET %(assignments)s
                  FROM jsonb_to_recordset(%(rows)s::jsonb) AS v(id int4, %(columns)s)
                 WHERE p.id = v.id
                """,
                    assignments=_values_assignments_sql(str(company.id)),
                    rows=json.dumps(
                        [dict(zip(["id", *ENGINE_COLUMN_NAMES], row, strict=True)) for row in rows], default=str
                    ),
                    columns=VALUES_COLUMNS,
                )
            )
            return
        deferred = self.env.context.get("lifecycle_values_deferred")
        if not deferred:
            self._create_values_table()
        copy_lines(self.env.cr, VALUES_TABLE, ["id", *ENGINE_COLUMN_NAMES], (",".join(map(str, row)) for row in rows))
        if not deferred:
            self._update_from_values_table(company)

    @contextmanager
    def _partner_values_deferred(self, company):
        """The engine whose bulk writes of partner values for ``company`` (see
        :meth:`_write_partner_values`) wait in one temporary table until the block
        ends, then are stored with one UPDATE.

        For the install, which writes every partner: one pass over ``res_partner``
        rewrites each row once, where 30 batches of 2 000 each look their rows up
        (about a quarter less time, measured on 60 000 customers). In one transaction
        only: the daily job commits its batches, each with its own UPDATE."""
        self._create_values_table()
        yield self.with_context(lifecycle_values_deferred=True)
        self._update_from_values_table(company)

    def _create_values_table(self):
        table = SQL.identifier(VALUES_TABLE)
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", table))
        self.env.cr.execute(SQL("CREATE TEMP TABLE %s (id int4, %s)", table, VALUES_COLUMNS))

    def _update_from_values_table(self, company):
        table = SQL.identifier(VALUES_TABLE)
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner p SET %s FROM %s v WHERE p.id = v.id",
                _values_assignments_sql(str(company.id)),
                table,
            )
        )
        self.env.cr.execute(SQL("DROP TABLE %s", table))
        self.env["res.partner"].invalidate_model(ENGINE_COLUMN_NAMES)

    def _log_stage_changes(self, company, changes, reason):
        """Chatter: one tracking message per partner whose stage the rules moved.

        The daily job may move hundreds of partners: the notes are logged with
        Odoo's batch logger (``_message_log_batch``: no notification, the common
        values computed once) and their tracking values created in one batch. The
        body, the same for every note, is sanitized once and stored on all of them with
        one UPDATE: a create sanitizes every message's body twice (for the cache and for
        the column), and an ORM write once more per message when it is flushed.
        """
        Partner = self.env["res.partner"].with_company(company).sudo()
        Stage = self.env["customer.lifecycle.stage"]
        Tracking = self.env["mail.tracking.value"].sudo()
        field_info = Partner.fields_get(["lifecycle_stage_id"])["lifecycle_stage_id"]
        body = self.env._("Lifecycle stage in %(company)s moved by the lifecycle rules.", company=company.name)
        body = Markup("<p>%s</p>") % (f"{body} {reason}" if reason else body)
        partners = Partner.browse([partner_id for partner_id, _old, _new in changes])
        messages = partners._message_log_batch(dict.fromkeys(partners.ids, ""), author_id=self.env.user.partner_id.id)
        messages.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE mail_message SET body = %s WHERE id = ANY(%s)",
                messages._fields["body"].convert_to_column(body, messages[:1]),
                messages.ids,
            )
        )
        messages.invalidate_recordset(["body"])
        message_of = {message.res_id: message.id for message in messages}
        Tracking.create(
            [
                {
                    **Tracking._create_tracking_values(
                        Stage.browse(old_stage_id),
                        Stage.browse(new_stage_id),
                        "lifecycle_stage_id",
                        field_info,
                        Partner.browse(partner_id),
                    ),
                    "mail_message_id": message_of[partner_id],
                }
                for partner_id, old_stage_id, new_stage_id in changes
            ]
        )
