# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Requests and complaints that never fall through (article 004: "no question may fall
through; answer fast"): a touch-point's kind, its state, deadline, owner, the warning when
it is overdue, and its response and resolution times."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import odoo_compat
from ..tools import touchpoint_request as rules
from .res_users import MANAGER_GROUP


class CustomerTouchpoint(models.Model):
    _inherit = ["customer.touchpoint", "customer.lifecycle.protected"]
    _name = "customer.touchpoint"

    kind = fields.Selection(
        [(rules.CONTACT, "Plain Contact"), (rules.REQUEST, "Request"), (rules.COMPLAINT, "Complaint")],
        required=True,
        default=rules.CONTACT,
        index=True,
        help="A request or a complaint is open until someone resolves it, and has a deadline. "
        "A contact is a contact: it has no state.",
    )
    state = fields.Selection(
        [(rules.OPEN, "Open"), (rules.RESOLVED, "Resolved")],
        compute="_compute_request_state",
        store=True,
        index=True,
        help="Open until someone resolves the request or complaint. Empty for a contact.",
    )
    resolved_date = fields.Datetime(string="Resolved On", readonly=True, copy=False)
    resolved_user_id = fields.Many2one("res.users", string="Resolved By", readonly=True, copy=False)
    deadline = fields.Datetime(
        compute="_compute_request_deadline",
        store=True,
        index=True,
        help="The date of the request or complaint plus the hours of the company's Settings.",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Still open after its deadline.",
    )
    owner_id = fields.Many2one(
        "res.users",
        compute="_compute_request_owner",
        help="Who answers for the request: the user who recorded it, else the customer's "
        "salesperson, else the company's relationship owner.",
    )
    customer_user_id = fields.Many2one(
        related="commercial_partner_id.user_id",
        string="Salesperson",
        store=True,
        index=True,
    )
    response_date = fields.Datetime(
        string="Answered On",
        readonly=True,
        copy=False,
        help="The first outbound contact or reply to the customer after the request, or its resolution.",
    )
    response_hours = fields.Float(
        string="Response Time (Hours)",
        compute="_compute_request_hours",
        store=True,
        aggregator="avg",
        digits=(16, 2),
    )
    resolution_hours = fields.Float(
        string="Resolution Time (Hours)",
        compute="_compute_request_hours",
        store=True,
        aggregator="avg",
        digits=(16, 2),
    )
    overdue_warned_date = fields.Datetime(
        string="Overdue Warning Sent",
        readonly=True,
        copy=False,
        help="When the owner was warned that the request is overdue: once per request.",
    )
    source_message_id = fields.Many2one(
        "mail.message",
        string="From E-mail",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The customer's e-mail this request was created from.",
    )

    @api.depends("kind", "resolved_date")
    def _compute_request_state(self):
        for touchpoint in self:
            touchpoint.state = rules.request_state(touchpoint.kind, touchpoint.resolved_date)

    @api.depends("kind", "date", "company_id")
    def _compute_request_deadline(self):
        # the deadline is fixed by the Setting at the time of recording: a later change of
        # the Setting does not move the deadlines of the requests already recorded
        for touchpoint in self:
            hours = touchpoint.company_id.lifecycle_request_deadline_hours
            touchpoint.deadline = rules.request_deadline(touchpoint.kind, touchpoint.date, hours)

    @api.depends("state", "deadline")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for touchpoint in self:
            touchpoint.is_overdue = rules.is_overdue(
                touchpoint.kind, touchpoint.resolved_date, touchpoint.deadline, now
            )

    def _search_is_overdue(self, operator, value):
        operator, value = odoo_compat.boolean_search(operator, value)  # 19.0: ("in", [True])
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("The overdue filter only compares with true or false."))
        domain = [("state", "=", rules.OPEN), ("deadline", "<", fields.Datetime.now())]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.depends("user_id", "commercial_partner_id.user_id", "company_id")
    def _compute_request_owner(self):
        owners = self._lifecycle_request_owners()
        for touchpoint in self:
            touchpoint.owner_id = owners.get(touchpoint.id, False)

    @api.depends("date", "response_date", "resolved_date")
    def _compute_request_hours(self):
        for touchpoint in self:
            touchpoint.response_hours = rules.hours_between(touchpoint.date, touchpoint.response_date)
            touchpoint.resolution_hours = rules.hours_between(touchpoint.date, touchpoint.resolved_date)

    def _lifecycle_protected_hint(self):
        return self.env._("Use Resolve on the request or complaint; the answer times are measured by themselves.")

    def _lifecycle_request_owners(self):
        """{touch-point id: owner}: the user who recorded it while they may own warnings in
        its company, else the customer's salesperson, else the company's relationship owner
        (``res.company._lifecycle_owner_for``, one call per company)."""
        owners = {}
        for company, touchpoints in self.grouped("company_id").items():
            fallback = company._lifecycle_owner_for(touchpoints.commercial_partner_id) if company else {}
            for touchpoint in touchpoints:
                recorder = touchpoint.sudo().user_id
                if company and company._lifecycle_may_own(recorder):
                    owners[touchpoint.id] = recorder
                else:
                    owners[touchpoint.id] = fallback.get(touchpoint.commercial_partner_id.id) or False
        return owners

    # -- who may set the kind and resolve ----------------------------------------------

    def _lifecycle_check_request_rights(self, partners):
        """Salespeople set the kind and resolve for their own customers (the customer's
        salesperson), Lifecycle Managers for all; the superuser may."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        foreign = partners.commercial_partner_id.filtered(lambda p: p.user_id != self.env.user)
        if foreign:
            raise UserError(
                self.env._(
                    "Only the salesperson of %(partners)s or a Lifecycle Manager may record or "
                    "resolve their requests and complaints.",
                    partners=", ".join(foreign.mapped("display_name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        asked = [
            vals["partner_id"]
            for vals in vals_list
            if rules.waits_for_answer(vals.get("kind")) and vals.get("partner_id")
        ]
        if asked:
            self._lifecycle_check_request_rights(self.env["res.partner"].browse(asked))
        touchpoints = super().create(vals_list)
        touchpoints._lifecycle_answer_requests()
        return touchpoints

    def write(self, vals):
        if "kind" in vals:
            changed = self.filtered(lambda t: t.kind != vals["kind"])
            if changed.filtered("resolved_date"):
                raise UserError(self.env._("A resolved request or complaint keeps its kind."))
            changed._lifecycle_check_request_rights(changed.partner_id)
        return super().write(vals)

    def action_resolve(self):
        """Resolve open requests and complaints: the resolution (and the answer, when none
        came before) is now."""
        for touchpoint in self:
            if not rules.waits_for_answer(touchpoint.kind):
                raise UserError(
                    self.env._(
                        "“%(reason)s” is a contact, not a request or a complaint: there is nothing to resolve.",
                        reason=touchpoint.reason,
                    )
                )
            if touchpoint.resolved_date:
                raise UserError(
                    self.env._(
                        "“%(reason)s” was already resolved on %(date)s.",
                        reason=touchpoint.reason,
                        date=touchpoint.resolved_date,
                    )
                )
        self._lifecycle_check_request_rights(self.partner_id)
        now = fields.Datetime.now()
        self.sudo().write({"resolved_date": now, "resolved_user_id": self.env.user.id})
        self.filtered(lambda t: not t.response_date).sudo().write({"response_date": now})
        self._lifecycle_close_overdue_warnings()
        return True

    # -- answers: the response time ------------------------------------------------------

    def _lifecycle_answer_requests(self):
        """The outbound contacts among these touch-points answer the open requests and
        complaints of their customer in their company recorded before them."""
        answers = self.filtered(
            lambda t: t.kind == rules.CONTACT and t.direction == "outbound" and t.user_id and not t.user_id.share
        )
        if answers:
            self._lifecycle_record_answers([(t.commercial_partner_id.id, t.company_id.id, t.date) for t in answers])

    @api.model
    def _lifecycle_record_answers(self, answers):
        """Record the first answer of the unanswered requests and complaints: ``answers``
        is a list of (commercial partner id, company id or None for every company, date).
        One search for all of them, one write per answer date."""
        partner_ids = {partner_id for partner_id, _company, _date in answers}
        if not partner_ids:
            return
        requests = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("kind", "in", rules.ANSWERED_KINDS),
                    ("response_date", "=", False),
                    ("commercial_partner_id", "in", list(partner_ids)),
                    ("date", "<=", max(date for _partner, _company, date in answers)),
                ]
            )
        )
        dates = defaultdict(list)
        for partner_id, company_id, date in answers:
            dates[partner_id, company_id].append(date)
        answered = defaultdict(lambda: self.browse().sudo())
        for request in requests:
            key = request.commercial_partner_id.id
            candidates = dates.get((key, request.company_id.id), []) + dates.get((key, None), [])
            first = rules.first_answer(request.date, candidates)
            if first:
                answered[first] |= request
        for date, batch in answered.items():
            batch.write({"response_date": date})

    # -- overdue: the owner's warning ------------------------------------------------------

    @api.model
    def _cron_warn_overdue_requests(self):
        """Give the owner of every open request or complaint past its deadline one warning
        activity on the customer: once per request, never a second."""
        overdue = self.sudo().search([("is_overdue", "=", True), ("overdue_warned_date", "=", False)])
        if not overdue:
            return
        owners = overdue._lifecycle_request_owners()
        activity_type = self.env.ref("customer_lifecycle.mail_activity_type_overdue_request")
        partner_model = self.env["ir.model"]._get_id("res.partner")
        vals_list, warned = [], self.browse().sudo()
        for request in overdue:
            owner = owners.get(request.id)
            if not owner:
                continue
            vals_list.append(request._lifecycle_overdue_activity_values(activity_type, partner_model, owner))
            warned |= request
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(vals_list)
        warned.write({"overdue_warned_date": fields.Datetime.now()})

    def _lifecycle_overdue_activity_values(self, activity_type, partner_model, owner):
        self.ensure_one()
        kind = dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        return {
            "activity_type_id": activity_type.id,
            "res_model_id": partner_model,
            "res_id": self.commercial_partner_id.id,
            "user_id": owner.id,
            "date_deadline": self.company_id._lifecycle_today(),
            "summary": self.env._(
                "Overdue %(kind)s of %(partner)s: %(reason)s",
                kind=kind.lower(),
                partner=self.commercial_partner_id.display_name,
                reason=self.reason,
            ),
            "note": self.env._(
                "The %(kind)s recorded on %(date)s was due on %(deadline)s and is still open. "
                "No question may fall through: answer the customer and resolve it.",
                kind=kind.lower(),
                date=self.date,
                deadline=self.deadline,
            ),
            "lifecycle_touchpoint_id": self.id,
        }

    def _lifecycle_close_overdue_warnings(self):
        """A resolved request's open warning is done."""
        activities = self.env["mail.activity"].sudo().search([("lifecycle_touchpoint_id", "in", self.ids)])
        if activities:
            activities.action_feedback(feedback=self.env._("Resolved."))
