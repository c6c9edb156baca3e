# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Which grant an event is credited to: the one definition of attribution.

A repeat purchase or a referral of a customer on a day is credited to one of the
incentives given to that customer in that company within the company's attribution
window before it (Settings: *Attribution Window*): the first of them or the last, as
the company's *Attribution Model* says. The indicators and the repeat purchases by
product read it, so that they agree.
"""

from odoo.tools import SQL


def attributed_grant_sql(partner, company, day):
    """A scalar subquery: the id of the grant credited with the event of the customer
    ``partner`` in ``company`` on ``day`` (each an SQL expression), or NULL."""
    return SQL(
        """(SELECT g.id
              FROM customer_incentive_grant g
              JOIN res_company c ON c.id = g.company_id
             WHERE g.partner_id = %(partner)s AND g.company_id = %(company)s
               AND g.state = 'given'
               AND g.date <= %(day)s AND %(day)s <= g.date + c.lifecycle_attribution_days
          ORDER BY CASE WHEN c.lifecycle_attribution_model = 'first' THEN g.date END,
                   CASE WHEN c.lifecycle_attribution_model = 'first' THEN g.id END,
                   g.date DESC, g.id DESC
             LIMIT 1)""",
        partner=partner,
        company=company,
        day=day,
    )
