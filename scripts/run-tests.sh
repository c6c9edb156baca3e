#!/usr/bin/env bash
# The whole test suite of customer_lifecycle, on every supported Odoo (18.0, 19.0) it finds:
# once, lint, the commands' checks, the Apps page and the wheel of each series; then on each
# Odoo, a fresh database with the addon and its demo data, every test of the addon through
# pytest-odoo (HttpCase tests and the browser tours included), the Point of Sale tests, the
# install cycle, the small benchmark and the fault checks. Installs what it needs when it is
# missing (see README.md, Prerequisites), never Odoo itself.
#
# Which Odoo: CL_ODOO_PYTHONS="python3 /opt/odoo19/venv/bin/python" names them (the Python of
# each); CL_ODOO_PYTHON (or PYTHON) names one and runs only it; else python3 and, for a series
# python3 does not run, CL_ODOO18_PYTHON / CL_ODOO19_PYTHON, which default to the first of
# /opt/odoo<N>/venv/bin/python, /opt/odoo<N>/.venv/bin/python that exists (README.md, "Odoo
# versions"). Each series runs on its own database (CL_TEST_DB, and CL_TEST_DB_19 for 19.0).
# Prints, last, "N passed, N failed" over every Odoo run, after a line per Odoo; fails on any
# failed or skipped test, on any ERROR or WARNING in a log, and when no test ran.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ "${CL_SUITE_SERIES_PART:-0}" = 1 ]; then
    # the part of one Odoo (this script again, run by the part below for each Odoo)
    require_odoo
    if [ "$ODOO_SERIES" = 18.0 ]; then DB=${CL_TEST_DB:-customer_lifecycle_test}; else
        DB=${CL_TEST_DB_19:-$(series_db "${CL_TEST_DB:-customer_lifecycle_test}")}; fi
    export CL_TEST_DB=$DB
    PORT=${CL_TEST_PORT:-8079}
    require_postgres
    require_db_series "$DB"
    require_tools "$ROOT/requirements-dev.txt"
    expose_addon
    # Odoo's own noise that is not ours to fix, one a line: 19.0 warns at each call of the
    # XML-RPC endpoints (removed in 20.0), through which the access tests and the fault checks
    # call as a client does
    IGNORED="Running as user 'root' is a security risk
The /xmlrpc, /xmlrpc/2 and /jsonrpc endpoints are deprecated in Odoo 19"
    log_problems() {
        grep -E " (ERROR|WARNING|CRITICAL) " "$@" | grep -vF "$IGNORED" || true
    }
dropdb --if-exists "$DB" >/dev/null 2>&1
echo "Installing customer_lifecycle (with demo data) in a fresh database '$DB'…"
tests_ok=1
rm -f "$BUILD/install.log"
if ! odoo_bin --addons-path="$ADDONS_PATH" -d "$DB" -i customer_lifecycle --stop-after-init "${ODOO_DEMO_ARGS[@]}" \
    --http-port="$PORT" --logfile="$BUILD/install.log"; then
    tests_ok=0
    tail -20 "$BUILD/install.log"
    echo "FAILED: the install (log: $BUILD/install.log)"
fi
problems=$(log_problems "$BUILD/install.log")
if [ -n "$problems" ]; then
    tests_ok=0
    echo "$problems" | head -40
    echo "FAILED: the install logged problems; log: $BUILD/install.log"
fi

echo "Running every test of the addon through pytest-odoo (scripts/pytest.sh)…"
PYTEST_OUT="$BUILD/pytest.out"
POS_TESTS=test_purchase_pos.py
rm -f "$PYTEST_OUT" "$PYTEST_OUT.pos" "$BUILD/pytest-odoo-pos.log"
export CL_PYTEST_LOG="$BUILD/pytest-odoo.log"
rm -f "$CL_PYTEST_LOG"
set +e
if [ "$tests_ok" = 1 ]; then
    # CL_TEST_TAGS of Odoo's runner ("/customer_lifecycle:TestA,/customer_lifecycle:TestB"), for
    # development: the classes named become a -k expression
    selection=()
    if [ -n "${CL_TEST_TAGS:-}" ]; then
        selection=(-k "$(echo "$CL_TEST_TAGS" | tr ',' '\n' | sed 's/^.*://' | paste -sd'|' | sed 's/|/ or /g')")
    fi
    bash "$ROOT/scripts/pytest.sh" "${selection[@]}" 2>&1 | tee "$PYTEST_OUT" \
        | grep -E "^(FAILED|ERROR|SKIPPED) " | head -60
    # Point of Sale orders are purchases where Point of Sale is installed, with no
    # dependency on it: its tests run on a second database where it is installed.
    if [ "${CL_SKIP_POS:-0}" != 1 ]; then
        echo "Point of Sale: the addon and point_of_sale in a fresh database '${DB}_pos', $POS_TESTS…"
        dropdb --if-exists "${DB}_pos" >/dev/null 2>&1
        rm -f "$BUILD/install-pos.log"
        if odoo_bin --addons-path="$ADDONS_PATH" -d "${DB}_pos" -i customer_lifecycle,point_of_sale \
            --stop-after-init "${ODOO_DEMO_ARGS[@]}" --http-port="$PORT" --logfile="$BUILD/install-pos.log"; then
            CL_TEST_DB="${DB}_pos" CL_PYTEST_LOG="$BUILD/pytest-odoo-pos.log" bash "$ROOT/scripts/pytest.sh" \
                "tests/$POS_TESTS" 2>&1 | tee "$PYTEST_OUT.pos" | grep -E "^(FAILED|ERROR|SKIPPED) " | head -30
        else
            echo "FAILED: the install with point_of_sale (log: $BUILD/install-pos.log)"
        fi
    fi
