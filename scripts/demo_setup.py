"""Make the demo database show everything at first sight.

    python3 scripts/demo_setup.py --addons-path=... -d DB [--lang fa_IR]

Runs the daily job once (stages, health scores, warning signs, funnel and indicators are
filled before the first page is opened). With ``--lang fa_IR``, loads Persian, sets the
administrator's language to it and the company's time zone to Asia/Tehran, so that the
web client and the PDFs are right to left and the days are Tehran's.
"""

import argparse

import odoo
from odoo.tools import config


def set_language(env, lang):
    env["res.lang"]._activate_lang(lang)
    env["ir.module.module"].search([("state", "=", "installed")])._update_translations(lang)
    env.ref("base.user_admin").write({"lang": lang, "tz": "Asia/Tehran"})
    for company in env["res.company"].search([]):
        company.partner_id.tz = "Asia/Tehran"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--lang")
    args, odoo_args = parser.parse_known_args()
    config.parse_config(odoo_args)
    db_name = config["db_name"]  # 19.0: a list of names
    registry = odoo.modules.registry.Registry(db_name[0] if isinstance(db_name, list) else db_name)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if args.lang:
            set_language(env, args.lang)
            cr.commit()
        env["customer.lifecycle.engine"]._cron_recompute()
        print("The daily job ran: stages, health scores and warning signs are up to date.")


if __name__ == "__main__":
    main()
