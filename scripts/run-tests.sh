#!/usr/bin/env bash
# The whole test suite of customer_lifecycle, on a fresh database, through Odoo's own
# test runner. Prints "N passed, N failed" and fails on any failed test, on any
# ERROR or WARNING in the install and test log, and when no test ran.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB=${CL_TEST_DB:-customer_lifecycle_test}
# CL_TEST_TAGS narrows the run for development (e.g. "/customer_lifecycle:TestTouchpoint").
TAGS=${CL_TEST_TAGS:-/customer_lifecycle}
LOG="$BUILD/test.log"

require_odoo
require_postgres
expose_addon

# Lint first: it takes seconds and a lint error fails the run like a failed test.
echo "Lint: ruff, pylint-odoo (OCA configuration for 18.0), OCA module and PO checks…"
lint_ok=1
bash "$ROOT/scripts/lint.sh" || { lint_ok=0; echo "FAILED: lint (scripts/lint.sh)"; }

dropdb --if-exists "$DB" >/dev/null
echo "Installing customer_lifecycle (with demo data) in a fresh database '$DB' and running its tests…"
set +e
odoo_bin --addons-path="$ADDONS_PATH" -d "$DB" -i customer_lifecycle \
    --test-enable --test-tags "$TAGS" --stop-after-init \
    --http-port="${CL_TEST_PORT:-8079}" --log-level=test --logfile= >"$LOG" 2>&1
status=$?
set -e

