# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""What counts as a purchase: the one definition every figure of the addon reads.

Per company, as its setting says: its confirmed sales orders; or its posted customer
invoices net of the credit notes reversing them (a fully credited invoice is no
purchase, an unlinked credit note lowers the amount on its own date). Amounts are
untaxed, in the company's currency; a purchase's day is a day of the company's
calendar (its partner's time zone). A document dated before 1900 is a mistyped date (a
Solar Hijri one, most likely), not a purchase: left out (see ``tools/plausible_dates``).
Where Point of Sale is installed (no dependency on it), its orders with a customer
count too. The engine, the health score, the goals, the key-account objectives and
suggestion, the incentive indicators, the uplift, the repeat purchases by product and
the profile all read these rows, so that they agree.
"""

from odoo import api, models
from odoo.tools import SQL

from ..tools.bulk_sql import partner_filter
from ..tools.plausible_dates import EARLIEST

# The reports whose SQL views read the purchases.
PURCHASE_VIEWS = (
    "customer.lifecycle.indicator.report",
    "customer.lifecycle.uplift.report",
    "customer.lifecycle.repeat.product.report",
)


# The lines of each kind of purchase document, for :meth:`_line_rows_sql`: the lines of a
# sales order; those of an invoice (a credit note's negative); those of the posted credit
# notes reversing an invoice, negative.
SALE_LINES = """
    SELECT %(document)s, sol.product_id, sol.product_uom_qty AS quantity,
           sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount
      FROM %(documents)s
      JOIN sale_order so ON so.id = d.order_id
      JOIN sale_order_line sol ON sol.order_id = so.id AND sol.display_type IS NULL"""
INVOICE_LINES = """
    SELECT %(document)s, aml.product_id,
           CASE WHEN m.move_type = 'out_refund' THEN -aml.quantity ELSE aml.quantity END, -aml.balance
      FROM %(documents)s
      JOIN account_move m ON m.id = d.move_id
      JOIN account_move_line aml ON aml.move_id = m.id AND aml.display_type = 'product'"""
CREDIT_LINES = """
    SELECT %(document)s, aml.product_id, -aml.quantity, -aml.balance
      FROM %(documents)s
      JOIN account_move m ON m.reversed_entry_id = d.move_id AND m.state = 'posted' AND m.move_type = 'out_refund'
      JOIN account_move_line aml ON aml.move_id = m.id AND aml.display_type = 'product'"""
LINE_SOURCES = (SALE_LINES, INVOICE_LINES, CREDIT_LINES)
# the lines of a Point of Sale order, where point_of_sale is installed
POS_LINES = """
    SELECT %(document)s, pol.product_id, pol.qty, pol.price_subtotal / COALESCE(NULLIF(po.currency_rate, 0), 1)
      FROM %(documents)s
      JOIN pos_order po ON po.id = d.pos_order_id
      JOIN pos_order_line pol ON pol.order_id = po.id"""


class CustomerLifecyclePurchase(models.AbstractModel):
    _name = "customer.lifecycle.purchase"
    _description = "Customer Lifecycle Qualifying Purchases"

    def _register_hook(self):
        """The views read Point of Sale orders when Point of Sale is installed, with no
        dependency on it: they are made again when it comes (installed after this addon)
        or goes (its uninstall drops them with its tables)."""
        super()._register_hook()
        views = {self.env[name]._table: name for name in PURCHASE_VIEWS}
        self.env.cr.execute(
            SQL(
                "SELECT viewname, definition ~ %s FROM pg_views WHERE viewname = ANY(%s)",
                r"\mpos_order\M",  # the table, not a pos_order_id column
                list(views),
            )
        )
        with_pos = dict(self.env.cr.fetchall())
        pos = "pos.order" in self.env
        for table, name in views.items():
            if with_pos.get(table) is not pos:
                self.env[name].init()

    # ------------------------------------------------------------------
    # Scope: one company (the engine's statements) or every company (the views)
    # ------------------------------------------------------------------

    def _scope(self, company, source, alias, settings, session_time_zone):
        """(join, filter, time zone) of the documents ``alias`` of ``company`` when it
        counts ``source``; every company counting ``source`` when ``company`` is None.
        The time zone is an SQL expression: the session's (see the engine's
        ``_local_settings``: PostgreSQL then looks the zone up once), the company's
        literal one, or each row's company's."""
        if company is None:
            join = SQL(
                """JOIN (SELECT c.id, COALESCE(cp.tz, 'UTC') AS tz
                           FROM res_company c JOIN res_partner cp ON cp.id = c.partner_id
                          WHERE c.lifecycle_purchase_source = %s) c ON c.id = %s.company_id""",
                source,
                SQL.identifier(alias),
            )
            return join, SQL("TRUE"), SQL("c.tz")
        settings = settings or self.env["customer.lifecycle.engine"]._company_settings(company)
        if settings.source != source:
            return SQL(), SQL("FALSE"), SQL("'UTC'")
        company_filter = SQL("%s.company_id = %s", SQL.identifier(alias), company.id)
        return SQL(), company_filter, None if session_time_zone else SQL("%s", settings.tz)

    def _partner_condition(self, partner_ids):
        if partner_ids is None:
            return SQL("TRUE")
        return partner_filter(SQL("p.commercial_partner_id"), partner_ids)

    @api.model
    def _invoice_rows_sql(self, company=None, partner_ids=None, settings=None):
        """Posted customer invoices net of the posted credit notes reversing them, dated
        on the invoice's day (``qualifies`` when something is left), and the credit notes
        reversing no posted invoice of the company, on their own day (they only lower the
        amount)."""
        join, company_filter, _tz = self._scope(company, "invoice", "m", settings, False)
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, m.company_id, m.invoice_date AS day,
                   m.amount_untaxed_signed + COALESCE(r.refunded, 0) AS amount,
                   m.amount_untaxed_signed + COALESCE(r.refunded, 0) > 0 AS qualifies,
                   NULL::int4 AS order_id, m.id AS move_id, NULL::int4 AS pos_order_id
              FROM account_move m
              %(join)s
              JOIN res_partner p ON p.id = m.partner_id
         LEFT JOIN (SELECT reversed_entry_id, SUM(amount_untaxed_signed) AS refunded
                      FROM account_move
                     WHERE state = 'posted' AND move_type = 'out_refund' AND reversed_entry_id IS NOT NULL
                       AND %(refund_filter)s
                  GROUP BY reversed_entry_id) r ON r.reversed_entry_id = m.id
             WHERE m.state = 'posted' AND m.move_type = 'out_invoice' AND m.invoice_date >= %(earliest)s
               AND %(company_filter)s AND %(partner_filter)s
         UNION ALL
            SELECT p.commercial_partner_id, m.company_id, m.invoice_date, m.amount_untaxed_signed, FALSE,
                   NULL::int4, m.id, NULL::int4
              FROM account_move m
              %(join)s
              JOIN res_partner p ON p.id = m.partner_id
             WHERE m.state = 'posted' AND m.move_type = 'out_refund' AND m.invoice_date >= %(earliest)s
               AND NOT EXISTS (SELECT 1 FROM account_move i
                                WHERE i.id = m.reversed_entry_id AND i.state = 'posted'
                                  AND i.move_type = 'out_invoice' AND i.company_id = m.company_id)
               AND %(company_filter)s AND %(partner_filter)s
            """,
            join=join,
            company_filter=company_filter,
            refund_filter=SQL("company_id = %s", company.id) if company is not None else SQL("TRUE"),
            partner_filter=self._partner_condition(partner_ids),
            earliest=EARLIEST,
        )

    @api.model
    def _order_rows_sql(self, company=None, partner_ids=None, settings=None, session_time_zone=False):
        """Confirmed sales orders, their untaxed amount converted at the order's rate."""
        join, company_filter, tz = self._scope(company, "sale", "so", settings, session_time_zone)
        day = SQL("(so.date_order AT TIME ZONE 'UTC')::date")
        if tz is not None:
            day = SQL("(so.date_order AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", tz)
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, so.company_id, %(day)s AS day,
                   so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount,
                   TRUE AS qualifies, so.id AS order_id, NULL::int4 AS move_id, NULL::int4 AS pos_order_id
              FROM sale_order so
              %(join)s
              JOIN res_partner p ON p.id = so.partner_id
             WHERE so.state = 'sale' AND so.date_order >= %(earliest)s
               AND %(company_filter)s AND %(partner_filter)s
            """,
            day=day,
            earliest=EARLIEST,
            join=join,
            company_filter=company_filter,
            partner_filter=self._partner_condition(partner_ids),
        )

    @api.model
    def _pos_rows_sql(self, company=None, partner_ids=None, settings=None, session_time_zone=False, source="sale"):
        """Point of Sale orders with a customer, paid or closed, their untaxed amount
        converted at the order's rate; a refund (a negative order) only lowers the
        amount. In a company that counts invoices, an invoiced order (one with an invoice:
        18.0's state "invoiced", 19.0's paid or posted orders) is its invoice."""
        join, company_filter, tz = self._scope(company, source, "po", settings, session_time_zone)
        day = SQL("(po.date_order AT TIME ZONE 'UTC')::date")
        if tz is not None:
            day = SQL("(po.date_order AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", tz)
        # where invoices count, an order with an invoice counts as that invoice, not here
        own = SQL("po.account_move IS NULL") if source == "invoice" else SQL("TRUE")
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, po.company_id, %(day)s AS day,
                   (po.amount_total - po.amount_tax) / COALESCE(NULLIF(po.currency_rate, 0), 1) AS amount,
                   po.amount_total >= 0 AS qualifies, NULL::int4 AS order_id, NULL::int4 AS move_id,
                   po.id AS pos_order_id
              FROM pos_order po
              %(join)s
              JOIN res_partner p ON p.id = po.partner_id
             WHERE po.state IN ('paid', 'done', 'invoiced') AND %(own)s AND po.date_order >= %(earliest)s
               AND %(company_filter)s AND %(partner_filter)s
            """,
            day=day,
            earliest=EARLIEST,
            join=join,
            own=own,
            company_filter=company_filter,
            partner_filter=self._partner_condition(partner_ids),
        )

    # ------------------------------------------------------------------
    # Documents, totals, days, lines
    # ------------------------------------------------------------------

    @api.model
    def _document_rows_sql(self, company=None, partner_ids=None, settings=None, session_time_zone=False):
        """One row per document of a qualifying purchase: (partner_id, company_id, day,
        amount, qualifies, order_id, move_id, pos_order_id), Point of Sale orders
        included when Point of Sale is installed.

        ``partner_id`` is the commercial partner; ``qualifies`` is false for what is no
        purchase but lowers the amount (a fully credited invoice, an unlinked credit
        note). ``company``: one company, with its ``settings`` (the engine's, read when
        not given), or None for every company, each by its own setting. ``partner_ids``
        limits the rows to these commercial partners: ids, or an :class:`SQL` subquery
        returning them; None for all. ``session_time_zone``: the day of an order is taken
        in the time zone of the database session, which the caller set to the company's.
        """
        pos = "pos.order" in self.env
        if company is not None:
            settings = settings or self.env["customer.lifecycle.engine"]._company_settings(company)
            if settings.source == "invoice":
                rows = [self._invoice_rows_sql(company, partner_ids, settings)]
            else:
                rows = [self._order_rows_sql(company, partner_ids, settings, session_time_zone)]
            if pos:
                rows.append(self._pos_rows_sql(company, partner_ids, settings, session_time_zone, settings.source))
        else:
            rows = [self._order_rows_sql(None, partner_ids), self._invoice_rows_sql(None, partner_ids)]
            if pos:
                rows += [self._pos_rows_sql(None, partner_ids, source=source) for source in ("sale", "invoice")]
        return SQL(" UNION ALL ").join(rows)

    @api.model
    def _totals_sql(self, company, partner_ids=None, settings=None, session_time_zone=False):
        """(partner_id, sorted distinct purchase days, total amount rounded to the
        company's currency) per commercial partner of ``company``."""
        settings = settings or self.env["customer.lifecycle.engine"]._company_settings(company)
        return SQL(
            """
            SELECT partner_id,
                   ARRAY_AGG(DISTINCT day ORDER BY day) FILTER (WHERE qualifies) AS days,
                   (ROUND(SUM(amount) / %(rounding)s::numeric) * %(rounding)s::numeric)::float8 AS amount
              FROM (%(rows)s) purchases
          GROUP BY partner_id
            """,
            rows=self._document_rows_sql(company, partner_ids, settings, session_time_zone),
            rounding=settings.rounding,
        )

    @api.model
    def _days_sql(self):
        """(partner_id, company_id, day, amount, is_repeat): the purchase days of every
        commercial partner in every company, with what was bought that day (credit notes
        of that day included), ``is_repeat`` after the first."""
        return SQL(
            """
            SELECT partner_id, company_id, day, amount,
                   day > MIN(day) OVER (PARTITION BY partner_id, company_id) AS is_repeat
              FROM (SELECT partner_id, company_id, day, SUM(amount) AS amount
                      FROM (%s) documents
                  GROUP BY partner_id, company_id, day
                    HAVING BOOL_OR(qualifies)) purchase_days
            """,
            self._document_rows_sql(),
        )

    @api.model
    def _line_rows_sql(self, company=None, partner_ids=None):
        """What the purchases bought, one row per document and product: (partner_id,
        company_id, day, order_id, move_id, pos_order_id, product_id, categ_id, quantity,
        amount, qualifies), from the documents of :meth:`_document_rows_sql`: the lines of
        a sales order (or a Point of Sale order); the lines of an invoice less those of
        the credit notes reversing it (a product wholly credited is gone); an unlinked
        credit note's lines, negative. Amounts untaxed in the company's currency, as the
        documents'."""
        documents = SQL("(%s) d", self._document_rows_sql(company, partner_ids))
        document = SQL("d.partner_id, d.company_id, d.day, d.order_id, d.move_id, d.pos_order_id, d.qualifies")
        templates = LINE_SOURCES + ((POS_LINES,) if "pos.order" in self.env else ())
        branches = [SQL(template, document=document, documents=documents) for template in templates]
        return SQL(
            """
            SELECT l.partner_id, l.company_id, l.day, l.order_id, l.move_id, l.pos_order_id, l.product_id,
                   pt.categ_id, SUM(l.quantity) AS quantity, SUM(l.amount) AS amount, l.qualifies
              FROM (%(lines)s) l
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
          GROUP BY l.partner_id, l.company_id, l.day, l.order_id, l.move_id, l.pos_order_id, l.product_id,
                   pt.categ_id, l.qualifies
            HAVING SUM(l.quantity) <> 0 OR SUM(l.amount) <> 0
            """,
            lines=SQL(" UNION ALL ").join(branches),
        )

    # ------------------------------------------------------------------
    # One customer
    # ------------------------------------------------------------------

    @api.model
    def _customer_figures(self, company, partner, date_from=None, date_to=None, category_ids=None):
        """{amount, documents, products, days} of the commercial ``partner`` in ``company``
        from ``date_from`` to ``date_to`` (days of the company's calendar, both included):
        the untaxed amount (of the products of ``category_ids`` when given), the qualifying
        documents, the distinct products bought and the purchase days."""
        ids = [partner.commercial_partner_id.id]
        period = SQL("day >= %s AND day <= %s", date_from or "0001-01-01", date_to or "9999-12-31")
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """SELECT COALESCE(SUM(amount), 0), COUNT(*) FILTER (WHERE qualifies),
                          COUNT(DISTINCT day) FILTER (WHERE qualifies)
                     FROM (%s) documents WHERE %s""",
                self._document_rows_sql(company, ids),
                period,
            )
        )
        amount, documents, days = cr.fetchone()
        category = SQL("categ_id = ANY(%s)", list(category_ids)) if category_ids is not None else SQL("TRUE")
        cr.execute(
            SQL(
                """SELECT COALESCE(SUM(amount), 0),
                          COUNT(DISTINCT product_id) FILTER (WHERE qualifies AND quantity > 0)
                     FROM (%s) lines WHERE %s AND %s""",
                self._line_rows_sql(company, ids),
                period,
                category,
            )
        )
        line_amount, products = cr.fetchone()
        return {
            "amount": line_amount if category_ids is not None else amount,
            "documents": documents,
            "products": products,
            "days": days,
        }

    @api.model
    def _last_purchase(self, company, partner):
        """The last qualifying purchase of the commercial ``partner`` in ``company``:
        {document (a sales order, an invoice or a Point of Sale order), day, amount in the
        company's currency},
        or None."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT order_id, move_id, pos_order_id, day, amount FROM (%s) documents
                    WHERE qualifies
                 ORDER BY day DESC, order_id DESC NULLS LAST, move_id DESC NULLS LAST, pos_order_id DESC NULLS LAST
                    LIMIT 1""",
                self._document_rows_sql(company, [partner.commercial_partner_id.id]),
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            return None
        order_id, move_id, pos_order_id, day, amount = row
        if order_id:
            document = self.env["sale.order"].browse(order_id)
        elif move_id:
            document = self.env["account.move"].browse(move_id)
        else:
            document = self.env["pos.order"].browse(pos_order_id)
        return {"document": document, "day": day, "amount": company.currency_id.round(amount)}
