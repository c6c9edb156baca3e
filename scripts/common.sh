#!/usr/bin/env bash
# Shared by the project's commands: check Odoo, start PostgreSQL, expose the addon.
# Sourced, not run. Sets ROOT, BUILD, ADDONS_PATH and DB_ARGS.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The build folder lives outside the checkout: the addon links back to the checkout, and
# a link inside it would make a loop for tools that walk the addon (translation export).
BUILD=${CL_BUILD_DIR:-${TMPDIR:-/tmp}/customer_lifecycle-build-$(printf %s "$ROOT" | md5sum | cut -c1-8)}
PYTHON=${PYTHON:-python3}

die() { echo "ERROR: $*" >&2; exit 1; }

require_odoo() {
    local version
    version=$("$PYTHON" -c 'import odoo.release as r; print(r.serie)' 2>/dev/null) || die \
"Odoo is not importable by $PYTHON.
Install Odoo 18.0 Community into this Python first (its package and its requirements.txt
from PyPI), so that '$PYTHON -c \"import odoo\"' works. See README.md, Prerequisites."
    [ "$version" = "18.0" ] || die "Odoo $version is installed; customer_lifecycle needs Odoo 18.0."
    if grep -qv '^\s*\(#\|$\)' "$ROOT/requirements.txt"; then
        "$PYTHON" -m pip install -q -r "$ROOT/requirements.txt" 2>/dev/null \
            || die "Could not install the Python requirements of requirements.txt."
    fi
    ODOO_ADDONS=$("$PYTHON" -c 'import odoo, os; print(os.path.join(os.path.dirname(odoo.__file__), "addons"))')
    [ -d "$ODOO_ADDONS/sale" ] || die "Odoo's own addons (sale, account, mail…) are not in $ODOO_ADDONS."
}

# Start the local PostgreSQL when it is not running, and make sure this user has a role.
require_postgres() {
    command -v psql >/dev/null || die "PostgreSQL is not installed (no psql). Install PostgreSQL 12 or newer."
    if ! pg_isready -q 2>/dev/null; then
        if command -v pg_lsclusters >/dev/null; then
            local cluster
            cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
            [ -n "$cluster" ] || die "No PostgreSQL cluster found (pg_lsclusters is empty). Create one with pg_createcluster."
            echo "Starting PostgreSQL $cluster…"
            pg_ctlcluster $cluster start || die "Could not start PostgreSQL $cluster."
        else
            die "PostgreSQL is not running and this script does not know how to start it here."
        fi
        for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
        pg_isready -q || die "PostgreSQL did not come up."
    fi
    if ! psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
        local me
        me=$(id -un)
        [ "$(id -u)" = 0 ] || die "PostgreSQL has no role '$me'. Create it: sudo -u postgres createuser -s $me"
        runuser -u postgres -- createuser -s "$me" || die "Could not create the PostgreSQL role '$me'."
    fi
}

# Odoo finds an addon by its folder name: expose the repository as customer_lifecycle.
expose_addon() {
    mkdir -p "$BUILD/addons"
    ln -sfn "$ROOT" "$BUILD/addons/customer_lifecycle"
    ADDONS_PATH="$ODOO_ADDONS,$BUILD/addons"
}

odoo_bin() {
    "$PYTHON" -c 'import sys; from odoo.cli import main; sys.argv[0] = "odoo"; main()' "$@"
}
