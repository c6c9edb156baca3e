"""Check the wheel of the addon: what it is named, what it requires, what it carries.

    python3 scripts/check_wheel.py ADDON_DIR WHEEL SERIES

The wheel must carry the manifest, every data and demo file the manifest names,
``static/``, ``i18n/`` and ``readme/`` under ``odoo/addons/customer_lifecycle/``, and
none of the development tools (``bench/``, ``scripts/``, ``.ci/``); it must be named
after the Odoo series (18.0, 19.0) and require it and the addon's Python dependencies. Prints what is wrong and exits 1.
"""

import ast
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

PREFIX = "odoo/addons/customer_lifecycle/"
REQUIRED_FOLDERS = ("static/", "i18n/", "readme/")
FORBIDDEN_FOLDERS = ("bench/", "scripts/", ".ci/")


def problems(addon_dir, wheel_path, series):
    manifest = ast.literal_eval((addon_dir / "__manifest__.py").read_text(encoding="utf-8"))
    with zipfile.ZipFile(wheel_path) as wheel:
        names = wheel.namelist()
        metadata_name = next(name for name in names if name.endswith(".dist-info/METADATA"))
        metadata = HeaderParser().parsestr(wheel.read(metadata_name).decode())
    files = {name[len(PREFIX) :] for name in names if name.startswith(PREFIX)}
    found = []
    if not Path(wheel_path).name.startswith(f"odoo_addon_customer_lifecycle-{series}."):
        found.append(f"the wheel is named {Path(wheel_path).name}")
    for name in ["__manifest__.py", *manifest.get("data", []), *manifest.get("demo", [])]:
        if name not in files:
            found.append(f"{name} is missing")
    for folder in REQUIRED_FOLDERS:
        if not any(name.startswith(folder) for name in files):
            found.append(f"{folder} is missing")
    for folder in FORBIDDEN_FOLDERS:
        if any(name.startswith(folder) for name in files):
            found.append(f"{folder} is shipped")
    requires = metadata.get_all("Requires-Dist") or []
    expected = [f"odoo=={series}.*", *manifest["external_dependencies"]["python"]]
    for requirement in expected:
        if not any(r.replace(" ", "").startswith(requirement) for r in requires):
            found.append(f"it does not require {requirement} (it requires {requires})")
    return found


def main():
    addon_dir, wheel_path, series = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    found = problems(addon_dir, wheel_path, series)
    for line in found:
        print(f"wheel: {line}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
