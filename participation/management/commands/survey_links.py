"""`manage.py survey_links [--quartier SLUG]`: the public links of open surveys, one per line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from participation.surveys.links import open_survey_links
from quartier.models import Quartier


class Command(BaseCommand):
    help = "Prints title and public link of every open survey (of one quartier or of all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quartier", metavar="SLUG", help="only the surveys of this quartier")
        parser.add_argument("--base", help="the site address before the path (default: SITE_URL)")

    def handle(self, *args: Any, quartier: str | None = None, base: str | None = None, **options: Any) -> None:
        place = None
        if quartier is not None:
            place = Quartier.objects.filter(slug=quartier).first()
            if place is None:
                raise CommandError(f"Es gibt kein Quartier mit der Kennung „{quartier}“.")
        links = open_survey_links(quartier=place, base=base.rstrip("/") if base else None)
        if not links:
            where = f" im Quartier {place.name}" if place else ""
            self.stdout.write(f"Keine offene Umfrage{where}.")
            return
        for link in links:
            prefix = "" if place else f"{link.quartier}: "
            self.stdout.write(f"{prefix}{link.title} – {link.url}")
