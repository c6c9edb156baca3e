# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Activities are touch-points: a salesperson who marks a call, a meeting or an e-mail done
has been in contact with the customer, and the record says so without typing it twice."""

CALL_TYPE = "mail.mail_activity_data_call"
MEETING_TYPE = "mail.mail_activity_data_meeting"
EMAIL_TYPE = "mail.mail_activity_data_email"
# Odoo's "Exception" activities report a problem of the document, not a contact.
EXCEPTION_TYPE = "mail.mail_activity_data_warning"


def channel_of(category, xmlid):
    """The touch-point's channel of an activity type: a phone call is a phone contact, a
    meeting a meeting, an e-mail an e-mail; any other activity is an "other" contact.

    ``category`` is the type's action (``phonecall``; ``meeting`` when Calendar is
    installed), ``xmlid`` its external id (``module.name``) or ``None``."""
    if category == "phonecall" or xmlid == CALL_TYPE:
        return "phone"
    if category == "meeting" or xmlid == MEETING_TYPE:
        return "meeting"
    if xmlid == EMAIL_TYPE:
        return "email"
    return "other"


def reason_of(summary, type_name, fallback):
    """The reason for contact: the activity's summary, else its type's name, else ``fallback``."""
    for text in (summary, type_name):
        if text and text.strip():
            return text.strip()
    return fallback