fi
set -e
runs=("$PYTEST_OUT" "$CL_PYTEST_LOG")
[ "${CL_SKIP_POS:-0}" != 1 ] && runs+=("$PYTEST_OUT.pos" "$BUILD/pytest-odoo-pos.log" "$BUILD/install-pos.log")
summary=$("$PYTHON" - "$IGNORED" "${runs[@]}" <<'PY'
import os, re, sys

ignored, paths = sys.argv[1], sys.argv[2:]


def read(path):
    return open(path, encoding="utf-8", errors="replace").read() if os.path.exists(path) else ""


passed = failed = 0
problems = []
# each pytest run: its output, its Odoo log (and, for the second database, its install log)
outputs = [path for path in paths if path.endswith((".out", ".pos"))]
for out_path in outputs:
    counts = {}
    last = [line for line in read(out_path).splitlines() if re.match(r"^=+ .* in [\d.]+s", line)]
    if last:
        for number, word in re.findall(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed)", last[-1]):
            counts["error" if word.startswith("error") else word] = int(number)
    else:
        print(f"FAILED: no pytest summary in {out_path}")
        failed += 1
    if counts.get("skipped"):
        # a skipped test is a test that did not run: it fails the run, as a failed one
        print(f"FAILED: {counts['skipped']} test(s) skipped in {out_path} (reasons above, SKIPPED)")
    passed += counts.get("passed", 0)
    failed += sum(counts.get(key, 0) for key in ("failed", "error", "skipped", "xfailed", "xpassed"))
for log_path in (path for path in paths if path not in outputs):
    problems += [
        line for line in read(log_path).splitlines()
        if re.search(r" (ERROR|WARNING|CRITICAL) ", line) and not any(text in line for text in ignored.splitlines())
    ]
for line in problems[:60]:
    print(line)
if problems:
    print(f"FAILED: {len(problems)} ERROR/WARNING line(s) in the test logs")
if passed + failed == 0:
    print("FAILED: no test ran")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if (failed or problems or passed == 0) else 0)
PY
) || tests_ok=0

# The install cycle on the database the tests ran on (with demo data): an upgrade that keeps
# the data and logs no error or warning, an uninstall that leaves nothing behind, a
# reinstall as clean as the first install.
cycle_ok=1
if [ "$tests_ok" = 1 ] && [ "${CL_SKIP_CYCLE:-0}" != 1 ]; then
    echo "Install cycle: user data, upgrade, uninstall from Apps, reinstall…"
    CYCLE=("$PYTHON" "$ROOT/scripts/install_cycle.py")
    ODOO_ARGS=(--addons-path="$ADDONS_PATH" -d "$DB")
    # what users record, so that the upgrade keeps it and the uninstall meets it
    "${CYCLE[@]}" populate "${ODOO_ARGS[@]}" >/dev/null || { cycle_ok=0; echo "FAILED: install_cycle.py populate"; }
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
    rm -f "$BUILD/uninstall.log"
    "${CYCLE[@]}" uninstall "${ODOO_ARGS[@]}" --logfile="$BUILD/uninstall.log" >/dev/null || cycle_ok=0
    problems=$(log_problems "$BUILD/uninstall.log")
    if [ -n "$problems" ]; then
        cycle_ok=0
        echo "$problems" | head -40
        echo "FAILED: the uninstall logged problems; log: $BUILD/uninstall.log"
    fi
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

# The closing line last: "N passed, N failed".
echo "$summary"
[ "$tests_ok" = 1 ] && [ "$cycle_ok" = 1 ] && [ "$bench_ok" = 1 ] && [ "$faults_ok" = 1 ]
    exit $?
fi

# Which Odoo to run the suite on: the Python of each, at most one per series.
pythons=()
if [ -n "${CL_ODOO_PYTHONS:-}" ]; then
    read -r -a pythons <<<"$CL_ODOO_PYTHONS"
