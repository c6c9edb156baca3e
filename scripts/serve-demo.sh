#!/usr/bin/env bash
# A demo database with customer_lifecycle and its demo data, served on 127.0.0.1:8069,
# the daily job already run. Log in as admin / admin. It serves the Odoo of CL_ODOO_PYTHON
# (default python3), one at a time: CL_ODOO_PYTHON=/opt/odoo19/venv/bin/python serves 19.0,
# on its own database (customer_lifecycle_demo_19; CL_DEMO_DB names another).
# CL_DEMO_RESET=1 starts again from a fresh database; CL_DEMO_LANG=fa_IR serves it in
# Persian (right to left, the company in Asia/Tehran).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PORT=${CL_DEMO_PORT:-8069}
LANG_CODE=${CL_DEMO_LANG:-}

require_odoo
DB=${CL_DEMO_DB:-$(series_db customer_lifecycle_demo)}
require_postgres
require_db_series "$DB"
require_tools
expose_addon

ODOO_ARGS=(--addons-path="$ADDONS_PATH" -d "$DB")
[ "${CL_DEMO_RESET:-0}" = 1 ] && dropdb --if-exists "$DB"
if psql -d "$DB" -Atc "select 1 from ir_module_module where name='customer_lifecycle' and state='installed'" 2>/dev/null | grep -q 1; then
    echo "Updating customer_lifecycle in '$DB'…"
    odoo_bin "${ODOO_ARGS[@]}" -u customer_lifecycle --stop-after-init --http-port="$PORT" --logfile="$BUILD/demo-install.log" \
        || die "The update failed; log: $BUILD/demo-install.log"
else
    dropdb --if-exists "$DB"
    echo "Creating '$DB' with customer_lifecycle and its demo data (a few minutes)…"
    odoo_bin "${ODOO_ARGS[@]}" -i customer_lifecycle --stop-after-init "${ODOO_DEMO_ARGS[@]}" --http-port="$PORT" --logfile="$BUILD/demo-install.log" \
        || die "The install failed; log: $BUILD/demo-install.log"
fi
echo "Running the daily job${LANG_CODE:+ and loading $LANG_CODE}…"
"$PYTHON" "$ROOT/scripts/demo_setup.py" "${ODOO_ARGS[@]}" --logfile="$BUILD/demo-setup.log" ${LANG_CODE:+--lang "$LANG_CODE"} \
    || die "The demo setup failed; log: $BUILD/demo-setup.log"
echo "Serving Odoo on http://127.0.0.1:$PORT (login: admin, password: admin). Ctrl-C stops it."
exec "$PYTHON" -c 'import sys; from odoo.cli import main; sys.argv[0] = "odoo"; main()' \
    "${ODOO_ARGS[@]}" --db-filter="^$DB\$" --http-interface=127.0.0.1 --http-port="$PORT"
