"""Retake the pictures of the Apps page (static/description/) from the running demo.

    bash scripts/serve-demo.sh &                # in English
    python3 scripts/take_screenshots.py

    CL_DEMO_DB=cl_demo CL_DEMO_PORT=8070 bash scripts/serve-demo.sh &   # elsewhere
    python3 scripts/take_screenshots.py --url http://127.0.0.1:8070 --db cl_demo \
        --only screenshot_list_fa screenshot_pivot_fa              # only these pictures

    CL_ODOO_PYTHON=/opt/odoo19/venv/bin/python bash scripts/serve-demo.sh &   # Odoo 19.0
    python3 scripts/take_screenshots.py --db customer_lifecycle_demo_19 --out /tmp/shots19

Every page is taken at one width in headless Chromium, as the administrator, once the
web client has finished loading (no spinner, no blocked screen, no notification), in
English with the Gregorian calendar and then in Persian with the Solar Hijri one (the
administrator's language and calendar are switched for the Persian pictures and
switched back). A page may open something first, such as the datepicker of a date
field. Then each role's journey (JOURNEYS) is taken as that demo user, at a desktop's
and a phone's width (390 px), in English and in Persian. The PDFs are taken with
pdftoppm. Needs what the test command installs (chromium, websocket-client,
poppler-utils).
"""

import argparse
import base64
import http.cookiejar
import json
import os
import subprocess
import tempfile
import time
import urllib.request
import xmlrpc.client
from pathlib import Path

import websocket
from PIL import Image

