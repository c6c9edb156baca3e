#!/usr/bin/env bash
# The whole test suite of customer_lifecycle, on a fresh database, through Odoo's own
# test runner. Prints "N passed, N failed" and fails on any failed test, on any
# ERROR or WARNING in the install and test log, and when no test ran.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB=${CL_TEST_DB:-customer_lifecycle_test}
LOG="$BUILD/test.log"

require_odoo
require_postgres
expose_addon

dropdb --if-exists "$DB" >/dev/null
echo "Installing customer_lifecycle (with demo data) in a fresh database '$DB' and running its tests…"
set +e
odoo_bin --addons-path="$ADDONS_PATH" -d "$DB" -i customer_lifecycle \
    --test-enable --test-tags "/customer_lifecycle" --stop-after-init \
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

# The closing line last: "N passed, N failed".
echo "$summary"
[ "$tests_ok" = 1 ] && [ "$bench_ok" = 1 ]
