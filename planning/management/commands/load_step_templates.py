from django.core.management.base import BaseCommand

from planning.models import ChecklistTemplate, StepTemplate
from planning.step_templates import sync_step_templates


class Command(BaseCommand):
    help = "Create or update the ten step templates and their checklists from planning/data/steps.yaml."

    def handle(self, *args, **options) -> None:
        count = sync_step_templates(StepTemplate, ChecklistTemplate)
        self.stdout.write(self.style.SUCCESS(f"{count} step templates loaded."))