OUT = Path(__file__).resolve().parent.parent / "static" / "description"
WIDTH, HEIGHT = 1440, 900
# Chromium's debugging port: another port when two of these run at once on one machine
DEBUG_PORT = int(os.environ.get("CL_SHOTS_DEBUG_PORT", "9333"))
# (picture, URL path, the selector that says the view is there[, what to click then,
# the selector that says it opened])
PAGES = (
    (
        "screenshot_kanban",
        "/odoo/action-customer_lifecycle.res_partner_action_customer_lifecycle",
        ".o_kanban_renderer",
    ),
    (
        "screenshot_partner",
        "/odoo/action-customer_lifecycle.res_partner_action_customer_lifecycle/{pars}",
        ".o_form_view",
    ),
    ("screenshot_funnel", "/odoo/action-customer_lifecycle.customer_lifecycle_funnel_report_action", ".o_content"),
    ("screenshot_health", "/odoo/action-customer_lifecycle.customer_lifecycle_health_action", ".o_content"),
    ("screenshot_plan", "/odoo/action-customer_lifecycle.customer_key_account_plan_action/{plan}", ".o_form_view"),
    ("screenshot_goal", "/odoo/action-customer_lifecycle.customer_lifecycle_goal_action/{goal}", ".o_form_view"),
    ("screenshot_incentives", "/odoo/action-customer_lifecycle.customer_incentive_action", ".o_content"),
    ("screenshot_grants", "/odoo/action-customer_lifecycle.customer_incentive_grant_action", ".o_content"),
    (
        "screenshot_indicators",
        "/odoo/action-customer_lifecycle.customer_lifecycle_indicator_report_action",
        ".o_content",
    ),
    (
        "screenshot_list",
        "/odoo/action-customer_lifecycle.res_partner_action_customer_lifecycle?view_type=list",
        ".o_list_renderer .o_data_row",
    ),
    (
        "screenshot_datepicker",
        "/odoo/action-customer_lifecycle.customer_referral_action/{referral}",
        # the date field: an input on 18.0, a button until clicked on 19.0
        ".o_form_view .o_field_widget[name=date] :is(input, button)",
        ".o_form_view .o_field_widget[name=date] :is(input, button)",
        ".o_datetime_picker .o_date_item_cell.o_selected",
    ),
    (
        "screenshot_pivot",
        "/odoo/action-customer_lifecycle.customer_lifecycle_stage_flow_action?view_type=pivot",
        ".o_pivot table .o_pivot_header_cell_closed, .o_pivot table .o_pivot_header_cell_opened",
    ),
)
PERSIAN_PAGES = ("screenshot_kanban", "screenshot_partner")
# the pictures of the Solar Hijri calendar: in Persian only
JALALI_PAGES = ("screenshot_list", "screenshot_datepicker", "screenshot_pivot")
# (language, calendar, the pictures' suffix)
USERS = (("en_US", "gregorian", ""), ("fa_IR", "jalali", "_fa"))
# the calendar written as the language would give it: the administrator's own choice kept
BY_LANGUAGE = {"lifecycle_calendar_by_language": True}
REPORTS = (
    ("report_profile", "customer_lifecycle.report_customer_lifecycle_profile", "res.partner", "{pars}"),
    ("report_plan", "customer_lifecycle.report_key_account_plan", "customer.key.account.plan", "{plan}"),
)
# Each role's journey, as that demo user (login = password), at a desktop and a phone's
# width (390 px), in English and in Persian with the Solar Hijri calendar: (login, its
# steps), each step (picture, URL path, the selector that says the page is there).
ACTION = "/odoo/action-customer_lifecycle."
JOURNEYS = (
    ("leila.azari", (("journey_portal_advocate", "/my/referrals", "#lifecycle_referral_share"),)),
    (
        "salesperson",
        (
            # the morning: whom to call, then the customers by stage, then one customer's card
            ("journey_salesperson_1_calls", ACTION + "customer_lifecycle_prospect_contact_report_action", ".o_content"),
            ("journey_salesperson_2_chain", ACTION + "res_partner_action_customer_lifecycle", ".o_kanban_renderer"),
            ("journey_salesperson_3_card", ACTION + "res_partner_action_customer_lifecycle/{mine}", ".o_form_view"),
        ),
    ),
    (
        "keyaccount",
        (
            ("journey_keyaccount_1_accounts", ACTION + "res_partner_action_key_accounts", ".o_content"),
            ("journey_keyaccount_2_plan", ACTION + "customer_key_account_plan_action/{plan}", ".o_form_view"),
        ),
    ),
    (
        "senior",
        (
            # the plan waiting for their approval, then the funnel of the whole chain
            ("journey_senior_1_approve", ACTION + "customer_key_account_plan_action/{submitted}", ".o_form_view"),
            ("journey_senior_2_funnel", ACTION + "customer_lifecycle_funnel_report_action", ".o_content"),
        ),
    ),
    (
        "accountant",
        (
            ("journey_accountant_1_grants", ACTION + "customer_incentive_grant_action", ".o_content"),
            ("journey_accountant_2_indicators", ACTION + "customer_lifecycle_indicator_report_action", ".o_content"),
        ),
    ),
)
# The public pages a visitor opens without logging in, in the language they pick:
# (picture, URL path with {lang}, the selector that says the page is there).
PUBLIC_JOURNEYS = (("journey_referral_landing", "/referral/AZR7K2QM?lang={lang}", ".o_lifecycle_landing_form"),)
# (the pictures' suffix, width, height, a phone)
SIZES = (("", WIDTH, HEIGHT, False), ("_phone", 390, 844, True))
# what must be gone before a picture is taken: spinners, blocked screens, notices, dialogs
BUSY_SELECTOR = ".o_loading_indicator, .o_blockUI, .o_notification, .o-main-components-container .o_dialog"
BUSY = f"""Array.from(document.querySelectorAll({BUSY_SELECTOR!r}))
    .map((el) => el.className + ': ' + el.textContent.slice(0, 80)).join(' | ')"""
READY = (
    f"(() => !document.querySelector({BUSY_SELECTOR!r})"
    " && !!document.querySelector(%s) && document.readyState === 'complete')()"
)


