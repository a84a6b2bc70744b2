from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartier.access import Action, allowed_actions, get_quartier_or_404, require, role_of
from quartier.models import Quartier

from . import selectors, services, step_panels
from .evidence_objects import REGISTRY, kinds_for, object_url
from .forms import ChecklistItemForm, CompleteForm, DocumentForm, EvidenceForm, NotesForm, ReopenForm
from .models import OBJECT_KIND_LABELS, ChecklistItem, Document, EvidenceKind, StepProgress, StepStatus

LAST_STEP = 10


def _blockers(step: StepProgress) -> list[str]:
    return [str(blocker) for blocker in services.completion_blockers(step)]


def _decorate_items(step: StepProgress, quartier: Quartier, *, can_work: bool) -> None:
    """Give each item the pages of its linked objects and, for those who may work on the
    step, the objects of the app it can link. Candidates are read once per kind, not per item:
    the page's query count does not grow with the checklist."""
    candidates: dict[str, list[tuple[int, int, str]]] = {}
    for item in step.items.all():
        kinds = kinds_for(object_kind=item.object_kind, step_number=step.template.number)
        linked = set()
        for evidence in item.evidence.all():
            if evidence.kind == EvidenceKind.OBJECT:
                evidence.object_url = object_url(quartier, evidence.linked_object, kinds=kinds)
                linked.add((evidence.content_type_id, evidence.object_id))
        item.link_groups = []
        if not can_work:
            continue
        for kind in kinds:
            source = REGISTRY[kind]
            if kind not in candidates:
                candidates[kind] = [
                    (ContentType.objects.get_for_model(obj).pk, obj.pk, source.label(obj))
                    for obj in source.candidates(quartier)
                ]
            options = [(f"{kind}:{pk}", label) for ct, pk, label in candidates[kind] if (ct, pk) not in linked]
            item.link_groups.append(
                {
                    "kind": kind,
                    "label": OBJECT_KIND_LABELS.get(kind, kind),
                    "options": options,
                    "exists": bool(candidates[kind]),
                    "create_url": source.create_url(quartier) if source.create_url else None,
                }
            )
        item.can_link = any(group["options"] for group in item.link_groups)


def _step_page(
    request: HttpRequest, quartier: Quartier, number: int, *, status: int = 200, **extra: Any
) -> HttpResponse:
    step = selectors.step_detail(quartier=quartier, number=number)
    actions = allowed_actions(request.user, quartier)
    evidence_forms = extra.pop("evidence_forms", {})
    can_work = Action.WORK_ON_STEPS in actions and step.status != StepStatus.DONE
    _decorate_items(step, quartier, can_work=can_work)
    for item in step.items.all():
        item.evidence_form = evidence_forms.get(item.pk) or EvidenceForm(item=item, prefix=f"item{item.pk}")
    context = {
        "quartier": quartier,
        "step": step,
        "actions": actions,
        "can_work": can_work,
        "can_manage": Action.MANAGE_STEPS in actions,
        "role": role_of(request.user, quartier),
        "next_number": step.template.number + 1 if step.template.number < LAST_STEP else None,
        "blockers": _blockers(step),
        "notes_form": NotesForm(initial={"notes": step.notes}),
        "complete_form": CompleteForm(),
        "reopen_form": ReopenForm(),
        "item_form": ChecklistItemForm(),
        "history": selectors.step_history(step=step),
        "numbers": range(1, LAST_STEP + 1),
        "panels": step_panels.panels_for(request, quartier, step),
        **extra,
    }
    return render(request, "planning/step_detail.html", context, status=status)


def _item_or_404(quartier: Quartier, item_id: int) -> ChecklistItem:
    item = ChecklistItem.objects.filter(pk=item_id, step__quartier=quartier).select_related("step__template").first()
    if item is None:
        raise Http404
    return item


@login_required
@require_safe
def step_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    return _step_page(request, quartier, number)


