#!/usr/bin/env bash
# Run the addon's tests (all, one file, or -k one test) through pytest-odoo against a
# test database where customer_lifecycle is installed with its demo data (created when
# missing), with Odoo's HTTP server so that the HttpCase tests and the tour run.
#
#   bash scripts/pytest.sh                          # every test
#   bash scripts/pytest.sh tests/test_referral.py   # one file
#   bash scripts/pytest.sh -k test_a_lapsed         # tests whose name matches
#
# Paths are the repository's (tests/...); pytest sees them through the build folder,
# where the addon is named customer_lifecycle, as pytest-odoo needs.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB_DEFAULT=customer_lifecycle_test
require_odoo
DB=${CL_TEST_DB:-$(series_db "$DB_DEFAULT")}
require_postgres
require_db_series "$DB"
require_tools "$ROOT/requirements-dev.txt"
expose_addon

if ! psql -d "$DB" -Atc "select 1 from ir_module_module where name='customer_lifecycle' and state='installed'" 2>/dev/null | grep -q 1; then
    echo "Creating the test database '$DB' with customer_lifecycle and its demo data…"
    dropdb --if-exists "$DB"
    odoo_bin --addons-path="$ADDONS_PATH" -d "$DB" -i customer_lifecycle --stop-after-init "${ODOO_DEMO_ARGS[@]}" \
        --http-port="${CL_TEST_PORT:-8079}" --logfile="$BUILD/install.log" \
        || die "The install failed; log: $BUILD/install.log"
fi

if [ "${CL_TEST_UPDATE:-0}" = 1 ]; then
    # while developing: bring the test database up to the working tree's models and data
    echo "Updating customer_lifecycle in '$DB'…"
    odoo_bin --addons-path="$ADDONS_PATH" -d "$DB" -u customer_lifecycle --stop-after-init \
        --http-port="${CL_TEST_PORT:-8079}" --logfile="$BUILD/update.log" \
        || die "The update failed; log: $BUILD/update.log"
fi

ADDON="$BUILD/addons/customer_lifecycle"
args=()
have_path=0
for arg in "$@"; do
    case "$arg" in
        tests|tests/*) args+=("$ADDON/$arg"); have_path=1 ;;
        *) args+=("$arg") ;;
    esac
done
if [ "$have_path" = 0 ]; then
    args+=("$ADDON/tests")
    # the Point of Sale tests need a database where point_of_sale is installed (the test
    # command makes one): elsewhere they are not collected
    if ! psql -d "$DB" -Atc "select 1 from ir_module_module where name='point_of_sale' and state='installed'" \
        | grep -q 1; then
        args+=("--ignore=$ADDON/tests/test_purchase_pos.py")
    fi
fi

: "${CL_PYTEST_LOG:=$BUILD/pytest-odoo.log}"
cd "$BUILD"
export PYTHONPATH="$ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}"
exec "$PYTHON" -m pytest -p no:cacheprovider -p pytest_test_mode --rootdir="$BUILD" \
    --odoo-database="$DB" --odoo-addons-path="$ADDONS_PATH" --odoo-http \
    --odoo-log-level="${CL_PYTEST_LOG_LEVEL:-info}" --odoo-extra="logfile=$CL_PYTEST_LOG" --odoo-extra="http-interface=127.0.0.1" \
    -o addopts="" -r fEs "${args[@]}"