class Browser:
    def __init__(self, base, session_id, width=WIDTH, height=HEIGHT, mobile=False):
        self.profile = tempfile.mkdtemp()
        self.process = subprocess.Popen(
            [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={self.profile}", f"--remote-debugging-port={DEBUG_PORT}",
                f"--window-size={width},{height}", "about:blank",
            ],
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.base, self.counter = base, 0
        self.socket = websocket.create_connection(self._page_socket())
        self.call("Network.enable")
        self.call("Network.setCookie", name="session_id", value=session_id, domain="127.0.0.1", path="/")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)

    def _page_socket(self):
        for _attempt in range(100):
            try:
                tabs = json.load(urllib.request.urlopen(f"http://127.0.0.1:{DEBUG_PORT}/json"))
                return next(tab for tab in tabs if tab["type"] == "page")["webSocketDebuggerUrl"]
            except (OSError, StopIteration):
                time.sleep(0.2)
        raise SystemExit("Chromium did not start")

    def call(self, method, **params):
        self.counter += 1
        self.socket.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.counter:
                return message.get("result", {})

    def shoot(self, path, selector, out, click=None, opened=None):
        self.call("Page.navigate", url=self.base + path)
        self.wait(path, selector)
        if click:
            self.call("Runtime.evaluate", expression=f"document.querySelector({json.dumps(click)}).click()")
            self.wait(path, opened)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        out.write_bytes(base64.b64decode(data))
        print(out.name)

    def wait(self, path, selector):
        """Wait until ``selector`` is there and nothing is loading, for a while in a row."""
        deadline = time.monotonic() + 60
        ready_since = None
        while time.monotonic() < deadline:
            value = self.call("Runtime.evaluate", expression=READY % json.dumps(selector), returnByValue=True)
            if value.get("result", {}).get("value"):
                ready_since = ready_since or time.monotonic()
                if time.monotonic() - ready_since > 1.5:  # ready, and still ready: nothing left to load
                    return
            else:
                ready_since = None
            time.sleep(0.25)
        busy = self.call("Runtime.evaluate", expression=BUSY, returnByValue=True)
        raise SystemExit(f"{path} did not finish loading: {busy.get('result', {}).get('value')}")

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait()


def session(base, db, login, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    body = {"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": password}}
    request = urllib.request.Request(
        base + "/web/session/authenticate", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    opener.open(request).read()
    return opener, next(cookie.value for cookie in jar if cookie.name == "session_id")


def report_picture(opener, base, report, ids, out):
    pdf = opener.open(f"{base}/report/pdf/{report}/{ids}").read()
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "report.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "90", "-png", "-f", "1", "-l", "1", "-singlefile",
                        f"{folder}/report.pdf", str(out.with_suffix(""))], check=True)  # fmt: skip
    trim_top(out)
    print(out.name)