elif [ -n "${CL_ODOO_PYTHON:-}${PYTHON_SET_BY_USER:-}" ]; then
    pythons=("$PYTHON")
else
    pythons=(python3)
    for major in 18 19; do
        var=CL_ODOO${major}_PYTHON
        candidate=${!var:-}
        if [ -z "$candidate" ]; then
            for path in /opt/odoo$major/venv/bin/python /opt/odoo$major/.venv/bin/python; do
                [ -x "$path" ] && { candidate=$path; break; }
            done
        fi
        [ -n "$candidate" ] && pythons+=("$candidate")
    done
fi
runs=()
seen=" "
for python in "${pythons[@]}"; do
    series=$(odoo_series_of "$python")
    if [ -z "$series" ] && [ ${#pythons[@]} -gt 1 ] && [ "$python" = python3 ]; then
        continue  # python3 without Odoo, beside an Odoo found elsewhere
    fi
    if [ -z "$series" ]; then PYTHON=$python require_odoo; fi  # stops, naming what is missing
    case " $SUPPORTED_SERIES " in *" $series "*) ;; *) PYTHON=$python require_odoo ;; esac
    case "$seen" in *" $series "*) continue ;; esac
    seen="$seen$series "
    runs+=("$series=$python")
done
[ ${#runs[@]} -gt 0 ] || PYTHON=python3 require_odoo
PYTHON=${runs[0]#*=}
echo "Odoo found: ${runs[*]}"
require_postgres
require_tools "$ROOT/requirements-dev.txt"

# Lint first: it takes seconds and a lint error fails the run like a failed test.
echo "Lint: ruff, pylint-odoo (OCA configuration for 18.0), OCA module and PO checks…"
lint_ok=1
bash "$ROOT/scripts/lint.sh" || { lint_ok=0; echo "FAILED: lint (scripts/lint.sh)"; }

# Odoo's own runner (and OCA's CI) runs only the test modules tests/__init__.py imports.
echo "Every tests/test_*.py imported by tests/__init__.py (Odoo's own runner runs only those)…"
imports_ok=1
for test_file in "$ROOT"/tests/test_*.py; do
    module=$(basename "$test_file" .py)
    if ! grep -qxE "from \. import $module" "$ROOT/tests/__init__.py"; then
        imports_ok=0
        echo "FAILED: tests/$module.py is not imported by tests/__init__.py: Odoo's runner never runs it"
    fi
done

echo "The commands on a machine that lacks something (scripts/check_commands.sh)…"
commands_ok=1
bash "$ROOT/scripts/check_commands.sh" | sed 's/^/  /' || { commands_ok=0; echo "FAILED: scripts/check_commands.sh"; }

echo "The Apps page, generated from readme/ (scripts/gen_apps_page.py --check)…"
page_ok=1
"$PYTHON" "$ROOT/scripts/gen_apps_page.py" --check || { page_ok=0; echo "FAILED: the Apps page"; }

echo "The wheels (pyproject.toml, whool), one per series: built from a clone of HEAD and checked…"
wheel_ok=1
if wheel=$(bash "$ROOT/scripts/build_wheel.sh" 2>&1); then
    echo "$wheel" | tail -2 | xargs -n1 basename | sed 's/^/  /'
else
    wheel_ok=0
    echo "$wheel"
    echo "FAILED: the wheel (scripts/build_wheel.sh)"
fi


closing=()
series_ok=1
set +e
for run in "${runs[@]}"; do
    series=${run%%=*}
    echo "=== Odoo $series ($run): install, tests, Point of Sale, install cycle, benchmark, faults ==="
    out="$BUILD/run-tests-$series.out"
    started=$(date +%s)
    CL_SUITE_SERIES_PART=1 CL_ODOO_PYTHON="${run#*=}" bash "${BASH_SOURCE[0]}" 2>&1 | tee "$out"
    status=${PIPESTATUS[0]}
    [ "$status" = 0 ] || series_ok=0
    closing+=("Odoo $series: $(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -1) ($(($(date +%s) - started)) s)")
done
set -e

# The closing lines last: one per Odoo, then "N passed, N failed" over all.
printf '%s\n' "${closing[@]}"
"$PYTHON" - "${closing[@]}" <<'PY'
import re, sys

passed = failed = 0
for line in sys.argv[1:]:
    match = re.search(r"(\d+) passed, (\d+) failed", line)
    if match:
        passed, failed = passed + int(match[1]), failed + int(match[2])
    else:
        failed += 1  # an Odoo whose run printed no count
print(f"{passed} passed, {failed} failed")
PY
[ "$lint_ok" = 1 ] && [ "$imports_ok" = 1 ] && [ "$page_ok" = 1 ] && [ "$commands_ok" = 1 ] && [ "$wheel_ok" = 1 ] && [ "$series_ok" = 1 ]
