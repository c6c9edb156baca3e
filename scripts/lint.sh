#!/usr/bin/env bash
# Lint with zero messages: ruff (style, imports, complexity), pylint-odoo with the OCA
# configuration for 18.0 (.pylintrc), and OCA's odoo-pre-commit-hooks checks of the
# manifest, XML, CSV and translation files. Run by scripts/run-tests.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$PYTHON" -m pip install -q -r "$ROOT/requirements-dev.txt" 2>/dev/null \
    || die "Could not install the lint tools of requirements-dev.txt."
mkdir -p "$BUILD/lint"
# pylint-odoo and the OCA hooks name the addon after its folder: look at it as customer_lifecycle.
ln -sfn "$ROOT" "$BUILD/lint/customer_lifecycle"
cd "$BUILD/lint"
status=0
ruff check --quiet customer_lifecycle/ || status=1
ruff format --check --quiet customer_lifecycle/ || status=1
"$PYTHON" -m pylint --rcfile="$ROOT/.pylintrc" customer_lifecycle || status=1
oca-checks-odoo-module --no-verbose customer_lifecycle || status=1
oca-checks-po --no-verbose customer_lifecycle/i18n/*.po customer_lifecycle/i18n/*.pot || status=1
exit $status
