#!/usr/bin/env bash
# Shared by the project's commands: check Odoo, start PostgreSQL, expose the addon.
# Sourced, not run. Sets ROOT, BUILD, ADDONS_PATH and DB_ARGS.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The build folder lives outside the checkout: the addon links back to the checkout, and
# a link inside it would make a loop for tools that walk the addon (translation export).
BUILD=${CL_BUILD_DIR:-${TMPDIR:-/tmp}/customer_lifecycle-build-$(printf %s "$ROOT" | md5sum | cut -c1-8)}
# The Python that runs Odoo: CL_ODOO_PYTHON (PYTHON, its older name, is still read), else
# python3. Any Python that imports Odoo 18.0 or 19.0 Community (a pip install, a source
# checkout on its path, a venv) will do; the commands never install Odoo.
PYTHON_SET_BY_USER=${PYTHON:+1}
PYTHON=${CL_ODOO_PYTHON:-${PYTHON:-python3}}
SUPPORTED_SERIES="18.0 19.0"

die() { echo "ERROR: $*" >&2; exit 1; }

# The series of the Odoo that the Python $1 imports ("18.0", "19.0"), or nothing.
odoo_series_of() {
    "$1" -c 'import odoo.release as r; print(r.serie)' 2>/dev/null || true
}

# Odoo's addons folders, comma-separated, for the Python $1: <odoo>/addons (every addon in a
# pip install), and in a source checkout, where it holds base alone, the addons folder beside
# the odoo package (19.0's odoo is a namespace package with no __file__: its __path__ is read).
odoo_addons_of() {
    "$1" - <<'PY'
import os

import odoo

found = []
for package in odoo.__path__:
    own = os.path.join(package, "addons")
    found.append(own)
    # a pip install puts every addon in odoo/addons; a source checkout only base there
    if not os.path.isfile(os.path.join(own, "web", "__manifest__.py")):
        found.append(os.path.join(os.path.dirname(package), "addons"))
print(",".join(found))
PY
}

require_odoo() {
    ODOO_SERIES=$(odoo_series_of "$PYTHON")
    [ -n "$ODOO_SERIES" ] || die \
"Odoo is not importable by $PYTHON.
Install Odoo 18.0 or 19.0 Community into this Python first (its package and its
requirements.txt), so that '$PYTHON -c \"import odoo\"' works, or name the Python of an
installed Odoo with CL_ODOO_PYTHON=/path/to/python. See README.md, Prerequisites."
    case " $SUPPORTED_SERIES " in
        *" $ODOO_SERIES "*) ;;
        *) die "Odoo $ODOO_SERIES is installed ($PYTHON); customer_lifecycle supports Odoo $SUPPORTED_SERIES." ;;
    esac
    ODOO_ADDONS=$(odoo_addons_of "$PYTHON")
    local folder has_sale=0
    for folder in ${ODOO_ADDONS//,/ }; do [ -d "$folder/sale" ] && has_sale=1; done
    [ "$has_sale" = 1 ] || die "Odoo's own addons (sale, account, mail…) are not in ${ODOO_ADDONS:-any folder beside odoo}."
    # 19.0 loads the demo data of a new database only when asked; 18.0 always does
    ODOO_DEMO_ARGS=()
    [ "$ODOO_SERIES" = 18.0 ] || ODOO_DEMO_ARGS=(--with-demo)
    # each series its own build folder (logs, the addon's link) unless one is named; 18.0 keeps
    # the folder it always had
    if [ -z "${CL_BUILD_DIR:-}" ] && [ "$ODOO_SERIES" != 18.0 ]; then
        BUILD="$BUILD-$ODOO_SERIES"
    fi
}

# The default name of a database of the commands: $1 for 18.0, $1_19 for 19.0 (one Odoo
# cannot open the other's database).
series_db() {
    if [ "$ODOO_SERIES" = 18.0 ]; then echo "$1"; else echo "$1_${ODOO_SERIES%%.*}"; fi
}

