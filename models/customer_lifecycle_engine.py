# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The set-based engine that puts partners at their stage of the customer chain.

Per company and per batch of commercial partners it runs three plain steps, each
calling only what lies below it:

1. **read** (``customer.lifecycle.reader``): in one statement, everything the walk
   needs of the batch: the distinct purchase days and the total (the one definition
   of ``customer.lifecycle.purchase``), the days the partners' referrals converted
   (brought up to date before they are read), their complaints and detractor
   answers, what is stored now and the moves their history holds;
2. **walk** (:func:`~..tools.customer_walk.walk_batch`, pure Python): where the rules
   of :mod:`..tools.customer_chain` put each partner: the values to store, the
   history lines to record and the stage changes;
3. **write** (``customer.lifecycle.writer``): what the walk returned, as it is: the
   company-dependent partner fields with one bulk UPDATE, the history with one COPY,
   and the chatter;

then :meth:`CustomerLifecycleEngine._lifecycle_batch_done`, once per batch: the one
hook of the feature modules (the referral codes follow the advocates).

A company's settings and its today come from ``res.company`` (cached), below the
engine. It never runs one query per partner. The entry points (the daily job, the
install back-fill, the Settings button and a change of Settings, an order confirmed
or an invoice posted, the pin buttons, a referral's write, a complaint's resolution,
a merge) differ only in the :class:`Run` they pass to the batches; nothing else of
the addon calls into the engine.
"""

import logging
import random
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from psycopg2 import errors

from odoo import api, models
from odoo.tools import SQL, split_every

from ..odoo_compat import cron_progress_commit
from ..tools.customer_chain import ChainRules, days_until
from ..tools.customer_walk import NO_INPUTS, walk_batch, walk_partner
from ..tools.gc_pause import cyclic_gc_paused
from ..tools.lifecycle_fields import ENGINE_COLUMN_NAMES
from .bulk_sql import partner_filter
from .res_company_lifecycle_settings import CompanySettings

_logger = logging.getLogger(__name__)

# How often a batch of the daily job is tried again when a user's transaction changed
# one of its partners at the same time (PostgreSQL's serialization failure).
BATCH_ATTEMPTS = 5
# The system parameter that sets the size of the batches of a full recompute, when it is
# not the engine's _batch_size.
BATCH_SIZE_PARAMETER = "customer_lifecycle.batch_size"


class Run(NamedTuple):
    """How one recompute walks and writes the partners of one company: what the entry
    points pass to the batches, and all they differ in."""

    company: object
    settings: CompanySettings
    #: one day for the whole run, even if it goes past midnight
    today: date
    rules: ChainRules
    #: {stage code: stage id}
    stage_ids: dict
    #: stores the values rows of a batch: (company, rows) -> None (see the writer)
    store: Callable
    #: the reason of every history line and note, instead of the rule's
    reason: str | None = None
    #: the walk follows a change of Settings (see transitions_to_record)
    settings_changed: bool = False
    #: log a chatter note per partner whose stage changed (not at install)
    chatter: bool = True
    #: the history may hold moves of the partners: the reader reads them (not when the
    #: install back-fills an empty history)
    history: bool = True


class CustomerLifecycleEngine(models.AbstractModel):
    _name = "customer.lifecycle.engine"
    _description = "Customer Lifecycle Engine"

    _batch_size = 2000

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    @api.model
    def _recompute_all(self, companies, commit=False, force=False):
        """Recompute every partner that has purchases or a stored stage in ``companies``.

        Every partner's data is compared, in SQL, with the fingerprint of the data its
        stage was computed from; the rules walk only the partners whose data changed or
        whose next possible move (a stage maturing, a lapse) has come: the others are
        where the rules would put them again. ``force`` walks every partner (the
        "Recompute Stages and Health" button: it also mends values changed by hand in the
        database). ``commit``: each batch in a transaction of its own (the daily job).
        """
        writer = self.env["customer.lifecycle.writer"]
        for company in companies:
            self._recompute_company(company, walk_all=force, commit=commit, store=writer._copy_values)

    @api.model
    def _backfill(self, companies):
        """The install: every partner of ``companies`` walked, in one transaction, the
        history loaded in bulk and without chatter, each company's values stored with
        one UPDATE at its end."""
        writer = self.env["customer.lifecycle.writer"]
        with self.env["customer.lifecycle.history"]._bulk_load() as history_empty:
            for company in companies:
                with writer._values_table(company) as store:
                    self._recompute_company(
                        company, walk_all=True, store=store, chatter=False, history=not history_empty
                    )

    @api.model
    def _recompute_after_settings(self, companies):
        """Recompute ``companies`` after what counts as a purchase, or the lapse period,
        changed in Settings: a partner the change moves gets one history line, dated
        the day of the change and saying so; the story the history holds already is not
        written again (see :func:`~..tools.customer_chain.transitions_to_record`)."""
        writer = self.env["customer.lifecycle.writer"]
        for company in companies:
            self._recompute_company(company, store=writer._copy_values, settings_changed=True)

    @api.model
    def _recompute_partners(self, partners, companies, reason=None, settings=None):
        """Incremental recompute of ``partners`` (any contacts) after a change of data.

        The commercial partners are recomputed, and so are those who referred them:
        a referred partner who becomes a customer converts the referral, which may
        make the referrer an advocate. ``settings``: the companies' settings when the
        caller read them already (res.company's ``_lifecycle_settings_by_company``).
        """
        if settings is None:
            settings = companies._lifecycle_settings_by_company()
        if not settings:
            return
        reader, writer = self.env["customer.lifecycle.reader"], self.env["customer.lifecycle.writer"]
        # plain SQL: the ORM would load every column of the partners (and of the
        # companies) for the ids it needs, in the middle of an order confirmation
        self.env.flush_all()
        commercial = SQL("SELECT commercial_partner_id FROM res_partner WHERE id = ANY(%s)", partners.ids)
        for company, company_settings in settings.items():
            # the commercial partners locked (two confirmations for one customer, or one and
            # the daily job, take turns) and read in one statement, with who referred them
            batch, referrer_ids = reader._lock_and_read_batch(company, commercial, company_settings)
            if referrer_ids:  # most partners were referred by nobody: nothing to convert
                # the referrals of the batch converted, or not; then their referrers, whose
                # conversions just changed, are read (a partner of the batch among them again)
                self.env["customer.referral"]._sync_conversions(company, sorted(batch))
                batch.update(reader._read_batch(company, sorted(referrer_ids), company_settings))
            if batch:
                run = self._run(company, company_settings, store=writer._write_values, reason=reason)
                self._recompute_batch(run, sorted(batch), batch)

    @api.model
    def _cron_recompute(self):
        """Daily job: the time-based moves (maturity, lapsing) of every company, and
        the relationship health of every customer."""
        # batches are committed (a killed run resumes without double history lines),
        # except in tests, which run in one transaction
        testing = getattr(threading.current_thread(), "testing", False)
        companies = self.env["res.company"].search([])
        self._recompute_all(companies, commit=not testing)
        # what was queued for the runner crons, walked with them until none is left
        self.env["customer.lifecycle.queue"]._run_queue(wait=True)
        # then the relationship health, which reads the stages and metrics just written
        self.env["customer.lifecycle.health"]._recompute_all(companies, commit=not testing)

    @api.model
    def _stages_without_pin(self, company, partners):
        """{partner id: (stage code, converted referrals)} of the commercial ``partners``
        in ``company`` today: the stage the rules give them, as if nothing were pinned,
        and how many partners they referred became customers until today. One read for
        all of them, as a batch of the engine; nothing is written."""
        settings = company._lifecycle_settings()
        run = self._run(company, settings, store=None)
        batch = self.env["customer.lifecycle.reader"]._read_batch(company, partners.ids, settings, history=False)
        stages = {}
        for partner_id in partners.ids:
            inputs = batch.get(partner_id, NO_INPUTS)
            walk = walk_partner(inputs, run.today, run.rules, run.stage_ids)
            stages[partner_id] = (walk.state.stage, len(days_until(inputs.conversion_days, run.today)))
        return stages

    # ------------------------------------------------------------------
    # A company, a batch
    # ------------------------------------------------------------------

    def _run(self, company, settings, today=None, **options):
        """The :class:`Run` of ``company`` with its ``settings`` (``options``: the fields
        of a run after its chain rules)."""
        Stage = self.env["customer.lifecycle.stage"]
        if options.get("settings_changed") and not options.get("reason"):
            options["reason"] = self.env["customer.lifecycle.writer"]._settings_reason(settings, company)
        return Run(
            company=company,
            settings=settings,
            today=today or company._lifecycle_today(),
            rules=Stage._chain_rules(settings.lapse_days),
            stage_ids={code: stage.id for code, stage in Stage._stage_by_code().items()},
            **options,
        )

    def _recompute_company(self, company, walk_all=False, commit=False, **options):
        """Walk the partners of ``company`` (all of them with ``walk_all``, else those
        :meth:`_partners_to_walk`) by batches; ``options``: those of the :class:`Run`."""
        reader = self.env["customer.lifecycle.reader"]
        # the company's own partners and its users' are outside the chain (a new user, a
        # new company since the last run): no stage, whatever the stages' default says
        self.env["res.partner"]._lifecycle_leave_chain()
        self.env["customer.referral"]._sync_conversions(company)
        # one grouped pass over every purchase of the company, then batches read it
        # (with the company's settings of that pass: read once, not once per batch)
        run = self._run(company, reader._create_purchase_table(company), **options)
        if walk_all:
            partner_ids = reader._partners_with_lifecycle(company)
        else:
            partner_ids = self._partners_to_walk(company, run.settings, run.today)
        queue = self.env["customer.lifecycle.queue"]
        if commit and queue._runner_crons():  # the runners walk them (see the queue)
            queue._enqueue(company, partner_ids, run.today)
            reader._drop_purchase_table()
            self.env.cr.commit()  # pylint: disable=invalid-commit
            return
        if commit:
            # the referral sync and the session tables outlive a batch rolled back for a
            # retry: a temporary table survives commits, not the rollback of its creation
            self.env.cr.commit()  # pylint: disable=invalid-commit
        # a system parameter may make the batches smaller (the fault checks take several per company)
        batch_size = int(self.env["ir.config_parameter"].sudo().get_param(BATCH_SIZE_PARAMETER, 0)) or self._batch_size
        done = 0
        for batch in split_every(batch_size, partner_ids, list):
            with cyclic_gc_paused():
                if commit:
                    self._recompute_batch_committed(company, batch, run.settings, run.today)
                else:
                    self._recompute_batch(
                        run, batch, reader._read_batch_from_table(company, batch, run.settings, history=run.history)
                    )
            done += len(batch)
            if commit:
                cron_progress_commit(self.env, done, len(partner_ids) - done)
        reader._drop_purchase_table()
        _logger.info("Customer lifecycle: %s partners recomputed for company %s", done, company.name)

    def _partners_to_walk(self, company, settings, today):
        """The partners of ``company`` the daily job walks ``today`` (see the reader)."""
        return self.env["customer.lifecycle.reader"]._partners_to_walk(company, settings, today)

    def _recompute_batch_committed(self, company, batch, settings, today):
        """One batch of the daily job in a transaction of its own.

        Its partners are locked first, so that an order confirmed at the same moment
        waits for the batch (and is retried by Odoo) instead of being overwritten; when
        such a confirmation committed first, PostgreSQL refuses the batch's snapshot and
        the batch is tried again in a fresh transaction, as Odoo retries a request.
        """
        reader = self.env["customer.lifecycle.reader"]
        run = self._run(company, settings, today, store=self.env["customer.lifecycle.writer"]._copy_values)
        for attempt in range(1, BATCH_ATTEMPTS + 1):
            try:
                self._lock_partners(batch)
                self._recompute_batch(run, batch, reader._read_batch_from_table(company, batch, settings))
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

    def _recompute_batch(self, run, partner_ids, batch):
        """Walk ``partner_ids`` (commercial partners; ``batch``: what the reader read of
        them) along the chain and write what the walk returns, as ``run`` says; then
        :meth:`_lifecycle_batch_done`. A partner the reader left out (outside the chain)
        is not walked."""
        partner_ids = [partner_id for partner_id in partner_ids if partner_id in batch]
        walked = walk_batch(partner_ids, batch, run.today, run.rules, run.stage_ids, run.settings_changed)
        writer = self.env["customer.lifecycle.writer"]
        run.store(run.company, walked.rows)
        writer._write_history(run, walked.history)
        self.env["res.partner"].invalidate_model(ENGINE_COLUMN_NAMES)
        if walked.changes and run.chatter:
            writer._log_stage_changes(run.company, walked.changes, run.reason, walked.moves())
        self._lifecycle_batch_done(run, walked)

    def _lifecycle_batch_done(self, run, walked):
        """Hook, called once per batch after it is written: the feature modules (the
        referral codes follow the advocates, …) act on the engine's result here, never
        inside the core batch. ``walked``: the batch's
        :class:`~..tools.customer_walk.WalkedBatch`; ``run``: its :class:`Run`."""
