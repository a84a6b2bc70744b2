"""Pages of the indicators (step 3): the list by domain, one indicator's series, entering and
deleting values, the import with its preview, and the template files."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartier.access import Action, allowed_actions, get_quartier_or_404, require
from quartier.models import Quartier

from . import indicator_selectors as selectors
from . import indicator_services as services
from .charts import format_value
from .indicator_forms import IndicatorImportApplyForm, IndicatorImportForm, IndicatorValueForm
from .indicator_import import (
    ImportPreview,
    ImportRefused,
    RowError,
    indicator_import_apply,
    indicator_import_preview,
    rows_from_token,
    sign_rows,
)
from .indicator_parsing import COLUMNS, MAX_BYTES, ImportFileError, check_size
from .models import Indicator

# The preview lists every row up to this many; beyond it the counts say how many more there are.
PREVIEW_ROWS_SHOWN = 500
TEMPLATE_ROW = ("POP80", "8,4", "31.12.2025", "Melderegister")


def _context(request: HttpRequest, quartier: Quartier, **extra: Any) -> dict[str, Any]:
    actions = allowed_actions(request.user, quartier)
    return {"quartier": quartier, "can_edit": Action.EDIT_ANALYSIS in actions, **extra}


@login_required
@require_safe
def indicator_list(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    groups = selectors.indicator_overview(quartier=quartier)
    has_values = any(row.values for group in groups for row in group.rows)
    return render(
        request,
        "planning/analysis/indicator_list.html",
        _context(request, quartier, groups=groups, has_values=has_values),
    )


@login_required
@require_safe
def indicator_detail(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    row = selectors.indicator_detail(quartier=quartier, indicator_id=indicator_id)
    return render(request, "planning/analysis/indicator_detail.html", _context(request, quartier, row=row))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_value_add(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.EDIT_ANALYSIS, quartier)
    if request.method != "POST":
        initial: dict[str, Any] = {}
        wanted = request.GET.get("indikator", "")
        chosen = Indicator.objects.filter(pk=int(wanted), active=True).first() if wanted.isdigit() else None
        if chosen is not None:
            initial = {"indicator": chosen.pk, "source": chosen.source}
        form = IndicatorValueForm(initial=initial)
        return render(request, "planning/analysis/indicator_value_form.html", _context(request, quartier, form=form))
    form = IndicatorValueForm(request.POST)
    if form.is_valid():
        try:
            value = services.indicator_value_add(quartier=quartier, user=request.user, **form.cleaned_data)
        except services.ValueExists as exc:
            form.add_error("reference_date", str(exc))
        else:
            messages.success(
                request,
                _("%(indicator)s: %(value)s on %(date)s has been recorded.")
                % {
                    "indicator": value.indicator.title,
                    "value": format_value(value.value, value.indicator.unit),
                    "date": date_format(value.reference_date, "SHORT_DATE_FORMAT"),
                },
            )
            return redirect("indicator_detail", slug=slug, indicator_id=value.indicator_id)
    return render(
        request, "planning/analysis/indicator_value_form.html", _context(request, quartier, form=form), status=400
    )


@login_required
@require_POST
def indicator_value_delete(request: HttpRequest, slug: str, value_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    value = selectors.indicator_value_for(quartier=quartier, value_id=value_id)
    require(request.user, Action.EDIT_ANALYSIS, quartier)
    deleted = services.indicator_value_delete(quartier=quartier, user=request.user, value_id=value.pk)
    if deleted is not None:
        messages.success(
            request,
            _("The value of %(date)s (%(value)s) has been deleted.")
            % {
                "date": date_format(deleted.reference_date, "SHORT_DATE_FORMAT"),
                "value": format_value(deleted.value, deleted.indicator.unit),
            },
        )
    return redirect("indicator_detail", slug=slug, indicator_id=value.indicator_id)


def _import_page(
    request: HttpRequest, quartier: Quartier, *, form: IndicatorImportForm, status: int = 200, **extra: Any
) -> HttpResponse:
    context = _context(request, quartier, form=form, max_bytes=MAX_BYTES, columns=";".join(COLUMNS), **extra)
    return render(request, "planning/analysis/indicator_import.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a file → the preview: what would be added and changed, and every bad row."""
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.EDIT_ANALYSIS, quartier)
    if request.method != "POST":
        return _import_page(request, quartier, form=IndicatorImportForm())
    form = IndicatorImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, quartier, form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        check_size(upload.size or 0)  # before reading: a 10 MB file is not read at all
    except ImportFileError as exc:
        preview = ImportPreview(errors=[RowError(exc.line, exc.message)])
    else:
        preview = indicator_import_preview(quartier=quartier, content=upload.read(), filename=upload.name or "")
    token = sign_rows(quartier=quartier, rows=preview.rows) if preview.ok else None
    if preview.ok and token is None:
        preview.errors.append(RowError(None, _("The file is too large for one import. Please split it.")))
    return _import_page(
        request,
        quartier,
        form=IndicatorImportForm(),
        status=200 if preview.ok else 400,
        preview=preview,
        shown_rows=preview.rows[:PREVIEW_ROWS_SHOWN],
        hidden_rows=max(len(preview.rows) - PREVIEW_ROWS_SHOWN, 0),
        shown_errors=preview.errors[:PREVIEW_ROWS_SHOWN],
        hidden_errors=max(len(preview.errors) - PREVIEW_ROWS_SHOWN, 0),
        apply_form=IndicatorImportApplyForm(initial={"token": token}) if token else None,
        filename=upload.name,
    )


@login_required
@require_POST
def indicator_import_apply_view(request: HttpRequest, slug: str) -> HttpResponse:
    """„Übernehmen“: apply the rows of the preview, all or none."""
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.EDIT_ANALYSIS, quartier)
    form = IndicatorImportApplyForm(request.POST)
    try:
        if not form.is_valid():
            raise ImportRefused([RowError(None, _("The preview has expired or is not valid."))])
        rows = rows_from_token(quartier=quartier, token=form.cleaned_data["token"])
        result = indicator_import_apply(quartier=quartier, user=request.user, rows=rows)
    except ImportRefused as exc:
        preview = ImportPreview(errors=exc.errors)
        return _import_page(
            request,
            quartier,
            form=IndicatorImportForm(),
            status=400,
            preview=preview,
            shown_errors=exc.errors[:PREVIEW_ROWS_SHOWN],
            hidden_errors=max(len(exc.errors) - PREVIEW_ROWS_SHOWN, 0),
            nothing_applied=True,
        )
    messages.success(request, _("The import has been applied: %(result)s") % {"result": result})
    return redirect(reverse("indicator_list", kwargs={"slug": slug}))


@login_required
@require_safe
def indicator_template_csv(request: HttpRequest, slug: str) -> HttpResponse:
    get_quartier_or_404(request.user, slug)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(TEMPLATE_ROW)
    # With a BOM, Excel opens the file as UTF-8 (umlauts in sources stay readable).
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="indikatoren-vorlage.csv"'
    return response


@login_required
@require_safe
def indicator_template_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    import openpyxl

    get_quartier_or_404(request.user, slug)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Values")
    sheet.append(list(COLUMNS))
    # A real number and a real date, as a spreadsheet program writes them.
    code, _value, _day, source = TEMPLATE_ROW
    sheet.append([code, 8.4, date(2025, 12, 31), source])
    sheet["C2"].number_format = "DD.MM.YYYY"
    for column, width in zip("ABCD", (18, 12, 16, 40), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="indikatoren-vorlage.xlsx"'
    return response