summary=$("$PYTHON" - "$LOG" "$status" <<'PY'
import re, sys

log_path, status = sys.argv[1], int(sys.argv[2])
text = open(log_path, encoding="utf-8", errors="replace").read()
tests = failed = 0
for m in re.finditer(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests", text):
    failed += int(m.group(1)) + int(m.group(2))
    tests += int(m.group(3))
# Odoo's own noise that is not ours to fix (the build machine has no mail server, etc.).
ignored = (
    "Running as user 'root' is a security risk",
)
problems = [
    line for line in text.splitlines()
    if re.search(r" (ERROR|WARNING|CRITICAL) ", line) and not any(i in line for i in ignored)
]
for line in problems[:60]:
    print(line)
print(f"{tests - failed} passed, {failed} failed")
if problems:
    print(f"FAILED: {len(problems)} ERROR/WARNING line(s) in {log_path}")
if tests == 0:
    print("FAILED: no test ran")
sys.exit(1 if (status or failed or problems or tests == 0) else 0)
PY
) && tests_ok=1 || tests_ok=0

# The install cycle on the database the tests ran on (with demo data): an upgrade that keeps
# the data and logs no error or warning, an uninstall that leaves nothing behind, a
# reinstall as clean as the first install.
log_problems() {
    grep -E " (ERROR|WARNING|CRITICAL) " "$1" | grep -v "Running as user 'root' is a security risk" || true
}
cycle_ok=1
if [ "$tests_ok" = 1 ] && [ "${CL_SKIP_CYCLE:-0}" != 1 ]; then
    echo "Install cycle: upgrade, uninstall, reinstall…"
    CYCLE=("$PYTHON" "$ROOT/scripts/install_cycle.py")
    ODOO_ARGS=(--addons-path="$ADDONS_PATH" -d "$DB")
    before=$("${CYCLE[@]}" snapshot "${ODOO_ARGS[@]}")
    odoo_bin "${ODOO_ARGS[@]}" -u customer_lifecycle --stop-after-init --http-port="${CL_TEST_PORT:-8079}" \
        --logfile= >"$BUILD/upgrade.log" 2>&1 || cycle_ok=0
    after=$("${CYCLE[@]}" snapshot "${ODOO_ARGS[@]}")
    problems=$(log_problems "$BUILD/upgrade.log")
    if [ -n "$problems" ] || [ "$before" != "$after" ]; then
        cycle_ok=0
        echo "$problems"
        echo "FAILED: the upgrade logged problems or changed the data ($before -> $after); log: $BUILD/upgrade.log"
    fi
    "${CYCLE[@]}" uninstall "${ODOO_ARGS[@]}" >"$BUILD/uninstall.log" 2>&1 || cycle_ok=0
    left=$("${CYCLE[@]}" leftovers "${ODOO_ARGS[@]}")
    if [ "$left" != "[]" ]; then
        cycle_ok=0
        echo "FAILED: the uninstall left $left"
    fi
    odoo_bin "${ODOO_ARGS[@]}" -i customer_lifecycle --stop-after-init --http-port="${CL_TEST_PORT:-8079}" \
        --logfile= >"$BUILD/reinstall.log" 2>&1 || cycle_ok=0
    problems=$(log_problems "$BUILD/reinstall.log")
    if [ -n "$problems" ]; then
        cycle_ok=0
        echo "$problems"
        echo "FAILED: the reinstall logged problems; log: $BUILD/reinstall.log"
    fi
    [ "$cycle_ok" = 1 ] && echo "Install cycle clean: upgrade kept the data, uninstall left nothing, reinstall clean."
fi

# The benchmark at its small size, so that it never rots (it asserts that it runs, not how fast).
bench_ok=1
if [ "${CL_SKIP_BENCH:-0}" != 1 ]; then
    echo "Running the benchmark at its small size (bench/run.sh --small)…"
    if ! bash "$ROOT/bench/run.sh" --small >"$BUILD/bench-small.log" 2>&1; then
        bench_ok=0
        tail -30 "$BUILD/bench-small.log"
        echo "FAILED: the small benchmark did not run through (log: $BUILD/bench-small.log)"
    else
        grep -E "^(partners|[0-9]\.|seeding)" "$BUILD/bench-small.log" || true
    fi
fi

# Faults and load on real processes: the daily job killed halfway and resumed; order
# confirmations from four XML-RPC clients while the job runs on a --workers=2 server.
faults_ok=1
if [ "${CL_SKIP_FAULTS:-0}" != 1 ]; then
    echo "Fault checks (scripts/fault_tests.py): kill and resume the daily job, concurrent confirmations…"
    if "$PYTHON" "$ROOT/scripts/fault_tests.py" --addons-path="$ADDONS_PATH" >"$BUILD/faults.log" 2>&1; then
        grep -E ": ok —" "$BUILD/faults.log" || true
    else
        faults_ok=0
        tail -20 "$BUILD/faults.log"
        echo "FAILED: a fault check failed (log: $BUILD/faults.log)"
    fi
fi

# Point of Sale orders are purchases where Point of Sale is installed, with no dependency
# on it: its tests (tag customer_lifecycle_pos, outside the standard run) on a second
# database where it is installed.
pos_ok=1
if [ "$tests_ok" = 1 ] && [ "${CL_SKIP_POS:-0}" != 1 ]; then
    echo "Point of Sale: the addon and point_of_sale in a fresh database '${DB}_pos', its tests…"
    dropdb --if-exists "${DB}_pos" >/dev/null
    odoo_bin --addons-path="$ADDONS_PATH" -d "${DB}_pos" -i customer_lifecycle,point_of_sale \
        --test-enable --test-tags customer_lifecycle_pos --stop-after-init \
        --http-port="${CL_TEST_PORT:-8079}" --log-level=test --logfile= >"$BUILD/test-pos.log" 2>&1 || pos_ok=0
    pos_result=$(grep -oE "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests" "$BUILD/test-pos.log" | tail -1)
    problems=$(log_problems "$BUILD/test-pos.log")
    if [ -n "$problems" ] || ! [[ "$pos_result" =~ ^0\ failed,\ 0\ error\(s\)\ of\ [1-9] ]]; then
        pos_ok=0
        echo "$problems" | head -30
    fi
    [ "$pos_ok" = 1 ] && echo "Point of Sale: ${pos_result}." \
        || echo "FAILED: the Point of Sale tests (${pos_result:-none ran}; log: $BUILD/test-pos.log)"
fi

# The closing line last: "N passed, N failed".
echo "$summary"
[ "$lint_ok" = 1 ] && [ "$tests_ok" = 1 ] && [ "$cycle_ok" = 1 ] && [ "$bench_ok" = 1 ] && [ "$faults_ok" = 1 ] \
    && [ "$pos_ok" = 1 ]
