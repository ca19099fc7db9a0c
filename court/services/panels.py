"""Referral order panels: scheduled from the order, held with two volunteers and a YJS member (DESIGN.md §10)."""

from django.db import transaction

from court import rules
from court.models import Order, OrderType, PanelType, ReferralPanel


@transaction.atomic
def panel_schedule_initial(*, order: Order) -> ReferralPanel | None:
    """A referral order's initial panel, due ``rules.initial_panel_due`` of the order (once: a second
    call returns the panel already scheduled). None for any other order."""
    if order.order_type != OrderType.REFERRAL_ORDER:
        return None
    panel = order.panels.filter(panel_type=PanelType.INITIAL).first()
    if panel is None:
        panel = ReferralPanel.objects.create(
            order=order, panel_type=PanelType.INITIAL, due_on=rules.initial_panel_due(order.made_on)
        )
    return panel
