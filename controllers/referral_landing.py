# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The public page of a referral code, ``/referral/<code>`` (``/r/`` is link_tracker's):
in the visitor's language, it names the advocate, says what the friend gets and offers a
short form that becomes a lead. A stopped or unknown code gets a polite page without the
form. The visitor is anonymous: everything is read with sudo, limited to the code."""

from urllib.parse import urlencode

from odoo import http
from odoo.http import request

# the visitor's choice of language, kept for their next pages
LANG_COOKIE = "frontend_lang"
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign")


class LifecycleReferralLanding(http.Controller):
    def _lifecycle_landing_lang(self, asked=None):
        """The visitor's language among the active ones: the one they picked on the page,
        else the one they picked before, else their browser's (Accept-Language), else the
        company's default English."""
        languages = [code for code, _name in request.env["res.lang"].sudo().get_installed()]
        for wanted in (asked, request.cookies.get(LANG_COOKIE)):
            if wanted in languages:
                return wanted
        for accepted, _quality in request.httprequest.accept_languages:
            accepted = accepted.replace("-", "_")
            exact = [code for code in languages if code.lower() == accepted.lower()]
            close = [code for code in languages if code.split("_")[0] == accepted.split("_")[0].lower()]
            if exact or close:
                return (exact or close)[0]
        return "en_US" if "en_US" in languages else languages[0]

    def _lifecycle_landing_render(self, code_text, lang, values, status=200, picked=False):
        Lang = request.env["res.lang"].sudo()
        language = Lang._get_data(code=lang)
        request.update_context(lang=lang)
        env = request.env
        Hit = env["customer.referral.landing.hit"]
        code = Hit._lifecycle_landing_code(code_text)
        utm = {key: values.get(key) or request.params.get(key) or "" for key in UTM_KEYS}
        page = {
            "lang": lang,
            "html_data": {"lang": lang.replace("_", "-"), "dir": language.direction or "ltr"},
            "title": env._("An invitation"),
            "code": code,
            "code_text": code_text,
            "company": code.company_id.sudo(),
            "advocate": Hit._lifecycle_landing_advocate(code) if code else "",
            "offer": code._lifecycle_landing_offer() if code else "",
            "languages": [
                (
                    c,
                    n.split("/")[-1].strip(),
                    f"/referral/{code_text}?{urlencode({**{k: v for k, v in utm.items() if v}, 'lang': c})}",
                )
                for c, n in Lang.get_installed()
            ],
            "utm": utm,
            "form": values,
            **values.get("page", {}),
        }
        if code:
            page["heading"] = env._(
                "%(advocate)s invites you to %(company)s", advocate=page["advocate"], company=page["company"].name
            )
            page["thanks"] = env._(
                "Thank you, %(friend)s! %(company)s has received your message and will contact you soon.",
                friend=page.get("friend") or "",
                company=page["company"].name,
            )
        response = request.render("customer_lifecycle.referral_landing_page", page, status=status)
        if picked:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax")
        return response

    @http.route("/referral/<string:code>", type="http", auth="public", methods=["GET"], sitemap=False)
    def lifecycle_referral_landing(self, code, lang=None, **_kwargs):
        picked = self._lifecycle_landing_lang(lang)
        found = request.env["customer.referral.landing.hit"]._lifecycle_landing_code(code)
        return self._lifecycle_landing_render(code, picked, {}, status=200 if found else 404, picked=picked == lang)

    @http.route("/referral/<string:code>/send", type="http", auth="public", methods=["POST"], sitemap=False, csrf=True)
    def lifecycle_referral_landing_send(self, code, **form):
        lang = self._lifecycle_landing_lang(form.get("lang"))
        request.update_context(lang=lang)
        Hit = request.env["customer.referral.landing.hit"]
        found = Hit._lifecycle_landing_code(code)
        if not found:
            return self._lifecycle_landing_render(code, lang, {}, status=404)
        error, _lead = (
            Hit.sudo()
            .with_context(lang=lang)
            ._lifecycle_landing_submit(found, form, request.httprequest.remote_addr or "")
        )
        if error:
            return self._lifecycle_landing_render(code, lang, {**form, "page": {"error": error}}, status=400)
        return self._lifecycle_landing_render(
            code, lang, {"page": {"sent": True, "friend": " ".join((form.get("name") or "").split())}}
        )
