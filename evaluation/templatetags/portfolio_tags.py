"""Template tags of the portfolio and the start page.

The step cells are built here as pre-escaped HTML rather than by a template per cell: with
100 rows of ten steps each, template machinery per cell was the slowest part of the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, get_format, number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from evaluation.portfolio_staff import StaffColumn, abbreviations
from evaluation.selectors import MatrixStep, PortfolioRow
from planning.models import Phase, StepStatus
from quartier.models import Quartier
from quartier.templatetags.quartier_format import percent

register = template.Library()

STATUS_MARKS = {StepStatus.DONE: "✓", StepStatus.IN_PROGRESS: "…", StepStatus.OPEN: "–"}


SLUG_SLOT = "\x00slug\x00"


def _step_cells(context: template.Context, kind: str, html: str) -> dict[tuple[int, str], str]:
    """Every cell one step can show (ten numbers × three statuses), escaped once per page.

    The quartier's slug is left as a slot: a row is its cells joined, with one replace.
    """
    key = f"step_cells_{kind}"
    cells = context.render_context.get(key)
    if cells is None:
        url = reverse("step_detail", args=["slug-slot", 99]).replace("slug-slot", SLUG_SLOT)
        labels = {value: str(label) for value, label in StepStatus.choices}
        step_word = _("Step")
        cells = {
            (number, status): format_html(
                html,
                status=status,
                url=url.replace("/99/", f"/{number}/"),
                number=number,
                mark=STATUS_MARKS[status],
                label=f"{step_word} {number}: {labels[status]}",
            ).replace(escape(SLUG_SLOT), SLUG_SLOT)
            for number in range(1, 11)
            for status in labels
        }
        context.render_context[key] = cells
    return cells


def _step_links(
    context: template.Context, kind: str, html: str, quartier: Quartier, steps: Iterable[MatrixStep]
) -> str:
    cells = _step_cells(context, kind, html)
    # Slugs hold only letters, digits, "-" and "_"; escaped all the same.
    return "".join(cells[s.number, s.status] for s in steps).replace(SLUG_SLOT, escape(quartier.slug))


MATRIX_CELL = (
    '<td class="cell cell-{status}"><a href="{url}">{mark}<span class="visually-hidden"> {label}</span></a></td>'
)
STRIP_CELL = (
    '<li class="strip-{status}"><a href="{url}">'
    '<span aria-hidden="true">{number} <span class="strip-mark">{mark}</span></span>'
    '<span class="visually-hidden">{label}</span></a></li>'
)
STRIP_PLAIN_CELL = (
    '<li class="strip-{status}"><span class="strip-plain">'
    '<span aria-hidden="true">{number} <span class="strip-mark">{mark}</span></span>'
    '<span class="visually-hidden">{label}</span></span></li>'
)


@register.simple_tag(takes_context=True)
def portfolio_row(context: template.Context, row: PortfolioRow) -> SafeString:
    """One row of the portfolio matrix, built here rather than by template tags per cell.

    Everything typed by people (name, municipality) is escaped; the step cells were escaped
    once per page.
    """
    q = row.quartier
    cockpit = context.render_context.get("cockpit_url")
    if cockpit is None:
        cockpit = context.render_context["cockpit_url"] = reverse("cockpit", args=["slug-slot"])
    parts = [
        '<tr><th scope="row"><a href="',
        cockpit.replace("slug-slot", escape(q.slug)),
        '">',
        escape(q.name),
        '</a><br><span class="small fw-normal">',
        escape(q.municipality),
        '</span></th><td class="current-step">',
        _current_step_cell(q),
        "</td>",
        _step_links(context, "matrix", MATRIX_CELL, q, row.steps),
        *(f"<td>{percent(p.percent)}</td>" for p in row.phases),
        _plan_cell(row),
        _staff_cell(context, row.staff) if row.staff is not None else _hidden_staff_cell(context),
        _network_cell(row),
        f"<td>{escape(date_text(q.last_activity_at))}</td>" if q.last_activity_at else "<td>–</td>",
        "</tr>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped or fixed markup


@register.simple_tag(takes_context=True)
def step_strip(
    context: template.Context, quartier: Quartier, steps: Iterable[MatrixStep], linked: bool = True
) -> SafeString:
    """The ten-step strip of the start page: one box per step, each a link to the step's page
    (not linked for partners, whose view of the quartier has no step pages)."""
    kind, html = ("strip", STRIP_CELL) if linked else ("strip-plain", STRIP_PLAIN_CELL)
    items = mark_safe(_step_links(context, kind, html, quartier, steps))  # noqa: S308 - escaped above
    return format_html('<ol class="step-strip" aria-label="{}">{}</ol>', _("The ten steps"), items)


def months_text(row: PortfolioRow) -> str:
    """Months of secured funding from today, as the page's language writes them: „7,5“."""
    return number_format(row.runway.months, decimal_pos=1) if row.runway is not None else ""


