"""manage.py import_indicators --quartier SLUG FILE: the web import's service, from the shell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from planning.analysis.indicator_import import ImportRefused, indicator_import_file
from planning.analysis.indicator_parsing import MAX_BYTES, ImportFileError, check_size
from quartier.models import Quartier


class Command(BaseCommand):
    help = (
        "Import indicator values from a CSV or XLSX file (columns indicator_code;value;reference_date;source) "
        "into one quartier. All rows or none: exit status 0 when applied; otherwise every row error on stderr."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quartier", required=True, help="the quartier's short name (slug)")
        parser.add_argument("file", type=Path, help="a .csv or .xlsx file")

    def handle(self, *args: Any, **options: Any) -> None:
        quartier = Quartier.objects.filter(slug=options["quartier"]).first()
        if quartier is None:
            raise CommandError(f"Kein Quartier mit dem Kurznamen „{options['quartier']}“.")
        path: Path = options["file"]
        # The messages in the language of the site, whatever the shell's locale.
        with translation.override(settings.LANGUAGE_CODE):
            self._import(quartier, path)

    def _import(self, quartier: Quartier, path: Path) -> None:
        try:
            check_size(path.stat().st_size)  # a huge file is refused before it is read
            with path.open("rb") as fh:
                content = fh.read(MAX_BYTES + 1)
            result = indicator_import_file(quartier=quartier, user=None, content=content, filename=path.name)
        except OSError as exc:
            raise CommandError(f"Die Datei {path} kann nicht gelesen werden: {exc.strerror or exc}") from exc
        except ImportFileError as exc:
            self.stderr.write(exc.message)
            raise CommandError(f"Nichts übernommen: {path.name} kann nicht importiert werden.") from exc
        except ImportRefused as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Nichts übernommen: {len(exc.errors)} Fehler in {path.name}. Bitte korrigieren und erneut importieren."
            ) from exc
        self.stdout.write(self.style.SUCCESS(f"{quartier.name}: {result}"))
