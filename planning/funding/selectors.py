"""Reads of funding: the runway (until when granted funding runs without a gap)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from planning.funding.models import FundingSource, FundingStatus, secured_until
from quartier.models import Quartier

WARN_WITHIN_DAYS = 183  # about six months


@dataclass(frozen=True)
class Runway:
    today: datetime.date
    secured_until: datetime.date | None  # None: no granted funding covers today
    follow_up_applied: bool  # an application that reaches beyond the secured period is pending

    @property
    def months(self) -> float:
        """Months of secured funding from today (0 when nothing covers today)."""
        if self.secured_until is None:
            return 0.0
        return round(((self.secured_until - self.today).days + 1) / 30.44, 1)

    @property
    def warning(self) -> bool:
        """Funding ends within six months (or has ended) and no follow-up has been applied for."""
        ends_soon = self.secured_until is None or (self.secured_until - self.today).days < WARN_WITHIN_DAYS
        return ends_soon and not self.follow_up_applied


def funding_runway(*, quartier: Quartier, today: datetime.date) -> Runway:
    """The quartier's runway from its granted and applied-for sources. One query."""
    rows = list(
        FundingSource.objects.filter(
            quartier=quartier, status__in=[FundingStatus.GRANTED, FundingStatus.APPLIED], end__gte=today
        ).values_list("status", "start", "end")
    )
    until = secured_until([(start, end) for status, start, end in rows if status == FundingStatus.GRANTED], today)
    reach = until or today
    follow_up = any(status == FundingStatus.APPLIED and end > reach for status, _start, end in rows)
    return Runway(today=today, secured_until=until, follow_up_applied=follow_up)
