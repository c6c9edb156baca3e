# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.


def post_init_hook(env):
    """Back-fill: put every partner of every company at its stage of the chain.

    Runs set-based over the existing confirmed sales orders or posted invoices, so
    a database with years of history is in place right after the install; then
    scores the relationship health of every customer.
    """
    companies = env["res.company"].search([])
    env["customer.lifecycle.engine"]._recompute_all(companies, backfill=True)
    env["customer.lifecycle.health"]._recompute_all(companies)
