# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The advocate's share buttons, as plain functions over plain values.

Each button shares its own channel's link, so that every click, lead and referral knows
where it came from. Nothing here calls an outside service: the buttons open the apps the
advocate already has (WhatsApp, Telegram, their SMS and e-mail apps, the phone's own
share sheet), and the QR code is drawn by Odoo itself (``/report/barcode``).

* WhatsApp: ``https://wa.me/?text=<sentence and link>``
* Telegram: ``https://t.me/share/url?url=<link>&text=<sentence>``
* SMS: ``sms:?&body=<sentence and link>`` (the form both Android and iOS read)
* E-mail: ``mailto:?subject=<subject>&body=<sentence and link>``
* Copy and the phone's share sheet: the plain link of the channel ``link``
* QR code: an image of the link of the channel ``qr``, to show in a shop
"""

from urllib.parse import quote, urlencode

# The channels of the buttons, in the order the page shows them.
SHARE_CHANNELS = ("whatsapp", "telegram", "sms", "email", "link", "qr")
QR_SIZE = 240


def _q(text):
    return quote(text or "", safe="")


def share_hrefs(sentence, subject, urls):
    """{channel: the address its button opens}: ``urls`` is {channel: that channel's
    tracked link}; ``sentence`` is the advocate's words that come with the link."""
    return {
        "whatsapp": "https://wa.me/?text=" + _q(f"{sentence} {urls['whatsapp']}"),
        "telegram": "https://t.me/share/url?url=" + _q(urls["telegram"]) + "&text=" + _q(sentence),
        "sms": "sms:?&body=" + _q(f"{sentence} {urls['sms']}"),
        "email": "mailto:?subject=" + _q(subject) + "&body=" + _q(f"{sentence}\n\n{urls['email']}"),
        "link": urls["link"],
        "qr": qr_image_url(urls["qr"]),
    }


def qr_image_url(url, size=QR_SIZE):
    """The address of Odoo's own QR code image of ``url``."""
    return "/report/barcode/?" + urlencode(
        {"barcode_type": "QR", "value": url, "width": size, "height": size, "quiet": 1}
    )