def _plan_cell(row: PortfolioRow) -> str:
    """Measures on track and overdue and months of funding, stacked in one narrow cell, each with words."""
    on_track = escape(_("measures on track"))
    overdue = escape(_("measures overdue"))
    months = escape(_("months of secured funding"))
    return (
        '<td class="plan-cell">'
        f'<span aria-hidden="true">✓ </span>{row.measures_on_track}<span class="visually-hidden"> {on_track}</span><br>'
        f'<span aria-hidden="true">! </span>{row.measures_overdue}<span class="visually-hidden"> {overdue}</span><br>'
        f'<span aria-hidden="true">€ </span>{_runway_cell(row)}<span class="visually-hidden"> {months}</span>'
        "</td>"
    )


def _network_cell(row: PortfolioRow) -> str:
    """Active partners, confirmed hours and euros in one narrow cell: „12 aktiv“, „340 Std.“, „2.500 €“."""
    totals = row.network
    if totals is None:
        return '<td class="plan-cell">–</td>'
    # On screen „12 aktiv“ under the header „Netzwerk“; screen readers hear „12 aktive Partner*innen“.
    active = escape(_("%(n)s active") % {"n": totals.active_partners})
    partners = escape(
        ngettext("%(n)s active partner", "%(n)s active partners", totals.active_partners)
        % {"n": totals.active_partners}
    )
    hours = escape(_("%(n)s h") % {"n": amount_text(totals.confirmed_hours)})
    euros = escape(_("%(n)s €") % {"n": amount_text(totals.confirmed_euros, decimals=0)})
    confirmed = escape(_("confirmed"))
    return (
        '<td class="plan-cell">'
        f'<span aria-hidden="true">{active}</span><span class="visually-hidden">{partners}</span><br>'
        f'{hours}<span class="visually-hidden"> {confirmed}</span><br>'
        f'{euros}<span class="visually-hidden"> {confirmed}</span>'
        "</td>"
    )


class _StaffTexts:
    """The staff cells' fixed words and markup, translated and escaped once per page: with 100
    rows, doing it per cell cost more than the column's queries."""

    def __init__(self, fields: list[tuple[str, str]]) -> None:
        short = abbreviations(fields)
        self.hours = _("%(n)s h")
        self.per_week = f'<span class="visually-hidden"> {escape(_("per week"))}</span></span>'
        self.no_manager = _staff_flag(_("no Kümmerer"), _("no manager hours"))
        self.post_ends = _("post ends")
        self.until = _("%(role)s until %(date)s, no follow-up")
        self.no_hours = f'<span class="staff-line">{escape(_("no hours recorded"))}</span>'
        self.no_participation = _staff_flag(_("no time for participation"))
        # (key, „<abbr title="Sicherung von Transparenz">T</abbr>&nbsp;“, „Sicherung von Transparenz “)
        self.fields = [
            (key, f'<abbr title="{escape(title)}">{escape(short[key])}</abbr>&nbsp;', f"{escape(title)} ")
            for key, title in fields
        ]
        self.keys = [key for key, _abbr, _title in self.fields]
        self.shares: dict[tuple[int, int], tuple[str, str]] = {}
        self.amounts: dict[Decimal, str] = {}

    def hours_text(self, value: Decimal) -> str:
        """„19,5 Std.“; posts come in few sizes, so the same sums recur."""
        text = self.amounts.get(value)
        if text is None:
            text = self.amounts[value] = escape(self.hours % {"n": amount_text(value)})
        return text

    def share(self, index: int, value: int) -> tuple[str, str]:
        """The field's share as shown („T 20“) and as read out („Sicherung von Transparenz 20 %“)."""
        piece = self.shares.get((index, value))
        if piece is None:
            _key, abbr, title = self.fields[index]
            piece = self.shares[index, value] = (f"{abbr}{value}", f"{title}{escape(percent(value))}")
        return piece


