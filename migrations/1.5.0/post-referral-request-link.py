# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""1.5.0: the *Referral Request* e-mail gives the advocate their code and link.

The template is data not updated on upgrade (noupdate): its paragraph is added here, in
English and Persian, after the sentence it follows, where nobody rewrote that sentence."""

import json

PARAGRAPHS = {
    "tell them to mention you.</p>": (
        '<p t-if="object.lifecycle_referral_link">Your referral code is '
        "<strong t-out=\"object.lifecycle_referral_code or ''\">CODE</strong>. Or send them your link: it opens a page "
        "where they leave us a way to reach them. "
        '<a t-att-href="object.lifecycle_referral_link" '
        "t-out=\"object.lifecycle_referral_link or ''\">Your link</a></p>"
    ),
    "به او بگویید نام شما را بیاورد.</p>": (
        '<p t-if="object.lifecycle_referral_link">کد معرفی شما '
        "<strong t-out=\"object.lifecycle_referral_code or ''\">CODE</strong> است. یا پیوندتان را برایشان بفرستید: "
        "صفحه‌ای باز می‌کند که در آن راهی برای تماس با خودشان برای ما می‌گذارند. "
        '<a t-att-href="object.lifecycle_referral_link" '
        "t-out=\"object.lifecycle_referral_link or ''\">پیوند شما</a></p>"
    ),
}


def with_link(body):
    """``body`` (one language's) with the code's paragraph after its anchor sentence;
    unchanged when it has one already or when the sentence was rewritten."""
    if not body or "lifecycle_referral_link" in body:
        return body
    for anchor, paragraph in PARAGRAPHS.items():
        if anchor in body:
            return body.replace(anchor, anchor + "\n    " + paragraph, 1)
    return body


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT t.id, t.body_html FROM mail_template t
          JOIN ir_model_data d ON d.res_id = t.id AND d.model = 'mail.template'
         WHERE d.module = 'customer_lifecycle' AND d.name = 'mail_template_referral_request'
        """
    )
    for template_id, bodies in cr.fetchall():
        if not bodies:
            continue
        new = {lang: with_link(body) for lang, body in bodies.items()}
        if new != bodies:
            cr.execute("UPDATE mail_template SET body_html = %s WHERE id = %s", [json.dumps(new), template_id])
