# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Mixed right-to-left text in PDF reports.

The Qt WebKit of wkhtmltopdf measures a right-to-left line wrongly when it mixes Arabic
script with a run of Latin letters or digits ("۱۰٪ تخفیف", "CEM: مشتریان"): the line is
drawn past the right margin and over itself. Such runs read well once each is isolated
in its own left-to-right element, which is what ``isolate_ltr_runs`` does.
"""

import re

from markupsafe import Markup, escape

# Letters of the Arabic script (Persian included), their marks and the zero-width
# (non-)joiners: the characters that stay in the right-to-left flow. Everything else
# that is not a space (Latin letters, digits, Persian digits, ٪, signs) is left to right.
_RTL = "\u0621-\u064a\u064b-\u065f\u0670-\u06d3\u06d5-\u06ef\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc\u200c\u200d"
_LTR_RUN = re.compile(rf"[^\s{_RTL}]+(?:\s+[^\s{_RTL}]+)*")
_HAS_RTL = re.compile(rf"[{_RTL}]")
# Of a run, only what goes from its first letter or digit to its last (a percent sign
# after it included) is isolated: brackets, colons and dashes around it are neutral and
# stay in the right-to-left flow, mirrored and ordered as a Persian reader expects.
_CORE = re.compile(r"[^\W_](?:.*[^\W_])?[%٪]?", re.S)


def isolate_ltr_runs(text):
    """``text`` as markup where each left-to-right run of a right-to-left text is wrapped in
    ``<span dir="ltr">``; a text without Arabic script comes back as it is (escaped)."""
    text = "" if text is None or text is False else str(text)
    if not _HAS_RTL.search(text):
        return escape(text)
    parts, end = [], 0
    for match in _LTR_RUN.finditer(text):
        core = _CORE.search(match.group())
        if not core:
            continue
        start, stop = match.start() + core.start(), match.start() + core.end()
        if text[start:stop].count("(") > text[start:stop].count(")") and text[stop : stop + 1] == ")":
            stop += 1  # "a (b) …": the bracket closes inside the run
        parts.append(escape(text[end:start]))
        parts.append(Markup('<span dir="ltr">%s</span>') % text[start:stop])
        end = stop
    parts.append(escape(text[end:]))
    return Markup("").join(parts)


ZWNJ = "\u200c"
# A text between two tags (never inside a tag, so attribute values are left alone).
_TEXT_NODE = re.compile(r"(?<=>)[^<]+")


def keep_zero_width_non_joiners(html):
    """``html`` with each zero-width non-joiner of its texts in an element of its own.

    The Qt WebKit of wkhtmltopdf shapes U+200C as a zero-width space, which does not stop
    Arabic letters from joining: "استراتژی‌ها" printed as "استراتژیها". Letters on either
    side of an element boundary are shaped apart, so the non-joiner in its own ``<span>``
    separates them again, with no width, as the font intends."""
    if ZWNJ not in html:
        return html
    return _TEXT_NODE.sub(lambda match: match.group().replace(ZWNJ, f"<span>{ZWNJ}</span>"), html)
