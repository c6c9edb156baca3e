"""A pytest plugin for scripts/pytest.sh: Odoo's test framework imported in test mode.

pytest-odoo imports ``odoo.tests`` before it turns Odoo's ``test_enable`` on (and
pytest imports the test modules while collecting them, before that too); Odoo then logs
an ERROR ("Importing test framework … when not running in test mode") that the test
command counts as a failure. This plugin, loaded first, imports the framework in test
mode. ``test_enable`` itself is left to pytest-odoo: on for the whole session, it would
make the registry run every module's tests when it loads.
"""

from odoo.tools import config

_enabled = config["test_enable"]
config["test_enable"] = True
try:
    import odoo.tests  # noqa: F401  (imported here, in test mode, once for the session)
finally:
    config["test_enable"] = _enabled
