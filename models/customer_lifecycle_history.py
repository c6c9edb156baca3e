# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from contextlib import contextmanager

from odoo import fields, models
from odoo.tools import SQL

from ..tools import customer_chain as chain
from .bulk_sql import copy_lines

# The columns of a history line, in the order _copy_lines sends them.
COPY_COLUMNS = (
    *("partner_id", "company_id", "from_stage_id", "to_stage_id", "date", "rule", "reason"),
    *("user_id", "automatic", "create_uid", "create_date", "write_uid", "write_date"),
)


class CustomerLifecycleHistory(models.Model):
    _name = "customer.lifecycle.history"
    _description = "Customer Lifecycle Stage Change"
    _order = "date desc, id desc"
    _check_company_auto = True
    _lifecycle_jalali_period_fields = ("date",)  # the stage flow by month (see base.py)

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    from_stage_id = fields.Many2one("customer.lifecycle.stage", string="From", ondelete="restrict")
    to_stage_id = fields.Many2one("customer.lifecycle.stage", string="To", required=True, ondelete="restrict")
    date = fields.Date(
        required=True,
        default=lambda self: self.env.company._lifecycle_today(),
        help="The business date of the change: the day the rule was met, not the day it was computed.",
    )
    rule = fields.Selection(
        [
            (chain.RULE_FIRST_PURCHASE, "First purchase"),
            (chain.RULE_RETURNED, "Bought again after lapsing"),
            (chain.RULE_LOYAL, "Repeat purchases and maturity"),
            (chain.RULE_ADVOCATE, "Maturity and converted referrals"),
            (chain.RULE_LAPSED, "No purchase in the lapse period"),
            (chain.RULE_RECOMPUTED, "Recomputed"),
            (chain.RULE_SETTINGS, "Changed in Settings"),
            ("manual", "Set by a manager"),
        ],
        required=True,
        default="manual",
    )
    reason = fields.Char(required=True)
    user_id = fields.Many2one("res.users", string="By", default=lambda self: self.env.user)
    automatic = fields.Boolean(help="Set by the lifecycle rules; otherwise set by hand by a manager.")

    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._(
                "%(partner)s: %(stage)s",
                partner=line.partner_id.display_name,
                stage=line.to_stage_id.name,
            )

    # ------------------------------------------------------------------
    # Bulk loading (the engine's lines)
    # ------------------------------------------------------------------

    def _copy_lines(self, rows):
        """Store the engine's lines of a batch, as tuples (partner, company, from stage,
        to stage, date, rule, reason), with one COPY, by the current user and automatic."""
        if not rows:
            return
        now = self.env.cr.now()
        tail = f"{self.env.uid},t,{self.env.uid},{now},{self.env.uid},{now}"
        quoted = {}  # the reasons are a handful of texts: each is quoted for CSV once
        for *_values, reason in rows:
            if reason not in quoted:
                quoted[reason] = '"{}"'.format(reason.replace('"', '""'))
        copy_lines(
            self.env.cr,
            self._table,
            COPY_COLUMNS,
            (
                f"{partner},{company},{from_stage},{to_stage},{day},{rule},{quoted[reason]},{tail}"
                for partner, company, from_stage, to_stage, day, rule, reason in rows
            ),
        )
        self.invalidate_model()

    @contextmanager
    def _bulk_load(self):
        """Load the install's lines with the table's foreign keys and secondary indexes
        set aside.

        Checked one row at a time, the seven foreign keys of a line cost more than the
        rest of the back-fill; added back afterwards, each is checked once for the whole
        table, and each index is built once (PostgreSQL's advice for populating a
        table). Only when the table is empty (the install) and nobody else writes to
        it; the definitions put back are PostgreSQL's own. Yields whether it was empty:
        then there is no history to read.
        """
        cr, table = self.env.cr, SQL.identifier(self._table)
        cr.execute(SQL("SELECT EXISTS (SELECT 1 FROM %s)", table))
        if cr.fetchone()[0]:
            yield False
            return
        foreign_keys, indexes = self._set_aside_constraints()
        yield True
        for _name, definition in indexes:
            cr.execute(SQL(definition.replace("%", "%%")))
        for name, definition in foreign_keys:
            cr.execute(
                SQL(
                    "ALTER TABLE %s ADD CONSTRAINT %s %s",
                    table,
                    SQL.identifier(name),
                    SQL(definition.replace("%", "%%")),
                )
            )

    def _set_aside_constraints(self):
        """Drop the table's foreign keys and secondary indexes; return their (name,
        definition) pairs, to be put back."""
        cr, table = self.env.cr, self._table
        cr.execute(
            SQL(
                """
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
             WHERE conrelid = %s::regclass AND contype = 'f'
            """,
                table,
            )
        )
        foreign_keys = cr.fetchall()
        cr.execute(
            SQL(
                """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
             WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique
            """,
                table,
            )
        )
        indexes = cr.fetchall()
        for name, _definition in foreign_keys:
            cr.execute(SQL("ALTER TABLE %s DROP CONSTRAINT %s", SQL.identifier(table), SQL.identifier(name)))
        for name, _definition in indexes:
            cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
        return foreign_keys, indexes
