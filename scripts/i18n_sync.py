#!/usr/bin/env python3
# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Bring i18n/customer_lifecycle.pot and i18n/fa.po up to the addon's terms, sorted as OCA's
po-pretty-format keeps them.

    python3 scripts/i18n_sync.py DB [--add NEW.po ...]

DB: a database where the addon is installed and up to date (its terms are read with Odoo's
own TranslationModuleReader, as Odoo's export does). The .pot is rewritten from them; fa.po
keeps every translation it has for a term still there, takes the translations of NEW.po files
(e.g. the other side of a merge, or a file of new terms), and drops terms no longer used.
Prints the terms still untranslated; exits 1 when there are some."""

import argparse
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"


def build_dir():
    """The build folder of the project's commands (scripts/common.sh), where the addon is
    exposed as customer_lifecycle."""
    import hashlib
    import os

    digest = hashlib.md5(str(ROOT).encode()).hexdigest()[:8]
    default = Path(os.environ.get("TMPDIR", "/tmp")) / f"customer_lifecycle-build-{digest}"
    return Path(os.environ.get("CL_BUILD_DIR", default))


def export_pot(db):
    """The addon's terms as Odoo's own export writes them (a .pot), parsed."""
    import io

    import odoo
    from odoo.tools.translate import trans_export

    base = Path(odoo.__file__).parent / "addons"
    odoo.tools.config.parse_config(["-d", db, f"--addons-path={base},{build_dir() / 'addons'}"])
    registry = odoo.modules.registry.Registry(db)
    buffer = io.BytesIO()
    with registry.cursor() as cr:
        trans_export(False, ["customer_lifecycle"], buffer, "po", cr)
    return polib.pofile(buffer.getvalue().decode())


def sorted_copy(po, like, translations=None):
    """``po``'s entries sorted by msgid, under the header and metadata of ``like``; with
    ``translations``, each entry's msgstr taken from it (empty when it has none)."""
    result = polib.POFile(wrapwidth=78)
    result.header, result.metadata = like.header, like.metadata
    for entry in sorted(po, key=lambda e: e.msgid):
        if translations is not None:
            known = translations.get(entry.msgid)
            entry.msgstr = known.msgstr if known else ""
        result.append(entry)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--add", nargs="*", default=[], help="po files whose translations are taken too")
    args = parser.parse_args()
    pot = export_pot(args.db)
    fa = polib.pofile(str(I18N / "fa.po"))
    known = {entry.msgid: entry for entry in fa if entry.msgstr.strip()}
    for path in args.add:
        for entry in polib.pofile(path):
            if entry.msgstr.strip() and entry.msgid not in known:
                known[entry.msgid] = entry
    pot_old = polib.pofile(str(I18N / "customer_lifecycle.pot"))
    sorted_copy(pot, pot_old).save(str(I18N / "customer_lifecycle.pot"))
    sorted_copy(pot, fa, known).save(str(I18N / "fa.po"))
    missing = sorted(entry.msgid for entry in pot if entry.msgid not in known)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
