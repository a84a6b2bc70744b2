"""Import facilities from an OpenStreetMap GeoJSON export: the same service as the web upload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from planning.analysis.osm_import import MAX_BYTES, OsmImportError, facilities_import_osm
from quartier.models import Quartier


class Command(BaseCommand):
    help = "Import facilities from a GeoJSON export of OpenStreetMap (Overpass); all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quartier", required=True, help="the quartier's short name (slug)")
        parser.add_argument("file", type=Path, help="a GeoJSON FeatureCollection")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("de")
        quartier = Quartier.objects.filter(slug=options["quartier"]).first()
        if quartier is None:
            raise CommandError(f"Quartier „{options['quartier']}“ nicht gefunden.")
        path: Path = options["file"]
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from None
        try:
            result = facilities_import_osm(quartier=quartier, user=None, data=data)
        except OsmImportError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError("Nichts wurde importiert.") from None
        self.stdout.write(result.summary())
