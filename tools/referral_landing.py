# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The rules of a referral landing form, without the database: what a phone number is,
when two numbers are the same, what makes two forms the same form, and how the page
names an advocate."""

import hashlib
import re

# Persian and Arabic-Indic digits are typed on Persian phones: read as 0-9.
DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# what a phone number is written with, besides its digits
PHONE_RE = re.compile(r"^\+?[0-9 ()./-]+$")
# a phone number has 7 to 15 digits (E.164 allows 15)
PHONE_DIGITS = (7, 15)
# two numbers are the same when their last 9 digits are (with or without country code)
SAME_PHONE_DIGITS = 9


def ascii_digits(text):
    """``text`` with Persian and Arabic-Indic digits as 0-9."""
    return (text or "").translate(DIGITS)


def phone_digits(phone):
    return re.sub(r"\D", "", ascii_digits(phone))


def is_phone(phone):
    """Whether ``phone`` is written as a phone number: digits (any script), an optional
    leading +, spaces, dashes, dots, brackets; 7 to 15 digits."""
    text = ascii_digits(phone).strip()
    low, high = PHONE_DIGITS
    return bool(PHONE_RE.match(text)) and low <= len(phone_digits(text)) <= high


def same_phone(phone, other):
    """Whether ``phone`` and ``other`` are one number: the same last 9 digits, so that a
    number with its country code is the number without it."""
    first, second = phone_digits(phone), phone_digits(other)
    if not first or not second:
        return False
    return first[-SAME_PHONE_DIGITS:] == second[-SAME_PHONE_DIGITS:]


def form_fingerprint(name, email, phone, message):
    """What makes two landing forms the same form: the same words, whatever the case and
    spaces, the same number whatever its script."""
    parts = [" ".join((value or "").split()).casefold() for value in (name, email, message)]
    parts.insert(2, phone_digits(phone))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def advocate_name(name, is_company):
    """How the page names an advocate: a company by its name, a person by their first name."""
    name = " ".join((name or "").split())
    if is_company or not name:
        return name
    return name.split(" ")[0]