def trim_top(path, margin=40):
    """Cut the blank band above the report's first line (the room of a header that
    Debian's wkhtmltopdf does not print), keeping ``margin`` pixels."""
    image = Image.open(path).convert("L")
    first = next((y for y in range(image.height) if image.crop((0, y, image.width, y + 1)).getextrema()[0] < 200), 0)
    if first > margin:
        Image.open(path).crop((0, first - margin, image.width, image.height)).save(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", default="customer_lifecycle_demo")
    parser.add_argument("--only", nargs="+", metavar="PICTURE", help="retake only these (e.g. screenshot_list_fa)")
    parser.add_argument("--out", type=Path, default=OUT, help="the pictures' folder (default: the Apps page's)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    models = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/object")
    uid = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/common").authenticate(args.db, "admin", "admin", {})

    def call(model, method, *params, **kw):
        return models.execute_kw(args.db, uid, "admin", model, method, list(params), kw)

    ids = {
        "pars": call("res.partner", "search", [("name", "=", "Pars Medical")], limit=1)[0],
        "plan": call("customer.key.account.plan", "search", [("state", "=", "approved")], limit=1)[0],
        "goal": call("customer.lifecycle.goal", "search", [], limit=1)[0],
        "referral": call("customer.referral", "search", [], limit=1)[0],
        "submitted": call("customer.key.account.plan", "search", [("state", "=", "submitted")], limit=1)[0],
        # a loyal customer of the demo salesperson
        "mine": call("res.partner", "search", [("name", "=", "Azadi Pharmacy")], limit=1)[0],
    }
    wanted = set(args.only) if args.only else None
    admin = call("res.users", "read", [uid], ["lang", "lifecycle_calendar", "lifecycle_calendar_chosen"])[0]
    try:
        for lang, calendar, suffix in USERS:
            call("res.users", "write", [uid], {"lang": lang, "lifecycle_calendar": calendar}, context=BY_LANGUAGE)
            opener, session_id = session(args.url, args.db, "admin", "admin")
            for name, path, *steps in pages(suffix):
                if wanted is None or f"{name}{suffix}" in wanted:
                    page_picture(args.url, session_id, path.format(**ids), steps, args.out / f"{name}{suffix}.png")
            for name, report, _model, record in REPORTS:
                out = args.out / f"{name}_{lang[:2]}.png"
                if wanted is None or out.stem in wanted:
                    report_picture(opener, args.url, report, record.format(**ids), out)
    finally:
        restore = {key: admin[key] for key in ("lang", "lifecycle_calendar", "lifecycle_calendar_chosen")}
        call("res.users", "write", [uid], restore, context=BY_LANGUAGE)
    journeys(args, call, wanted, ids)
    public_journeys(args, wanted)


def journeys(args, call, wanted, ids):
    """Each role's journey as its demo user, at each size, in English and in Persian."""
    for login, steps in JOURNEYS:
        [user] = call("res.users", "search_read", [("login", "=", login)], ["lang", "lifecycle_calendar"])
        try:
            for lang, calendar, lang_suffix in USERS:
                call(
                    "res.users",
                    "write",
                    [user["id"]],
                    {"lang": lang, "lifecycle_calendar": calendar},
                    context=BY_LANGUAGE,
                )
                for name, path, selector in steps:
                    for size_suffix, width, height, mobile in SIZES:
                        out = args.out / f"{name}{size_suffix}{lang_suffix}.png"
                        if wanted is None or out.stem in wanted:
                            _opener, session_id = session(args.url, args.db, login, login)
                            browser = Browser(args.url, session_id, width, height, mobile)
                            try:
                                browser.shoot(path.format(**ids), selector, out)
                            finally:
                                browser.close()
                            shrink(out)
        finally:
            restore = {key: user[key] for key in ("lang", "lifecycle_calendar")}
            call("res.users", "write", [user["id"]], restore, context=BY_LANGUAGE)


def shrink(path):
    """Keep the Apps page light: the picture in 256 colours (screens of flat colours lose
    nothing visible), compressed."""
    image = Image.open(path).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def public_journeys(args, wanted):
    """The public pages as an anonymous visitor, at each size, in English and in Persian."""
    for name, path, selector in PUBLIC_JOURNEYS:
        for lang, _calendar, lang_suffix in USERS:
            for size_suffix, width, height, mobile in SIZES:
                out = args.out / f"{name}{size_suffix}{lang_suffix}.png"
                if wanted is None or out.stem in wanted:
                    browser = Browser(args.url, "", width, height, mobile)
                    try:
                        browser.shoot(path.format(lang=lang), selector, out)
                    finally:
                        browser.close()


def pages(suffix):
    """The pages taken in English (no suffix) or in Persian with the Solar Hijri calendar."""
    if suffix:
        return [page for page in PAGES if page[0] in PERSIAN_PAGES + JALALI_PAGES]
    return [page for page in PAGES if page[0] not in JALALI_PAGES]


def page_picture(base, session_id, path, steps, out):
    # a browser of its own for each page: a page opened in a browser where an earlier
    # one ran finds Odoo's shared bus worker already connected, and says it is out of date
    browser = Browser(base, session_id)
    try:
        browser.shoot(path, steps[0], out, *steps[1:])
    finally:
        browser.close()


if __name__ == "__main__":
    main()