def _hidden_staff_cell(context: template.Context) -> str:
    """The staff cell of a quartier whose staff the user may not see (e.g. one where a
    coordinator of another organisation is a viewer): empty, so the columns stay in line."""
    if not context.get("show_staff"):
        return ""
    hidden = escape(_("not shown"))
    return f'<td class="staff-cell"><span aria-hidden="true">–</span><span class="visually-hidden">{hidden}</span></td>'


def _staff_cell(context: template.Context, staff: StaffColumn) -> str:
    """Staffed hours per week, the warnings in words, and the share of time per task field.

    Narrow: the shares stand two to a line as „T 20 V 35“, the abbreviations explained in the
    legend and by `<abbr>`; screen readers hear „Sicherung von Transparenz 20 %“ instead.
    """
    texts = context.render_context.get("staff_texts")
    if texts is None:
        texts = context.render_context["staff_texts"] = _StaffTexts(staff.time.fields)
    parts = ['<td class="staff-cell"><span class="staff-line">', texts.hours_text(staff.hours_per_week), texts.per_week]
    if staff.no_manager:
        parts.append(texts.no_manager)
    if staff.staffing.ending:
        details = "; ".join(
            texts.until % {"role": post.role_title, "date": date_format(post.end, "SHORT_DATE_FORMAT")}
            for post in staff.staffing.ending
        )
        parts.append(_staff_flag(texts.post_ends, details))
    time = staff.time
    total = time.total
    if not total:
        parts.append(texts.no_hours)
    else:
        recorded = time.hours
        scale = 100 / float(total)
        pieces = [texts.share(n, round(float(recorded.get(key, 0)) * scale)) for n, key in enumerate(texts.keys)]
        for i in range(0, len(pieces), 2):  # two to a line
            pair = pieces[i : i + 2]
            parts.append(
                f'<span class="staff-line staff-shares"><span aria-hidden="true">{" ".join(p[0] for p in pair)}</span>'
                f'<span class="visually-hidden">{", ".join(p[1] for p in pair)}</span></span>'
            )
        if staff.no_participation:
            parts.append(texts.no_participation)
    parts.append("</td>")
    return "".join(parts)


def _staff_flag(text: str, details: str = "") -> str:
    """A warning in words, with a sign, not colour alone; details for screen readers and on hover."""
    title = f' title="{escape(details)}"' if details else ""
    hidden = f'<span class="visually-hidden"> ({escape(details)})</span>' if details else ""
    return f'<span class="staff-line staff-flag"{title}><span aria-hidden="true">! </span>{escape(text)}{hidden}</span>'


@register.simple_tag
def staff_legend(rows: list[PortfolioRow]) -> str:
    """„Personal: …; Zeit in % der letzten zwölf Monate: T Transparenz, …“, from the rows' own
    task fields (no query); empty when the page has no staff column."""
    staff = next((row.staff for row in rows if row.staff is not None), None)
    if staff is None:
        return ""
    fields = ", ".join(f"{short} {title}" for _key, short, title, _share in staff.shares())
    return _(
        "Staff: hours per week of the posts running today, ! no Kümmerer or a post ending within six months "
        "without follow-up; share of time in %% over the last twelve months: %(fields)s"
    ) % {"fields": fields}


def staff_csv_header(fields: list[tuple[str, str]]) -> list[str]:
    """The CSV's staff columns: hours, the two warnings, the hours recorded and a share per task field."""
    return [
        _("Staffed hours per week"),
        _("Kümmerer"),
        _("Post ending without follow-up"),
        _("Hours recorded (last twelve months)"),
    ] + [_("Share of time: %(field)s") % {"field": title} for _key, title in fields]


