"""Dating the demo's analysis, goals, measures and funding: moments in office hours, relative
to today, and bulk inserts that keep the given dates and write a history row dated alike."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.db.models import DateTimeField, Model
from django.utils import timezone


def office(day: date, minutes: int = 0) -> datetime:
    """A moment of `day` in office hours: nine o'clock plus `minutes` (wrapping within the day)."""
    return timezone.make_aware(datetime.combine(day, time(9))) + timedelta(minutes=minutes % 480)


def days_ago(today: date, days: int, minutes: int = 0) -> datetime:
    return office(today - timedelta(days=days), minutes)


@contextmanager
def dates_as_given(model: type[Model]) -> Iterator[None]:
    """Let bulk_create store the given created/updated dates, which auto_now(_add) would overwrite."""
    fields = [f for f in model._meta.concrete_fields if isinstance(f, DateTimeField) and (f.auto_now or f.auto_now_add)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def create_dated(model: type[Model], objs: Sequence[Model], *, user=None, history: bool = True) -> list[Model]:
    """Bulk-create `objs` with their own dates; each gets a creation row in its history dated
    `_history_date` (set by the caller), by `user`."""
    with dates_as_given(model):
        created = model.objects.bulk_create(objs)
    if history and hasattr(model, "history"):
        model.history.bulk_history_create(created, default_user=user)
    return created
