#!/usr/bin/env bash
# A demo database with customer_lifecycle and its demo data, served on 127.0.0.1:8069.
# Log in as admin / admin. Set CL_DEMO_RESET=1 to start again from a fresh database.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB=${CL_DEMO_DB:-customer_lifecycle_demo}
PORT=${CL_DEMO_PORT:-8069}

require_odoo
require_postgres
expose_addon

[ "${CL_DEMO_RESET:-0}" = 1 ] && dropdb --if-exists "$DB"
if psql -d "$DB" -Atc "select 1 from ir_module_module where name='customer_lifecycle' and state='installed'" 2>/dev/null | grep -q 1; then
    echo "Updating customer_lifecycle in '$DB'…"
    odoo_bin --addons-path="$ADDONS_PATH" -d "$DB" -u customer_lifecycle --stop-after-init --http-port="$PORT"
else
    dropdb --if-exists "$DB"
    echo "Creating '$DB' with customer_lifecycle and its demo data (a few minutes)…"
    odoo_bin --addons-path="$ADDONS_PATH" -d "$DB" -i customer_lifecycle --stop-after-init --http-port="$PORT"
fi
echo "Serving Odoo on http://127.0.0.1:$PORT (login: admin, password: admin). Ctrl-C stops it."
exec "$PYTHON" -c 'import sys; from odoo.cli import main; sys.argv[0] = "odoo"; main()' \
    --addons-path="$ADDONS_PATH" -d "$DB" --db-filter="^$DB\$" \
    --http-interface=127.0.0.1 --http-port="$PORT"
