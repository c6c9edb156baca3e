# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""18.0.1.4.0: who writes a key-account plan.

Every salesperson reads the plans; the plan's key-account manager, its team and the
Lifecycle Managers write them, their objectives, tactics, competitors and reviews. The
rules live in ``security/ir_rule.xml`` under ``noupdate``: an upgrade creates the ones a
database lacks but never changes one it has. This migration writes the key-account rules
of that file as the file defines them (domain, groups, permissions), read from the file
itself so that there is one definition."""

import re

from lxml import etree

from odoo import SUPERUSER_ID, Command, api
from odoo.tools.misc import file_path

MODULE = "customer_lifecycle"
RULE_PREFIX = "customer_key_account_"
PERMISSIONS = ("perm_read", "perm_write", "perm_create", "perm_unlink")


def _rule_definitions():
    """{xml id: values} of the key-account rules of ``security/ir_rule.xml`` that are not
    the company rules (those never changed)."""
    tree = etree.parse(file_path(f"{MODULE}/security/ir_rule.xml"))
    rules = {}
    for record in tree.iterfind("record[@model='ir.rule']"):
        xml_id = record.get("id")
        if not xml_id.startswith(RULE_PREFIX) or xml_id.endswith("_company_rule"):
            continue
        fields = {field.get("name"): field for field in record.iterfind("field")}
        values = {"domain_force": fields["domain_force"].text.strip()}
        for permission in PERMISSIONS:
            values[permission] = permission not in fields or fields[permission].get("eval") != "False"
        if "groups" in fields:
            values["groups"] = re.findall(r"ref\('([\w.]+)'\)", fields["groups"].get("eval"))
        rules[xml_id] = values
    return rules


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xml_id, values in _rule_definitions().items():
        rule = env.ref(f"{MODULE}.{xml_id}", raise_if_not_found=False)
        if not rule:
            continue
        groups = values.pop("groups", [])
        values["groups"] = [Command.set([env.ref(f"{MODULE}.{group}").id for group in groups])]
        rule.write(values)
