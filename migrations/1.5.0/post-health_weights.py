# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""18.0.1.5.0: satisfaction and responsiveness join the health score, each with a weight
(10 by default, given to every company when the columns are added). The five weights a
company had are scaled down in their proportions to make room for them, so that the
weights sum to 100 again and a customer who answered no survey and made no request (the
parts the data says nothing of are left out) keeps the score they had: 40/20/15/15/10
become 32/16/12/12/8."""

from odoo.tools import SQL

from odoo.addons.customer_lifecycle.tools.relationship_health import rebalanced_weights

OLD = ("rfm", "sentiment", "contact", "payment", "rhythm")
NEW = ("satisfaction", "responsiveness")


def column(name):
    return SQL.identifier(f"lifecycle_health_weight_{name}")


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL(
            "SELECT id, %s FROM res_company ORDER BY id",
            SQL(", ").join(SQL("COALESCE(%s, 0)", column(name)) for name in OLD + NEW),
        )
    )
    for company_id, *values in cr.fetchall():
        weights = dict(zip(OLD + NEW, values, strict=True))
        if sum(weights.values()) == 100:
            continue  # balanced already
        room = min(100, sum(weights[name] for name in NEW))
        scaled = rebalanced_weights({name: weights[name] for name in OLD}, room)
        cr.execute(
            SQL(
                "UPDATE res_company SET %s WHERE id = %s",
                SQL(", ").join(SQL("%s = %s", column(name), scaled[name]) for name in OLD),
                company_id,
            )
        )
