# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Persian is a first-class language: every term of the addon is translated."""

import re

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%[sd]")
# The articles write the tools' names (CRM, CEM, CAM) in Latin letters: their Persian
# labels keep the Latin name and say it in Persian. (OCA's po check empties a translation
# that only copies its source: every term needs Persian words of its own.)


@tagged("post_install", "-at_install", "customer_lifecycle")
class TestPersianTranslation(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.po = polib.pofile(f"{get_module_path('customer_lifecycle')}/i18n/fa.po")

    def test_every_term_of_the_addon_is_translated(self):
        terms = {row[4] for row in TranslationModuleReader(self.env.cr, ["customer_lifecycle"])}
        self.assertIn("Lifecycle Stage", terms)  # the reader does see the addon's terms
        translated = {entry.msgid for entry in self.po if entry.msgstr.strip() and "fuzzy" not in entry.flags}
        missing = sorted(terms - translated)
        self.assertFalse(missing, f"{len(missing)} term(s) missing from i18n/fa.po: {missing[:10]}")
        self.assertFalse([entry.msgid for entry in self.po.untranslated_entries()])

    def test_placeholders_survive_the_translation(self):
        for entry in self.po.translated_entries():
            self.assertEqual(
                sorted(PLACEHOLDER.findall(entry.msgid)),
                sorted(PLACEHOLDER.findall(entry.msgstr)),
                f"placeholders differ in the translation of {entry.msgid!r}",
            )

    def test_stage_names_use_the_articles_words(self):
        stage = self.env.ref("customer_lifecycle.stage_advocate").with_context(lang="fa_IR")
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(["customer_lifecycle"], ["fa_IR"], overwrite=True)
        self.assertEqual(stage.name, "مشتری بازاریاب")