@login_required
@require_POST
def step_complete(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    step = selectors.step_for(quartier=quartier, number=number)
    require(request.user, Action.MANAGE_STEPS, quartier)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        return _step_page(request, quartier, number, status=400, complete_form=form)
    try:
        services.step_complete(step_id=step.pk, user=request.user, comment=form.cleaned_data.get("comment", ""))
    except services.StepBlocked as exc:
        return _step_page(request, quartier, number, status=409, blocked=exc.blockers, complete_form=form)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Step %(n)s is completed.") % {"n": number})
    return redirect("step_detail", slug=slug, number=number)


@login_required
@require_POST
def step_reopen(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    step = selectors.step_for(quartier=quartier, number=number)
    require(request.user, Action.MANAGE_STEPS, quartier)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _step_page(request, quartier, number, status=400, reopen_form=form)
    try:
        services.step_reopen(step_id=step.pk, user=request.user, reason=form.cleaned_data["reason"])
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Step %(n)s has been reopened.") % {"n": number})
    return redirect("step_detail", slug=slug, number=number)


@login_required
@require_POST
def step_notes(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    step = selectors.step_for(quartier=quartier, number=number)
    require(request.user, Action.WORK_ON_STEPS, quartier)
    form = NotesForm(request.POST)
    if not form.is_valid():
        # Shown again with what was typed: notes over the limit must not be lost.
        return _step_page(request, quartier, number, status=400, notes_form=form)
    services.step_notes_update(step_id=step.pk, user=request.user, notes=form.cleaned_data["notes"])
    messages.success(request, _("The notes have been saved."))
    return redirect("step_detail", slug=slug, number=number)


@login_required
@require_POST
def item_add(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    step = selectors.step_for(quartier=quartier, number=number)
    require(request.user, Action.MANAGE_STEPS, quartier)
    form = ChecklistItemForm(request.POST)
    if not form.is_valid():
        return _step_page(request, quartier, number, status=400, item_form=form)
    try:
        services.item_add(step_id=step.pk, user=request.user, **form.cleaned_data)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The checklist item has been added."))
    return redirect("step_detail", slug=slug, number=number)


@login_required
@require_POST
def item_toggle(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    item = _item_or_404(quartier, item_id)
    require(request.user, Action.WORK_ON_STEPS, quartier)
    error = ""
    try:
        services.item_set_done(item_id=item.pk, user=request.user, done=request.POST.get("done") == "1")
    except services.WorkflowError as exc:
        error = str(exc)
    number = item.step.template.number
    if request.htmx:
        step = selectors.step_detail(quartier=quartier, number=number)
        _decorate_items(step, quartier, can_work=step.status != StepStatus.DONE)
        fresh = next(i for i in step.items.all() if i.pk == item.pk)
        fresh.evidence_form = EvidenceForm(item=fresh, prefix=f"item{fresh.pk}")
        return render(
            request,
            "planning/partials/item_swap.html",
            {
                "quartier": quartier,
                "step": step,
                "item": fresh,
                # The user may work here (checked above), but not on a completed step's checklist.
                "can_work": step.status != StepStatus.DONE,
                "blockers": _blockers(step),
                "error": error,
            },
        )
    if error:
        messages.error(request, error)
    return redirect("step_detail", slug=slug, number=number)


@login_required
@require_POST
def evidence_add(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    item = _item_or_404(quartier, item_id)
    require(request.user, Action.WORK_ON_STEPS, quartier)
    number = item.step.template.number
    if request.POST.get("link_leitbild") == "1":
        try:
            services.evidence_link_leitbild(item_id=item.pk, user=request.user)
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The evidence has been added."))
        return redirect(f"{_step_url(slug, number)}#item-{item.pk}")
    form = EvidenceForm(request.POST, request.FILES, item=item, prefix=f"item{item.pk}")
    if not form.is_valid():
        return _step_page(request, quartier, number, status=400, evidence_forms={item.pk: form})
    try:
        services.evidence_add(
            item_id=item.pk,
            user=request.user,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data.get("file"),
            url=form.cleaned_data.get("url") or "",
            text=form.cleaned_data.get("text") or "",
            label=form.cleaned_data.get("label") or "",
        )
    except ValidationError as exc:
        form.add_error("file", exc)
        return _step_page(request, quartier, number, status=400, evidence_forms={item.pk: form})
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The evidence has been added."))
    return redirect(f"{_step_url(slug, number)}#item-{item.pk}")


@login_required
@require_POST
def evidence_link(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Link an object of the app, chosen as "<kind>:<id>" from the item's list."""
    quartier = get_quartier_or_404(request.user, slug)
    item = _item_or_404(quartier, item_id)
    require(request.user, Action.WORK_ON_STEPS, quartier)
    kind, _sep, object_id = request.POST.get("object", "")[:100].partition(":")
    try:
        if not object_id.isdigit():
            raise services.WorkflowError(_("Please choose an object from the list."))
        services.evidence_link_object(item_id=item.pk, user=request.user, kind=kind, object_id=int(object_id))
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The evidence has been added."))
    return redirect(f"{_step_url(slug, item.step.template.number)}#item-{item.pk}")


def _step_url(slug: str, number: int) -> str:
    return reverse("step_detail", kwargs={"slug": slug, "number": number})


@login_required
@require_POST
def evidence_remove(request: HttpRequest, slug: str, evidence_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    # Found through its history once removed: the second click of a double-click on "remove"
    # goes back to the step like the first, instead of answering "page not found".
    item = selectors.evidence_item(quartier=quartier, evidence_id=evidence_id)
    if item is None:
        raise Http404
    require(request.user, Action.WORK_ON_STEPS, quartier)
    try:
        removed = services.evidence_remove(evidence_id=evidence_id, user=request.user)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        if removed:  # the request that removed it says so, once
            messages.success(request, _("The evidence has been removed."))
    return redirect(f"{_step_url(slug, item.step.template.number)}#item-{item.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    actions = allowed_actions(request.user, quartier)
    form = DocumentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        require(request.user, Action.WORK_ON_STEPS, quartier)
        if form.is_valid():
            document = services.document_upload(
                quartier=quartier, user=request.user, upload=form.cleaned_data["file"], title=form.cleaned_data["title"]
            )
            messages.success(request, _("“%(title)s” has been uploaded.") % {"title": document.title})
            return redirect("documents", slug=slug)
        status = 400
    return render(
        request,
        "planning/documents.html",
        {
            "quartier": quartier,
            "actions": actions,
            "form": form,
            "documents": quartier.documents.select_related("uploaded_by"),
        },
        status=status,
    )


@login_required
@require_safe
def document_download(request: HttpRequest, slug: str, document_id: int) -> FileResponse:
    quartier = get_quartier_or_404(request.user, slug)
    document = Document.objects.filter(pk=document_id, quartier=quartier).first()
    if document is None or not document.file:
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
