"""Writes of indicator values entered by hand. Each checks the right to edit the analysis."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from quartier.access import Action, require
from quartier.models import Quartier, User

from .charts import format_value
from .models import Indicator, IndicatorValue


class ValueExists(Exception):
    """A value for this indicator and reference date is already recorded; the message says which."""


def indicator_value_add(
    *, quartier: Quartier, user: User, indicator: Indicator, value: Decimal, reference_date: date, source: str = ""
) -> IndicatorValue:
    """Record one value. An empty source takes the catalogue's usual source. A second value for
    the same date is refused (ValueExists), not overwritten: a typo must not replace a figure."""
    require(user, Action.EDIT_ANALYSIS, quartier)
    recorded = IndicatorValue.objects.filter(
        quartier=quartier, indicator=indicator, reference_date=reference_date
    ).first()
    if recorded is not None:
        raise ValueExists(_already(recorded))
    try:
        with transaction.atomic():
            return IndicatorValue.objects.create(
                quartier=quartier,
                indicator=indicator,
                value=value,
                reference_date=reference_date,
                source=source.strip() or indicator.source,
                created_by=user,
            )
    except IntegrityError:  # recorded by someone else in the meantime
        recorded = IndicatorValue.objects.get(quartier=quartier, indicator=indicator, reference_date=reference_date)
        raise ValueExists(_already(recorded)) from None


def _already(recorded: IndicatorValue) -> str:
    return _(
        "A value for %(date)s is already recorded (%(value)s). If it is wrong, delete it first on the indicator's page."
    ) % {
        "date": date_format(recorded.reference_date, "SHORT_DATE_FORMAT"),
        "value": format_value(recorded.value, recorded.indicator.unit),
    }


def indicator_value_delete(*, quartier: Quartier, user: User, value_id: int) -> IndicatorValue | None:
    """Delete a wrong value of this quartier (its history keeps it). None if it was already gone."""
    require(user, Action.EDIT_ANALYSIS, quartier)
    with transaction.atomic():
        value = (
            IndicatorValue.objects.select_for_update(of=("self",))
            .select_related("indicator")
            .filter(pk=value_id, quartier=quartier)
            .first()
        )
        if value is None:
            return None
        value._history_user = user  # simple_history records who deleted it
        value.delete()
        return value
