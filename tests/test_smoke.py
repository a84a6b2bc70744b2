from planning.models import StepStatus


def test_quartier_gets_ten_steps_with_checklists(quartier):
    steps = list(quartier.steps.select_related("template").order_by("template__number"))
    assert [s.template.number for s in steps] == list(range(1, 11))
    assert all(s.status == StepStatus.OPEN for s in steps)
    assert steps[0].items.filter(required=True).count() == 3
