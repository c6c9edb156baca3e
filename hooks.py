# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.


def post_init_hook(env):
    """Back-fill: put every partner of every company at its stage of the chain.

    Runs set-based over the existing confirmed sales orders or posted invoices, so
    a database with years of history is in place right after the install.
    """
    companies = env["res.company"].search([])
    env["customer.lifecycle.engine"]._recompute_all(companies, backfill=True)
    # the relationship health is scored by the daily job, asked to run right after the
    # install rather than tonight, so that the install itself stays short
    env.ref("customer_lifecycle.ir_cron_customer_lifecycle_recompute")._trigger()