def staff_csv_cells(staff: StaffColumn | None, fields: list[tuple[str, str]]) -> list[object]:
    """Yes/no in words; hours as „49,5“, shares as „33,3 %“, empty where no hours were recorded.

    Numbers are written with the language's decimal sign directly: `number_format` per cell
    cost more than the column's queries with every quartier in the file (it groups no
    thousands here either).
    """
    if staff is None:
        return [""] * (4 + len(fields))
    yes, no = _("yes"), _("no")
    sep = get_format("DECIMAL_SEPARATOR")
    total = staff.time.total
    if total:
        recorded = staff.time.hours
        scale = 100 / float(total)
        shares = [f"{float(recorded.get(key, 0)) * scale:.1f} %".replace(".", sep) for key, _title in fields]
    else:
        shares = [""] * len(fields)
    return [
        f"{staff.hours_per_week:.1f}".replace(".", sep),
        no if staff.no_manager else yes,
        yes if staff.staffing.ending else no,
        f"{total:.1f}".replace(".", sep),
        *shares,
    ]


def amount_text(value: Decimal, *, decimals: int = 1) -> str:
    """Hours or euros as the page's language writes them, grouped, without needless decimals: „1.240,5“, „2.500“."""
    rounded = round(value, decimals)
    if rounded == rounded.to_integral_value():
        return number_format(rounded.quantize(Decimal(1)), force_grouping=True)
    return number_format(rounded, decimal_pos=decimals, force_grouping=True)


def network_csv_cells(row: PortfolioRow) -> list[object]:
    """Active partners, confirmed hours and confirmed euros for the CSV export."""
    totals = row.network
    if totals is None:
        return ["", "", ""]
    return [
        totals.active_partners,
        number_format(totals.confirmed_hours, decimal_pos=2),
        number_format(totals.confirmed_euros, decimal_pos=2),
    ]


def _runway_cell(row: PortfolioRow) -> str:
    if row.runway is None:
        return "–"
    text = escape(months_text(row))
    if not row.runway.warning:
        return text
    # A sign and words, not colour alone.
    warning = escape(_("ends within six months, no follow-up applied for"))
    sign = '<span class="runway-warning" aria-hidden="true">!</span>'
    return f'{text}{sign}<span class="visually-hidden"> ({warning})</span>'


def date_text(value: datetime | None) -> str:
    """A date as pages show it, in the language of the page („09.05.2026“, „9 May 2026“)."""
    return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT") if value else ""


def csv_date_text(value: datetime | None) -> str:
    """A date in the CSV export: one fixed format whatever the language, for spreadsheets."""
    return timezone.localtime(value).strftime("%d.%m.%Y") if value else ""


def current_step_parts(
    quartier: Quartier, dates: Callable[[datetime | None], str] = date_text
) -> tuple[str, str] | None:
    """Where the quartier stands, and since when: („Schritt 4 in Arbeit“, „seit 12.08.2026“)."""
    if quartier.current_step is None:
        return None
    since = _("since %(date)s") % {"date": dates(quartier.current_step_since)}
    if quartier.current_step_status == StepStatus.DONE:
        return _("All steps completed"), since
    state = _("Step %(n)s %(status)s") % {
        "n": quartier.current_step,
        "status": StepStatus(quartier.current_step_status).label,
    }
    return state, since


@register.filter
def current_step_text(quartier: Quartier, dates: Callable[[datetime | None], str] = date_text) -> str:
    """Where the quartier stands and since when: „Schritt 4 in Arbeit seit 12.08.2026“."""
    parts = current_step_parts(quartier, dates)
    return " ".join(parts) if parts else ""


def _current_step_cell(quartier: Quartier) -> str:
    """The state and, on a line of its own, since when: keeps the column narrow."""
    parts = current_step_parts(quartier)
    if parts is None:
        return "–"
    return f'{escape(parts[0])} <span class="since">{escape(parts[1])}</span>'


# Short headers keep the matrix within a laptop's width; screen readers hear the full name.
PHASE_SHORT = {
    Phase.PLANNING: gettext_lazy("Planning"),
    Phase.IMPLEMENTATION: gettext_lazy("Implementation"),
    Phase.CONSOLIDATION: gettext_lazy("Consolidation"),
}


@register.filter
def phase_short(key: str) -> str:
    return str(PHASE_SHORT.get(key, ""))
