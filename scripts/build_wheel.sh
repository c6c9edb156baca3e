#!/usr/bin/env bash
# Build the addon's wheel as OCA ships addons (pyproject.toml, whool) and check it.
# whool names the wheel after the folder it builds in and ships what git tracks, so the
# wheel is built from a local clone of HEAD in a folder named customer_lifecycle. The
# project's development tools (bench/, scripts/, .ci/) are left out of that clone's index:
# a user who installs the addon runs none of them.
# Prints the wheel's path on its last line.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

WHEEL_DIR="$BUILD/wheel"
rm -rf "$WHEEL_DIR"
mkdir -p "$WHEEL_DIR/dist"
git clone --quiet "$ROOT" "$WHEEL_DIR/customer_lifecycle" || die "Could not clone $ROOT."
git -C "$WHEEL_DIR/customer_lifecycle" rm -r -q --cached bench scripts .ci
"$PYTHON" -m pip wheel --no-deps --disable-pip-version-check -q -w "$WHEEL_DIR/dist" "$WHEEL_DIR/customer_lifecycle" \
    || die "pip wheel failed on $WHEEL_DIR/customer_lifecycle."
wheel=$(ls "$WHEEL_DIR"/dist/*.whl)
"$PYTHON" "$ROOT/scripts/check_wheel.py" "$WHEEL_DIR/customer_lifecycle" "$wheel"
echo "$wheel"
