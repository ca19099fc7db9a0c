"""The manager's dashboard: its summary (a card with the count of each list, caseload per worker and
late work over the last twelve weeks, charted), and a page for each list, paged and filtered by case
worker and kind. Its own lists are below; other apps add theirs (``sections.DASHBOARD_SECTIONS``).
Thin, as ``views``: the rows come from ``selectors.dashboard``."""

from dateutil.relativedelta import relativedelta
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from yjs import charts
from yjs.pages import paginate, require

from . import permissions, selectors, services
from .forms.dashboard import DashboardFilterForm, worker_name
from .sections import DASHBOARD_SECTIONS, DashboardList
from .selectors.dashboard import KINDS, REVIEWS_WITHIN_DAYS

PAGE_SIZE = 25
ASSESSMENTS, REVIEWS, CASES = (KINDS[name] for name in ("assessments", "reviews", "cases"))

LISTS = [
    DashboardList(
        "Late assessments",
        "late-assessments",
        "past their due date and not completed",
        selectors.late_assessments,
        "cases/dashboard/late_assessments.html",
        ASSESSMENTS[1],
        ASSESSMENTS[0],
        shown=lambda rows, today, **_: [(assessment, (today - assessment.due_date).days) for assessment in rows],
    ),
    DashboardList(
        "Assessments awaiting countersignature",
        "countersign",
        "completed and not yet countersigned",
        selectors.assessments_awaiting_countersignature,
        "cases/dashboard/countersign.html",
        ASSESSMENTS[1],
        ASSESSMENTS[0],
        shown=lambda rows, user, **_: [
            (assessment, permissions.can_countersign(user, assessment.case, assessment.completed_by_id))
            for assessment in rows
        ],
    ),
    DashboardList(
        "Reviews due",
        "reviews",
        f"overdue or due in the next {REVIEWS_WITHIN_DAYS // 7} weeks",
        selectors.reviews_due_soon,
        "cases/dashboard/reviews.html",
        REVIEWS[1],
        REVIEWS[0],
    ),
    DashboardList(
        "Children turning 18 within 3 months",
        "turning-18",
        "with an open case: decide whether to transfer to the Probation Service or retain",
        selectors.cases_turning_18,
        "cases/dashboard/turning_18.html",
        CASES[1],
        CASES[0],
        shown=lambda rows, **_: [(case, case.child.date_of_birth + relativedelta(years=18)) for case in rows],
    ),
]


def dashboard_lists() -> list[DashboardList]:
    return [*LISTS, *DASHBOARD_SECTIONS]


def _gate(user) -> None:
    require(permissions.can_see_dashboard(user), "The team dashboard is for team managers and the head of service.")


@require_GET
def dashboard(request):
    user = request.user
    _gate(user)
    today = timezone.localdate()
    workers = selectors.caseload_per_worker(user=user)
    weeks = selectors.late_work_by_week(user=user, today=today)
    return render(
        request,
        "cases/dashboard.html",
        {
            "cards": [(entry, entry.rows(user=user, today=today).count()) for entry in dashboard_lists()],
            "workers": [(worker_name(worker), worker["open_cases"]) for worker in workers],
            "caseload_chart": _caseload_chart(workers),
            "weeks": weeks,
            "late_chart": _late_work_chart(weeks),
            "completed_late": selectors.assessments_completed_late(user=user),
            "today": today,
            "teams": ", ".join(sorted(team.name for team in user.teams.all())),
        },
    )


@require_GET
def dashboard_list(request, slug: str):
    """One list of the dashboard, a page at a time, filtered by case worker and kind."""
    user = request.user
    _gate(user)
    entry = next((entry for entry in dashboard_lists() if entry.slug == slug), None)
    if entry is None:
        raise Http404("No such list")
    today = timezone.localdate()
    form = DashboardFilterForm(
        request.GET, workers=selectors.caseload_per_worker(user=user), kinds=entry.kinds, kind_label=entry.kind_label
    )
    context = {"list": entry, "form": form, "today": today}
    if form.is_valid():
        page = paginate(request, entry.rows(user=user, today=today, **form.filters()), PAGE_SIZE)
        records = list(page.object_list)
        services.restricted_case_records_viewed(
            records=[entry.record(record) for record in records], user=user, via="dashboard", request=request
        )
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            listed=True, page=page, rows=entry.shown(records, user=user, today=today), query=query.urlencode()
        )
    return render(request, "cases/dashboard_list.html", context)


# --- The charts (their figures are also in a table under each) ---------------------------------------------


def _caseload_chart(workers: list[dict]) -> str:
    return charts.bar_chart(
        chart_id="chart-caseload",
        title="Open cases allocated to each worker",
        bars=[charts.Bar(worker_name(worker), worker["open_cases"]) for worker in workers],
        series=("Open cases",),
    )


def _late_work_chart(weeks: list) -> str:
    return charts.column_chart(
        chart_id="chart-late-work",
        title=f"Late work at the end of each of the last {len(weeks)} weeks",
        columns=[
            charts.Column(
                f"{week.ending:%-d %b}", (week.assessments, week.reviews), f"Week ending {week.ending:%-d %B %Y}"
            )
            for week in weeks
        ],
        series=("Assessments", "Reviews"),
    )
