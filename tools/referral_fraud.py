# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""What the two sides of a referral share, as plain functions over plain values.

A referral brings someone new: when the referrer's side and the referred side (each a
commercial entity with its contacts) share a VAT number, a phone number, an e-mail
address, a company e-mail domain, a street and ZIP or a bank account number, the
"new" customer may well be the referrer under another name. Nothing is refused here:
:func:`shared_facts` says what is shared, and a person decides (``customer.referral``
puts the referral *To Review* with these facts in words).

The values are compared the way people write them differently:

* phone numbers by their digits, without a leading ``00`` or ``+``, a country code of
  one to three digits, or a trunk ``0``: ``+98 912 345 6789`` is ``0912 345 6789``;
* VAT numbers by their letters and digits, without a two-letter country prefix;
* e-mail addresses in lower case; a domain only when it is not a public mail provider;
* a street by its words in lower case, with the ZIP code, both needed;
* bank account numbers by their letters and digits (Odoo's ``sanitized_acc_number``).
"""

import re
from dataclasses import dataclass

from odoo.tools import email_normalize_all

MIN_PHONE_DIGITS = 7  # fewer digits are an extension or a typo, not a number to compare
MAX_COUNTRY_CODE_DIGITS = 3
MIN_VAT_CHARS = 4

# what two sides may share, in the order the reasons say them
KINDS = ("vat", "phone", "email", "domain", "address", "bank")
KIND_VAT, KIND_PHONE, KIND_EMAIL, KIND_DOMAIN, KIND_ADDRESS, KIND_BANK = KINDS

DEFAULT_PUBLIC_MAIL_DOMAINS = (
    "gmail.com, googlemail.com, yahoo.com, outlook.com, hotmail.com, live.com, msn.com, icloud.com, "
    "me.com, aol.com, proton.me, protonmail.com, gmx.com, gmx.de, web.de, yandex.com, yandex.ru, "
    "mail.ru, zoho.com, example.com, example.org, example.net"
)
_DOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")


@dataclass(frozen=True)
class Contact:
    """One partner of a side of a referral: the commercial entity or one of its contacts."""

    name: str
    vat: str = ""
    phones: tuple = ()
    email: str = ""
    street: str = ""
    zip: str = ""
    bank_accounts: tuple = ()


@dataclass(frozen=True)
class Finding:
    """A fact both sides share: ``kind`` (one of :data:`KINDS`), the contact of each side
    who has it, and the value as each side wrote it."""

    kind: str
    referrer: str
    referred: str
    referrer_value: str
    referred_value: str


# ----------------------------------------------------------------------
# Normalisation
# ----------------------------------------------------------------------


def phone_digits(number):
    """The digits of ``number`` without a leading ``00`` and trunk zeros: ``+98 912 345
    6789`` gives ``989123456789``, ``09123456789`` gives ``9123456789``; ``""`` when too
    short to compare."""
    digits = re.sub(r"\D", "", number or "").lstrip("0")
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def same_phone(first, second):
    """Whether two phone numbers are the same: the same digits, or the same but for a
    country code of one to three digits in front of one of them."""
    first, second = phone_digits(first), phone_digits(second)
    if not (first and second):
        return False
    short, long = sorted((first, second), key=len)
    return long.endswith(short) and len(long) - len(short) <= MAX_COUNTRY_CODE_DIGITS


def vat_key(vat):
    """A VAT number's letters and digits in upper case, without a two-letter country
    prefix; ``""`` when too short to compare."""
    key = re.sub(r"[\W_]", "", vat or "").upper()
    key = re.sub(r"^[A-Z]{2}(?=\d)", "", key)
    return key if len(key) >= MIN_VAT_CHARS else ""


def email_keys(email):
    """The e-mail addresses in ``email``, normalised (lower case, no name around them)."""
    return tuple(email_normalize_all(email or ""))


def address_key(street, zip_code):
    """A street's words in lower case with the ZIP code's letters and digits; ``""`` unless
    both are known."""
    street_words = " ".join(re.sub(r"[\W_]+", " ", (street or "").casefold()).split())
    zip_key = re.sub(r"[\W_]", "", zip_code or "").upper()
    return f"{street_words}|{zip_key}" if street_words and zip_key else ""


def bank_key(account_number):
    """A bank account number's letters and digits in upper case."""
    return re.sub(r"[\W_]", "", account_number or "").upper()


def parse_domains(text):
    """The mail domains of a list written with commas, semicolons, spaces or lines, in
    lower case, without a leading ``@``, empty entries dropped, each once."""
    domains = []
    for entry in re.split(r"[,;\s]+", (text or "").lower()):
        entry = entry.strip().lstrip("@")
        if entry and entry not in domains:
            domains.append(entry)
    return domains


def invalid_domains(domains):
    """The entries of ``domains`` that are not a mail domain (``gmail``, ``a b.com``)."""
    return [domain for domain in domains if not _DOMAIN.match(domain)]


# ----------------------------------------------------------------------
# What the two sides share
# ----------------------------------------------------------------------


def _values(contact, kind, public_domains):
    """(key, value as written) of ``contact`` for ``kind``."""
    if kind == KIND_VAT:
        return [(vat_key(contact.vat), contact.vat)] if vat_key(contact.vat) else []
    if kind == KIND_EMAIL:
        return [(email, email) for email in email_keys(contact.email)]
    if kind == KIND_DOMAIN:
        domains = {email.rpartition("@")[2] for email in email_keys(contact.email)}
        return [(domain, domain) for domain in sorted(domains - set(public_domains))]
    if kind == KIND_ADDRESS:
        key = address_key(contact.street, contact.zip)
        return [(key, f"{contact.street}, {contact.zip}")] if key else []
    if kind == KIND_BANK:
        return [(bank_key(number), bank_key(number)[-4:]) for number in contact.bank_accounts if bank_key(number)]
    raise ValueError(kind)


def _shared_phones(referrers, referreds):
    findings, seen = [], set()
    for referrer in referrers:
        for referred in referreds:
            for number in referrer.phones:
                for other in referred.phones:
                    key = phone_digits(other)
                    if key not in seen and same_phone(number, other):
                        seen.add(key)
                        findings.append(Finding(KIND_PHONE, referrer.name, referred.name, number, other))
    return findings


def _shared_keys(kind, referrers, referreds, public_domains):
    """The findings of ``kind`` whose normalised value both sides have, each value once."""
    theirs = {}
    for referred in referreds:
        for key, value in _values(referred, kind, public_domains):
            theirs.setdefault(key, (referred.name, value))
    findings, seen = [], set()
    for referrer in referrers:
        for key, value in _values(referrer, kind, public_domains):
            if key in theirs and key not in seen:
                seen.add(key)
                findings.append(Finding(kind, referrer.name, theirs[key][0], value, theirs[key][1]))
    return findings


def shared_facts(referrers, referreds, public_domains=(), compare_domains=False):
    """What the referrer's contacts (``referrers``) and the referred's (``referreds``),
    lists of :class:`Contact`, share: a list of :class:`Finding`, one per kind and value.

    ``compare_domains``: compare the domains of their e-mail addresses too (one side is a
    company), except those of ``public_domains`` and those of an address already shared."""
    findings = _shared_keys(KIND_VAT, referrers, referreds, public_domains)
    findings += _shared_phones(referrers, referreds)
    emails = _shared_keys(KIND_EMAIL, referrers, referreds, public_domains)
    findings += emails
    if compare_domains:
        taken = {finding.referred_value.rpartition("@")[2] for finding in emails}
        domains = _shared_keys(KIND_DOMAIN, referrers, referreds, public_domains)
        findings += [finding for finding in domains if finding.referred_value not in taken]
    findings += _shared_keys(KIND_ADDRESS, referrers, referreds, public_domains)
    findings += _shared_keys(KIND_BANK, referrers, referreds, public_domains)
    return findings
