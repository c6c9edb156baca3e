#!/usr/bin/env bash
# The benchmark: bash bench/run.sh [--small] [--keep]. Needs what the tests need.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
require_odoo
require_postgres
expose_addon
exec "$PYTHON" "$ROOT/bench/benchmark.py" --addons-path="$ADDONS_PATH" "$@"
