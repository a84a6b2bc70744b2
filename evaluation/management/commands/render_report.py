from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.services import render_progress_pdf
from quartier.models import Quartier


class Command(BaseCommand):
    help = "Render a quartier's progress report (Fortschrittsbericht) to a PDF file, synchronously."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quartier", required=True, help="the quartier's short name (slug)")
        parser.add_argument("--out", required=True, help="where to write the PDF")

    def handle(self, *args, quartier: str, out: str, **options) -> None:
        obj = Quartier.objects.select_related("organisation").filter(slug=quartier).first()
        if obj is None:
            raise CommandError(f"No quartier with the short name {quartier!r}.")
        path = Path(out)
        path.write_bytes(render_progress_pdf(quartier=obj))
        self.stdout.write(self.style.SUCCESS(f"Written {path} ({path.stat().st_size} bytes)."))
