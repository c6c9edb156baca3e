#!/usr/bin/env bash
# The commands' answers to a machine that lacks something: each must stop at once, exit
# non-zero and name what is missing with the command that brings it. Run by the test
# command; prints one line per case.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d)
chmod 755 "$WORK"
trap 'rm -rf "$WORK"' EXIT
failures=0

# expect NAME EXPECTED-TEXT COMMAND...: the command fails and its output contains the text
expect() {
    local name=$1 text=$2 output status
    shift 2
    output=$("$@" 2>&1)
    status=$?
    if [ "$status" != 0 ] && grep -qF -- "$text" <<<"$output"; then
        echo "ok: $name"
    else
        failures=$((failures + 1))
        echo "FAILED: $name (exit $status, expected the message: $text)"
        echo "$output" | tail -5 | sed 's/^/    /'
    fi
}

# a Python whose "import odoo" fails
mkdir -p "$WORK/broken/odoo"
echo 'raise ImportError("broken on purpose")' >"$WORK/broken/odoo/__init__.py"
printf '#!/bin/sh\nPYTHONPATH=%s exec python3 "$@"\n' "$WORK/broken" >"$WORK/python-broken"
chmod +x "$WORK/python-broken"
expect "a broken Odoo" "Odoo is not importable" env CL_ODOO_PYTHON="$WORK/python-broken" bash "$ROOT/scripts/run-tests.sh"

# no PostgreSQL client on the PATH
mkdir -p "$WORK/bin"
for tool in python3 bash dirname md5sum cut id mkdir ln cat grep; do
    ln -s "$(command -v "$tool")" "$WORK/bin/$tool"
done
expect "no PostgreSQL" "apt-get install -y postgresql" env PATH="$WORK/bin" bash -c "source '$ROOT/scripts/common.sh'; require_postgres"

# a user who is not root, with a Debian package missing: nothing installed, the command named
expect "not root" "sudo apt-get install -y cl-no-such-package" runuser -u nobody -- env HOME="$WORK" bash -c \
    "source '$ROOT/scripts/common.sh'; APT_PACKAGES=(cl-no-such-package); require_tools"

# rtlcss missing and no npm
expect "no npm" "apt-get install -y npm && npm install -g rtlcss" env PATH="$WORK/bin" bash -c \
    "source '$ROOT/scripts/common.sh'; APT_PACKAGES=(); require_tools"

exit $((failures > 0))
