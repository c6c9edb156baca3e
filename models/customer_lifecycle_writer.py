# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""What the engine writes of a batch of walked partners: their values (one UPDATE),
their history lines (one COPY) and a chatter note per partner whose stage changed."""

import functools
import json
from contextlib import contextmanager

from markupsafe import Markup

from odoo import api, models
from odoo.tools import SQL

from ..tools import customer_chain as chain
from ..tools.lifecycle_fields import ENGINE_COLUMN_NAMES, ENGINE_COLUMNS
from .bulk_sql import copy_lines, partner_filter

# The values of a batch of a full recompute, copied here before one UPDATE of the partners.
VALUES_TABLE = "customer_lifecycle_values_tmp"
# The columns of a row of values (after the id), with their SQL types.
VALUES_COLUMNS = SQL(", ").join(SQL("%s %s", SQL.identifier(name), SQL(sql_type)) for name, sql_type in ENGINE_COLUMNS)


# The SQL pieces naming the engine's columns for a company are the same for every
# batch: composed once (an order confirmation would otherwise compose them each time).
@functools.cache
def values_assignments_sql(key):
    """SET clauses storing the values of ``v`` as the entries of the company ``key``
    (its id, as text) in the partners' company-dependent columns. An empty value (no
    lapse, no advocate date) removes the company's entry rather than storing a null:
    Odoo reads a missing entry as empty, and the rows stay a few entries narrower."""
    return SQL(", ").join(
        SQL(
            """%(column)s = CASE WHEN v.%(column)s IS NULL THEN p.%(column)s - %(key)s
                ELSE COALESCE(p.%(column)s, '{}'::jsonb) || jsonb_build_object(%(key)s, v.%(column)s) END""",
            column=SQL.identifier(name),
            key=key,
        )
        for name, _type in ENGINE_COLUMNS
    )


class RuleReasons(dict):
    """The rules in words, translated once per batch, and only when a line needs one."""

    def __init__(self, model, rules):
        super().__init__()
        self.env, self.rules = model.env, rules

    def __missing__(self, rule):
        reasons = self.env["customer.lifecycle.writer"]._rule_reasons(self.rules)
        text = self.env["customer.lifecycle.reader.text"]  # the reader's digits
        reasons = {key: text._digits(reason) for key, reason in reasons.items()}
        self.update(reasons)
        return reasons[rule]  # a rule it does not know: a KeyError, not an endless recursion


class CustomerLifecycleWriter(models.AbstractModel):
    _name = "customer.lifecycle.writer"
    _description = "Customer Lifecycle Writer"

    # ------------------------------------------------------------------
    # Partner values
    # ------------------------------------------------------------------

    @api.model
    def _write_values(self, company, rows):
        """Store the few rows (partner id, *values in the order of ``ENGINE_COLUMNS``) of
        an incremental recompute (an order confirmed) as one JSON document: one
        statement. The ids are given apart as well: PostgreSQL cannot count the rows of a
        JSON document and plans for a hundred, which on a small table is a scan of it all."""
        if not rows:
            return
        self.env.cr.execute(
            SQL(
                """
            UPDATE res_partner p SET %(assignments)s
              FROM jsonb_to_recordset(%(rows)s::jsonb) AS v(id int4, %(columns)s)
             WHERE p.id = v.id AND %(ids)s
            """,
                assignments=values_assignments_sql(str(company.id)),
                ids=partner_filter(SQL("p.id"), [row[0] for row in rows]),
                rows=json.dumps(
                    [dict(zip(["id", *ENGINE_COLUMN_NAMES], row, strict=True)) for row in rows], default=str
                ),
                columns=VALUES_COLUMNS,
            )
        )

    @api.model
    def _copy_values(self, company, rows):
        """Store the many rows of a batch of a full recompute: loaded with COPY into a
        temporary table, then one UPDATE (PostgreSQL reads a JSON document of a
        batch's rows more slowly than it copies them)."""
        if not rows:
            return
        self._create_values_table()
        self._copy_into_values_table(company, rows)
        self._update_from_values_table(company)

    @contextmanager
    def _values_table(self, company):
        """Yield a writer of rows (as :meth:`_copy_values`) whose rows wait in one
        temporary table until the block ends, then are stored with one UPDATE.

        For the install, which writes every partner: one pass over ``res_partner``
        rewrites each row once, where batches each look their rows up. In one
        transaction only: the daily job commits its batches, each with its own UPDATE."""
        self._create_values_table()
        yield self._copy_into_values_table
        self._update_from_values_table(company)

    def _copy_into_values_table(self, company, rows):
        if rows:
            lines = (",".join(map(str, row)) for row in rows)
            copy_lines(self.env.cr, VALUES_TABLE, ["id", *ENGINE_COLUMN_NAMES], lines)

    def _create_values_table(self):
        table = SQL.identifier(VALUES_TABLE)
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS %s", table))
        self.env.cr.execute(SQL("CREATE TEMP TABLE %s (id int4, %s)", table, VALUES_COLUMNS))

    def _update_from_values_table(self, company):
        table = SQL.identifier(VALUES_TABLE)
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner p SET %s FROM %s v WHERE p.id = v.id",
                values_assignments_sql(str(company.id)),
                table,
            )
        )
        self.env.cr.execute(SQL("DROP TABLE %s", table))
        self.env["res.partner"].invalidate_model(ENGINE_COLUMN_NAMES)

    # ------------------------------------------------------------------
    # History
    # ------------------------------------------------------------------

    @api.model
    def _write_history(self, run, history):
        """Store the history lines ``history`` (:class:`~..tools.customer_walk.HistoryRow`,
        as the walk returned them) of the recompute ``run`` with one COPY, each with its
        reason: the run's, or its rule's in words."""
        if not history:
            return
        # the reasons are read by the company: in the language of its partner
        reasons = RuleReasons(self.env["customer.lifecycle.reader.text"]._for_reader(None, run.company), run.rules)
        self.env["customer.lifecycle.history"]._copy_lines(
            [
                (
                    row.partner_id,
                    run.company.id,
                    row.from_stage_id,
                    row.to_stage_id,
                    row.date,
                    row.rule,
                    run.reason or reasons[row.rule],
                )
                for row in history
            ]
        )

    @api.model
    def _settings_reason(self, settings, company):
        """The reason of the moves a change of Settings caused, in words: in the language
        of the company's partner, who reads the history and the chatter lines."""
        text = self.env["customer.lifecycle.reader.text"]._for_reader(None, company)
        env = text.env
        sources = dict(env["res.company"]._fields["lifecycle_purchase_source"]._description_selection(env))
        return text._digits(
            env._(
                "Settings changed: qualifying purchases are %(purchases)s, and a customer lapses after %(days)s days "
                "without one.",
                purchases=sources[settings.source],
                days=settings.lapse_days,
            )
        )

    @api.model
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
    # Chatter
    # ------------------------------------------------------------------

    @api.model
    def _log_stage_changes(self, company, changes, reason, moves=None):
        """Chatter: one tracking message per partner whose stage the rules moved; when
        they moved several steps at once (``moves``, as :meth:`_write_history` returns
        them), the message lists each move with its date, as the history has them.

        The daily job may move hundreds of partners: the notes are logged with
        Odoo's batch logger (``_message_log_batch``: no notification, the common
        values computed once) and their tracking values created in one batch. The
        body, the same for every note, is sanitized once and stored on all of them with
        one UPDATE: a create sanitizes every message's body twice (for the cache and for
        the column), and an ORM write once more per message when it is flushed.
        """
        # a line written by the rules is read in the language of the company's partner
        text = self.env["customer.lifecycle.reader.text"]._for_reader(None, company)
        writer = self.with_env(text.env)
        Partner = text.env["res.partner"].with_company(company).sudo()
        body = text.env._("Lifecycle stage in %(company)s moved by the lifecycle rules.", company=company.name)
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
        writer._write_moves_bodies(body, messages, moves or {}, text)
        messages.invalidate_recordset(["body"])
        writer._track_stage_changes(Partner, changes, {message.res_id: message.id for message in messages})

    def _write_moves_bodies(self, body, messages, moves, text):
        """The body of the notes of partners moved several steps: ``body`` and the list of
        their moves, each with its date as ``text`` (a reader's texts) writes it; one
        UPDATE for all of them."""
        several = {partner_id: steps for partner_id, steps in moves.items() if len(steps) > 1}
        if not several:
            return
        stage_ids = {stage_id for steps in several.values() for _day, *ids in steps for stage_id in ids if stage_id}
        names = {stage.id: stage.name for stage in self.env["customer.lifecycle.stage"].browse(stage_ids)}
        field = messages._fields["body"]
        rows = []
        for message in messages.filtered(lambda m: m.res_id in several):
            items = Markup().join(
                Markup("<li>%s</li>")
                % self.env._(
                    "%(date)s: %(from_stage)s → %(to_stage)s",
                    date=text._date(day),
                    from_stage=names.get(from_id, ""),
                    to_stage=names[to_id],
                )
                for day, from_id, to_id in several[message.res_id]
            )
            rows.append(
                {"id": message.id, "body": field.convert_to_column(body + Markup("<ul>%s</ul>") % items, message)}
            )
        self.env.cr.execute(
            SQL(
                """UPDATE mail_message m SET body = v.body
                     FROM jsonb_to_recordset(%s::jsonb) AS v(id int4, body text) WHERE m.id = v.id""",
                json.dumps(rows),
            )
        )

    def _track_stage_changes(self, partners, changes, message_of):
        """The tracking values of the notes ``message_of`` ({partner id: message id}),
        created in one batch."""
        Stage = self.env["customer.lifecycle.stage"]
        Tracking = self.env["mail.tracking.value"].sudo()
        field_info = partners.fields_get(["lifecycle_stage_id"])["lifecycle_stage_id"]
        Tracking.create(
            [
                {
                    **Tracking._create_tracking_values(
                        Stage.browse(old_stage_id),
                        Stage.browse(new_stage_id),
                        "lifecycle_stage_id",
                        field_info,
                        partners.browse(partner_id),
                    ),
                    "mail_message_id": message_of[partner_id],
                }
                for partner_id, old_stage_id, new_stage_id in changes
            ]
        )
