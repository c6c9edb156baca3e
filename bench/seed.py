# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The benchmark's data, seeded with set-based SQL, and the raw SQL baseline it is measured against."""

import statistics
import time

import psycopg2

# ----------------------------------------------------------------------
# Seeding, set-based
# ----------------------------------------------------------------------


def seed(db, partners, orders):
    """Partners (a fifth of them companies with two contacts each), confirmed orders
    over five years, referrals and touch-points, with INSERT ... SELECT."""
    companies = partners // 5
    individuals = partners - companies * 3
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute("SELECT id, currency_id FROM res_company ORDER BY id LIMIT 1")
        company_id, currency_id = cr.fetchone()
        cr.execute("SELECT id FROM product_pricelist ORDER BY id LIMIT 1")
        pricelist_id = (cr.fetchone() or [None])[0]
        people, contacts, firms = _seed_partners(cr, companies, individuals)
        buyers = people + contacts + firms
        # A skewed distribution: some partners buy often, many rarely, some never.
        cr.execute(
            """
            INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                    company_id, currency_id, pricelist_id, date_order, state,
                                    amount_untaxed, amount_tax, amount_total, currency_rate,
                                    create_date, write_date)
            SELECT 'B' || g, buyer, buyer, buyer, %(company)s, %(currency)s, %(pricelist)s,
                   NOW() - random() * interval '1825 days', 'sale',
                   amount, 0, amount, 1.0, NOW(), NOW()
              FROM (SELECT g,
                           (%(buyers)s::int[])[1 + floor(power(random(), 2.5)
                               * array_length(%(buyers)s::int[], 1))::int] AS buyer,
                           round((50 + random() * 950)::numeric, 2) AS amount
                      FROM generate_series(1, %(orders)s) g) o
            """,
            {
                "company": company_id,
                "currency": currency_id,
                "pricelist": pricelist_id,
                "orders": orders,
                "buyers": buyers,
            },
        )
        cr.execute("ANALYZE res_partner; ANALYZE sale_order;")
    return {"company_id": company_id, "firms": firms, "people": people}


def _seed_partners(cr, companies, individuals):
    """Companies with two contacts each and individuals: the ids of the people, the
    contacts and the companies."""
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, is_company, active, type, lang,
                                 autopost_bills, create_date, write_date)
        SELECT 'Bench company ' || g, 'Bench company ' || g, TRUE, TRUE, 'contact', 'en_US',
               'ask', NOW(), NOW()
          FROM generate_series(1, %(companies)s) g;
        INSERT INTO res_partner (name, complete_name, is_company, active, type, lang,
                                 autopost_bills, create_date, write_date)
        SELECT 'Bench person ' || g, 'Bench person ' || g, FALSE, TRUE, 'contact', 'en_US',
               'ask', NOW(), NOW()
          FROM generate_series(1, %(individuals)s) g;
        UPDATE res_partner SET commercial_partner_id = id
         WHERE name LIKE 'Bench %%' AND commercial_partner_id IS NULL;
        INSERT INTO res_partner (name, complete_name, parent_id, commercial_partner_id,
                                 is_company, active, type, lang, autopost_bills,
                                 create_date, write_date)
        SELECT 'Contact ' || k || ' of ' || p.name, p.name || ', Contact ' || k, p.id, p.id,
               FALSE, TRUE, 'contact', 'en_US', 'ask', NOW(), NOW()
          FROM res_partner p, generate_series(1, 2) k
         WHERE p.name LIKE 'Bench company %%';
        """,
        {"companies": companies, "individuals": individuals},
    )
    cr.execute("SELECT array_agg(id ORDER BY id) FROM res_partner WHERE name LIKE 'Bench person %%'")
    people = cr.fetchone()[0]
    cr.execute("SELECT array_agg(id ORDER BY id) FROM res_partner WHERE name LIKE 'Contact %%'")
    contacts = cr.fetchone()[0]
    cr.execute("SELECT array_agg(id ORDER BY id) FROM res_partner WHERE name LIKE 'Bench company %%'")
    firms = cr.fetchone()[0]
    return people, contacts, firms


def seed_relations(db, company_id, firms, people):
    """Referrals and touch-points need the addon's tables: seeded after the install."""
    referrals = max(len(people) // 20, 10)
    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute(
            """
            INSERT INTO customer_referral (referrer_id, referrer_commercial_id, referred_id,
                                           referred_commercial_id, company_id, date, channel,
                                           state, create_date, write_date)
            SELECT r, r, d, d, %(company)s, (NOW() - INTERVAL '1900 days')::date,
                   'word_of_mouth', 'new', NOW(), NOW()
              FROM (SELECT unnest(%(referrers)s::int[]) AS r, unnest(%(referred)s::int[]) AS d) x
            """,
            {"company": company_id, "referrers": firms[:referrals], "referred": people[-referrals:]},
        )
        cr.execute(
            """
            INSERT INTO customer_touchpoint (partner_id, commercial_partner_id, company_id, date,
                                             channel, direction, kind, reason, sentiment,
                                             create_date, write_date)
            SELECT p, p, %(company)s, NOW() - random() * interval '700 days', 'phone',
                   'inbound', 'contact', 'Bench call', 'neutral', NOW(), NOW()
              FROM unnest(%(partners)s::int[]) p, generate_series(1, 3)
            """,
            {"company": company_id, "partners": firms},
        )
    return referrals


# ----------------------------------------------------------------------
# 1. The physical baseline
# ----------------------------------------------------------------------


def sql_baseline(db, runs=3):
    """One GROUP BY + one bulk UPDATE of the per-partner aggregates, rolled back:
    the median of ``runs`` runs, so that one slow moment of a shared machine does not
    set the yardstick of every ratio."""
    timings = []
    for _run in range(runs):
        elapsed, updated = sql_baseline_once(db)
        timings.append(elapsed)
    return statistics.median(timings), updated


def sql_baseline_once(db):
    conn = psycopg2.connect(dbname=db)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "ALTER TABLE res_partner ADD COLUMN bench_count int, ADD COLUMN bench_first date,"
                " ADD COLUMN bench_last date, ADD COLUMN bench_total numeric"
            )
            start = time.perf_counter()
            cr.execute(
                """
                UPDATE res_partner p
                   SET bench_count = a.days, bench_first = a.first, bench_last = a.last,
                       bench_total = a.total
                  FROM (SELECT rp.commercial_partner_id AS id,
                               COUNT(DISTINCT so.date_order::date) AS days,
                               MIN(so.date_order::date) AS first, MAX(so.date_order::date) AS last,
                               SUM(so.amount_untaxed) AS total
                          FROM sale_order so JOIN res_partner rp ON rp.id = so.partner_id
                         WHERE so.state = 'sale' AND so.company_id = 1
                      GROUP BY rp.commercial_partner_id) a
                 WHERE p.id = a.id
                """
            )
            elapsed = time.perf_counter() - start
            updated = cr.rowcount
        conn.rollback()
    finally:
        conn.close()
    return elapsed, updated
