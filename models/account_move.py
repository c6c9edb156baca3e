# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.

from odoo import models

from ..tools.plausible_dates import EARLIEST


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._lifecycle_recompute()
        left_out = posted.filtered(
            lambda move: (
                move.move_type in ("out_invoice", "out_refund") and move.invoice_date and move.invoice_date < EARLIEST
            )
        )
        if left_out:  # a mistyped date: no purchase (see customer.lifecycle.purchase)
            self.env["customer.lifecycle.dates"]._warn_left_out(left_out, left_out.mapped("invoice_date"))
        return posted

    def button_draft(self):
        posted = self.filtered(lambda move: move.state == "posted")
        res = super().button_draft()
        posted._lifecycle_recompute()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self._lifecycle_recompute()
        return res

    def _lifecycle_recompute(self):
        """Customer invoices and credit notes move their customers along the chain
        in the companies that count invoices as purchases."""
        engine = self.env["customer.lifecycle.engine"].sudo()
        customer_moves = self.filtered(lambda move: move.move_type in ("out_invoice", "out_refund"))
        settings = customer_moves.company_id._lifecycle_settings_by_company(source="invoice")
        moves = customer_moves.filtered(lambda move: move.company_id in settings)
        if moves:
            engine._recompute_partners(moves.partner_id, moves.company_id, settings=settings)
