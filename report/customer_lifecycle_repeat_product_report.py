# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""CEM: what every repeat purchase bought, product by product (the lines of the purchases
of a repeat purchase day: sales-order lines, or invoice lines net of their credit notes,
as the company counts its purchases), with the incentive the repeat is attributed to,
empty when none."""

from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.customer_incentive import INCENTIVE_KINDS
from .attribution import attributed_grant_sql

# the grant credited with a repeat purchase (days d)
REPEAT_GRANT = attributed_grant_sql(SQL("d.partner_id"), SQL("d.company_id"), SQL("d.day"))


class CustomerLifecycleRepeatProductReport(models.Model):
    _name = "customer.lifecycle.repeat.product.report"
    _description = "Customer Lifecycle Repeat Purchases by Product"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "product_id"

    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    grant_id = fields.Many2one("customer.incentive.grant", readonly=True)
    incentive_id = fields.Many2one(
        "customer.incentive", readonly=True, help="The incentive the repeat purchase is attributed to, if any."
    )
    kind = fields.Selection(INCENTIVE_KINDS, readonly=True)
    order_id = fields.Many2one("sale.order", string="Sales Order", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    date = fields.Date(string="Repeat On", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    quantity = fields.Float(readonly=True)
    amount = fields.Float(string="Untaxed Amount", readonly=True)

    def _query(self):
        purchases = self.env["customer.lifecycle.purchase"]
        return SQL(
            """
            WITH days AS (%(days)s),
            repeats AS (
                SELECT d.partner_id, d.company_id, d.day,
                       %(repeat_grant)s AS grant_id
                  FROM days d
                 WHERE d.is_repeat
            )
            SELECT ROW_NUMBER() OVER (ORDER BY l.day, l.order_id, l.move_id, l.pos_order_id, l.product_id) AS id,
                   r.company_id, r.partner_id, r.grant_id, g.incentive_id, i.kind,
                   l.order_id, l.move_id, r.day AS date, l.product_id, l.categ_id, l.quantity, l.amount
              FROM repeats r
         LEFT JOIN customer_incentive_grant g ON g.id = r.grant_id
         LEFT JOIN customer_incentive i ON i.id = g.incentive_id
              JOIN (%(lines)s) l ON l.partner_id = r.partner_id AND l.company_id = r.company_id AND l.day = r.day
            """,
            days=purchases._days_sql(),
            repeat_grant=REPEAT_GRANT,
            lines=purchases._line_rows_sql(),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
