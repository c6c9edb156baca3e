#!/usr/bin/env bash
# Build the addon's wheels as OCA ships addons (pyproject.toml, whool) and check them: one
# per Odoo series, named odoo_addon_customer_lifecycle-<series>.x.y.z, requiring that series.
#
#   bash scripts/build_wheel.sh             # a wheel for each supported series (18.0, 19.0)
#   bash scripts/build_wheel.sh 19.0        # the wheel of one series
#
# The manifest's version is x.y.z, which Odoo prefixes with the series it runs; a wheel
# needs the series in its version, or the two series' wheels would have one name. So each
# wheel is built from a local clone of HEAD in a folder named customer_lifecycle (whool names
# the wheel after that folder and ships what git tracks) where one commit, never pushed, gives
# the manifest the series' version and pyproject.toml whool's odoo_series_override. The
# project's development tools (bench/, scripts/, .ci/) are left out of the clone's index: a
# user who installs the addon runs none of them.
# Prints the wheels' paths, one a line, last.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[ $# -gt 0 ] || set -- $SUPPORTED_SERIES
WHEEL_DIR="$BUILD/wheel"
rm -rf "$WHEEL_DIR"
mkdir -p "$WHEEL_DIR/dist"
wheels=()
for series in "$@"; do
    case " $SUPPORTED_SERIES " in *" $series "*) ;; *) die "No wheel for Odoo $series: the addon supports $SUPPORTED_SERIES." ;; esac
    clone="$WHEEL_DIR/$series/customer_lifecycle"
    git clone --quiet "$ROOT" "$clone" || die "Could not clone $ROOT."
    git -C "$clone" rm -r -q --cached bench scripts .ci
    "$PYTHON" - "$clone" "$series" <<'PY' || die "Could not set the version of the $series wheel."
import ast, pathlib, re, sys

clone, series = pathlib.Path(sys.argv[1]), sys.argv[2]
manifest = clone / "__manifest__.py"
text = manifest.read_text(encoding="utf-8")
version = ast.literal_eval(text)["version"]
if not re.fullmatch(r"\d+\.\d+\.\d+", version):
    sys.exit(f"the manifest's version {version!r} is not x.y.z")
manifest.write_text(text.replace(f'"version": "{version}"', f'"version": "{series}.{version}"', 1), encoding="utf-8")
pyproject = clone / "pyproject.toml"
pyproject.write_text(pyproject.read_text(encoding="utf-8") + f'\n[tool.whool]\nodoo_series_override = "{series}"\n')
PY
    git -C "$clone" -c user.name=build -c user.email=build@localhost commit -q -am "Odoo $series wheel" \
        || die "Could not commit the $series version in $clone."
    mkdir -p "$WHEEL_DIR/dist/$series"
    "$PYTHON" -m pip wheel --no-deps --disable-pip-version-check -q -w "$WHEEL_DIR/dist/$series" "$clone" \
        || die "pip wheel failed on $clone."
    wheel=$(ls "$WHEEL_DIR/dist/$series"/*.whl)
    "$PYTHON" "$ROOT/scripts/check_wheel.py" "$clone" "$wheel" "$series" || die "The $series wheel is wrong: $wheel"
    wheels+=("$wheel")
done
printf '%s\n' "${wheels[@]}"
