# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""CEM: what the repeat purchases attributed to an incentive bought, product by product
(confirmed sales orders; the order lines of a repeat purchase day)."""

from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.customer_incentive import INCENTIVE_KINDS
from .customer_lifecycle_indicator_report import purchase_days_sql


class CustomerLifecycleRepeatProductReport(models.Model):
    _name = "customer.lifecycle.repeat.product.report"
    _description = "Customer Lifecycle Repeat Purchases by Product"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "product_id"

    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    grant_id = fields.Many2one("customer.incentive.grant", readonly=True)
    incentive_id = fields.Many2one("customer.incentive", readonly=True)
    kind = fields.Selection(INCENTIVE_KINDS, readonly=True)
    order_id = fields.Many2one("sale.order", string="Sales Order", readonly=True)
    date = fields.Date(string="Repeat On", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    quantity = fields.Float(readonly=True)
    amount = fields.Float(string="Untaxed Amount", readonly=True)

    def _query(self):
        return SQL(
            """
            WITH %(days)s,
            repeats AS (
                SELECT d.partner_id, d.company_id, d.day,
                       (SELECT g.id
                          FROM customer_incentive_grant g
                          JOIN res_company c ON c.id = g.company_id
                         WHERE g.partner_id = d.partner_id AND g.company_id = d.company_id
                           AND g.state = 'given'
                           AND g.date <= d.day AND d.day <= g.date + c.lifecycle_attribution_days
                      ORDER BY CASE WHEN c.lifecycle_attribution_model = 'first' THEN g.date END,
                               CASE WHEN c.lifecycle_attribution_model = 'first' THEN g.id END,
                               g.date DESC, g.id DESC
                         LIMIT 1) AS grant_id
                  FROM days d
                 WHERE d.is_repeat
            )
            SELECT sol.id, r.company_id, r.partner_id, r.grant_id, g.incentive_id, i.kind,
                   so.id AS order_id, r.day AS date, sol.product_id, pt.categ_id,
                   sol.product_uom_qty AS quantity,
                   sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount
              FROM repeats r
              JOIN customer_incentive_grant g ON g.id = r.grant_id
              JOIN customer_incentive i ON i.id = g.incentive_id
              JOIN res_partner p ON p.commercial_partner_id = r.partner_id
              JOIN sale_order so
                ON so.partner_id = p.id AND so.company_id = r.company_id AND so.state = 'sale'
              JOIN res_company c ON c.id = so.company_id
              JOIN res_partner cp ON cp.id = c.partner_id
               AND (so.date_order AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(cp.tz, 'UTC'))::date = r.day
              JOIN sale_order_line sol ON sol.order_id = so.id AND sol.display_type IS NULL
              JOIN product_product pp ON pp.id = sol.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
            """,
            days=purchase_days_sql(),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