# Stop when the database $1 exists and belongs to another series than the running Odoo's.
require_db_series() {
    local base
    base=$(psql -d "$1" -Atc "select latest_version from ir_module_module where name='base'" 2>/dev/null || true)
    if [ -n "$base" ] && [ "${base#"$ODOO_SERIES".}" = "$base" ]; then
        die "The database '$1' is an Odoo ${base%.*.*} database; $PYTHON runs Odoo $ODOO_SERIES. Name another with CL_TEST_DB / CL_DEMO_DB."
    fi
}

# What the suite and the demo need besides Odoo and PostgreSQL, and how it is installed.
# Debian packages: the browser of the tour, the PDF renderer, pdftoppm, a font with
# Persian glyphs. npm: rtlcss, with which Odoo turns its styles right to left.
APT_PACKAGES=(chromium wkhtmltopdf poppler-utils fonts-noto-core)
RTLCSS_VERSION=4.3.0

missing_apt_packages() {
    local package
    for package in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || echo "$package"
    done
}

# Python packages pinned in requirements*.txt that are missing or at another version.
missing_python_requirements() {
    "$PYTHON" - "$@" <<'PY'
import re, sys
from importlib import metadata

for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        match = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)==([^;\s]+)", line)
        if not match:
            continue
        name, version = re.sub(r"\[.*\]", "", match.group(1)), match.group(2)
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            print(f"{name}=={version}")
PY
}

# Install what is missing, or stop before installing anything, with the commands that
# bring it, when this user cannot (not root for Debian's packages, no npm for rtlcss).
require_tools() {
    local requirements=("$ROOT/requirements.txt" "$@")
    local apt_missing python_missing rtlcss_missing=0 cannot=()
    mapfile -t apt_missing < <(missing_apt_packages)
    mapfile -t python_missing < <(missing_python_requirements "${requirements[@]}")
    command -v rtlcss >/dev/null || rtlcss_missing=1
    if [ ${#apt_missing[@]} -gt 0 ] && [ "$(id -u)" != 0 ]; then
        cannot+=("Debian packages ${apt_missing[*]}: sudo apt-get install -y ${apt_missing[*]}")
    fi
    if [ "$rtlcss_missing" = 1 ] && ! command -v npm >/dev/null; then
        cannot+=("rtlcss (Odoo's right-to-left styles), which needs npm: apt-get install -y npm && npm install -g rtlcss@$RTLCSS_VERSION")
    fi
    if [ ${#cannot[@]} -gt 0 ]; then
        printf 'ERROR: missing, and this user cannot install it:\n' >&2
        printf '  %s\n' "${cannot[@]}" >&2
        printf 'Run the command(s) above, then run this command again.\n' >&2
        exit 1
    fi
    if [ ${#apt_missing[@]} -gt 0 ]; then
        echo "Installing Debian packages: ${apt_missing[*]}…"
        # a machine that never updated its package lists knows no package
        if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
            apt-get update -q >/dev/null || die "apt-get update failed."
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${apt_missing[@]}" >/dev/null \
            || die "Could not install ${apt_missing[*]}: run apt-get install -y ${apt_missing[*]} and look at its message."
    fi
    if [ "$rtlcss_missing" = 1 ]; then
        echo "Installing rtlcss $RTLCSS_VERSION with npm…"
        npm install -g --no-fund --no-audit "rtlcss@$RTLCSS_VERSION" >/dev/null \
            || die "Could not install rtlcss: run npm install -g rtlcss@$RTLCSS_VERSION and look at its message."
    fi
    if [ ${#python_missing[@]} -gt 0 ]; then
        echo "Installing Python packages into $PYTHON: ${python_missing[*]}…"
        local args=()
        for file in "${requirements[@]}"; do args+=(-r "$file"); done
        "$PYTHON" -m pip install -q --disable-pip-version-check "${args[@]}" \
            || die "Could not install the Python requirements: run $PYTHON -m pip install ${args[*]} and look at its message."
    fi
}

# Start the local PostgreSQL when it is not running, and make sure this user has a role.
require_postgres() {
    command -v psql >/dev/null || die "PostgreSQL is not installed (no psql). Install PostgreSQL 12 or newer: apt-get install -y postgresql"
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
    # 19.0 warns when no interface is named (its default changes in 20.0); 127.0.0.1 on both
    "$PYTHON" -c 'import sys; from odoo.cli import main; sys.argv[0] = "odoo"; main()' --http-interface=127.0.0.1 "$@"
}
