"""Board and inspection pages. Thin: read through ``selectors``, ask ``permissions``,
write through ``services`` and put their field errors back on the form."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from yjs.pages import GET_AND_POST, posted, posted_files, submit
from yjs.pages import require as _require

from . import permissions, report, selectors, services, subject_access
from .forms import (
    ActionForm,
    ActionStatusForm,
    AssessRecommendationForm,
    BoardMeetingForm,
    BoardMemberForm,
    ImportForm,
    JudgementForm,
    KeyQuestionsForm,
    PopulationForm,
    ReportForm,
    SampleForm,
)
from .models import ActionStatus, ReportStatus


def _form_page(request, form, *, heading: str, button: str, back: str):
    return render(request, "governance/form.html", {"form": form, "heading": heading, "button": button, "back": back})


def _save_posted(request, which: str | None, forms: dict, service: dict, next_url: str, **arguments):
    """On a page of several forms, each posting its name in ``form``: the posted one, through its service."""
    if which not in forms:
        return None
    return submit(request, forms[which], service[which], "Saved", next_url, **arguments)


@require_GET
def index(request):
    user = request.user
    _require(permissions.can_view_reports(user))
    context = {
        "reports": selectors.finished_report_list(user=user)[:10],
        "staff": permissions.is_staff_reader(user),
    }
    return render(request, "governance/index.html", context)


@require_http_methods(GET_AND_POST)
def reports(request):
    user = request.user
    _require(permissions.can_view_reports(user))
    can_generate = permissions.is_staff_reader(user)
    form = ReportForm(posted(request), teams=selectors.report_teams(user=user)) if can_generate else None
    answer_status = 200
    if request.method == "POST":
        _require(can_generate)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.board_report_request(
                    by=user, start=data["period_start"], end=data["period_end"], team_ids=data["teams"]
                )
            except ValidationError as error:
                form.add_service_errors(error)
            except PermissionDenied as error:
                form.add_error("teams", str(error))
            except services.ReportQueueUnavailable as error:
                form.add_error(None, str(error))
                answer_status = 503
            else:
                return redirect("governance:report_detail", created.pk)
    return render(
        request,
        "governance/reports.html",
        {"form": form, "reports": selectors.report_list(user=user)[:50], "can_generate": can_generate},
        status=answer_status,
    )


@require_GET
def report_detail(request, report_id: int):
    user = request.user
    _require(permissions.can_view_reports(user))
    board_report = selectors.report_get(user=user, report_id=report_id)
    context = {"board_report": board_report}
    if board_report.status == ReportStatus.SUCCEEDED:
        context["report"] = report.present(
            board_report.data, suppress=not permissions.sees_small_numbers(user, board_report)
        )
    else:
        context["status_api"] = reverse("api:governance-api:report", args=[board_report.pk])
    return render(request, "governance/report_detail.html", context)


@require_GET
def report_download(request, report_id: int, kind: str):
    user = request.user
    _require(permissions.can_view_reports(user))
    board_report = selectors.report_get(user=user, report_id=report_id)
    if kind not in ("pdf", "csv") or board_report.status != ReportStatus.SUCCEEDED:
        raise Http404("No such file")
    every_figure = permissions.sees_small_numbers(user, board_report)
    field = getattr(board_report, kind if every_figure else f"board_{kind}")
    if not field:
        raise Http404("No such file")
    services.board_report_download_record(
        by=user, report=board_report, kind=kind, every_figure=every_figure, request=request
    )
    name = f"board-report-{board_report.period_start:%Y-%m-%d}-to-{board_report.period_end:%Y-%m-%d}.{kind}"
    content_type = "application/pdf" if kind == "pdf" else "text/csv; charset=utf-8"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name, content_type=content_type)


@require_http_methods(GET_AND_POST)
def board(request):
    """The management board: members, meetings with attendance, and actions."""
    _require(permissions.can_manage_board(request.user))
    the_board = services.board_get_or_create()
    records = selectors.board_records(board=the_board)
    which = request.POST.get("form") if request.method == "POST" else None
    forms = {
        "member": BoardMemberForm(request.POST if which == "member" else None, prefix="member"),
        "meeting": BoardMeetingForm(
            request.POST if which == "meeting" else None, prefix="meeting", members=records.members
        ),
        "action": ActionForm(request.POST if which == "action" else None, prefix="action"),
    }
    service = {
        "member": services.board_member_add,
        "meeting": services.board_meeting_record,
        "action": services.board_action_add,
    }
    if done := _save_posted(request, which, forms, service, reverse("governance:board"), board=the_board):
        return done
    if which == "status":
        action = selectors.board_action_get(board=the_board, action_id=request.POST.get("action_id"))
        status_form = ActionStatusForm(request.POST)
        if status_form.is_valid():
            services.board_action_status_set(by=request.user, action=action, status=status_form.cleaned_data["status"])
            return redirect("governance:board")
    return render(
        request,
        "governance/board.html",
        {
            "board": the_board,
            "members": records.members,
            "meetings": records.meetings,
            "actions": records.actions,
            "statuses": ActionStatusForm.base_fields["status"].choices,
            **{f"{name}_form": f for name, f in forms.items()},
        },
    )


@require_GET
def board_meetings(request):
    """What a board member sees of the board: its meetings and attendance, and the actions they own."""
    user = request.user
    _require(permissions.can_see_board_meetings(user))
    the_board = services.board_get_or_create()
    member = selectors.board_member_of(board=the_board, user=user)
    today = timezone.localdate()
    actions = list(selectors.board_actions_owned(board=the_board, member=member))
    for action in actions:
        action.overdue = action.due_date < today and action.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
    meetings = [
        (meeting, next((a for a in meeting.attendance.all() if member and a.member_id == member.pk), None))
        for meeting in selectors.board_meetings(board=the_board)
    ]
    return render(
        request,
        "governance/board_meetings.html",
        {
            "board": the_board,
            "member": member,
            "meetings": meetings,
            "actions": actions,
            "staff": permissions.can_manage_board(user),
        },
    )


@require_http_methods(GET_AND_POST)
def population(request):
    """The local 10–17 population by ethnicity and gender: the denominators of rates."""
    _require(permissions.can_manage_population(request.user))
    form = PopulationForm(posted(request))
    if done := submit(
        request,
        form,
        services.population_set,
        "Population figure saved",
        lambda _: f"{reverse('governance:population')}?year={form.cleaned_data['year']}",
    ):
        return done
    years = selectors.population_years()
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else (years[0] if years else None)
    rows = selectors.population_rows(year=year)
    return render(
        request,
        "governance/population.html",
        {"form": form, "years": years, "year": year, "rows": rows, "total": sum(row.children for row in rows)},
    )


# --- Inspection readiness ---------------------------------------------------------------


@require_GET
def inspection(request):
    _require(permissions.can_audit_cases(request.user))
    return render(
        request,
        "governance/inspection.html",
        {
            "picture": selectors.inspection_picture(),
            "risk": selectors.inspection_risk_figures(user=request.user, today=timezone.localdate()),
            "court": selectors.inspection_court_figures(user=request.user, today=timezone.localdate()),  # --- court ---
            "interventions": selectors.inspection_intervention_figures(user=request.user, today=timezone.localdate()),
            "samples": selectors.sample_list()[:20],
            "can_judge": permissions.can_judge_standards(request.user),
        },
    )


@require_http_methods(GET_AND_POST)
def sample_new(request):
    _require(permissions.can_audit_cases(request.user))
    form = SampleForm(posted(request))
    if done := submit(
        request,
        form,
        services.inspection_sample_draw,
        None,
        lambda sample: reverse("governance:sample_detail", args=[sample.pk]),
    ):
        return done
    return _form_page(
        request,
        form,
        heading="Draw a case audit sample",
        button="Draw the sample",
        back=reverse("governance:inspection"),
    )


@require_GET
def sample_detail(request, sample_id: int):
    _require(permissions.can_audit_cases(request.user))
    sample = selectors.sample_get(sample_id=sample_id)
    questions = services.audit_key_questions(sample.domain)
    return render(
        request,
        "governance/sample_detail.html",
        {
            "sample": sample,
            "cases": selectors.audited_cases(sample, user=request.user),
            "questions_count": len(questions),
        },
    )


@require_http_methods(GET_AND_POST)
def audited_case(request, audited_case_id: int):
    _require(permissions.can_audit_cases(request.user))
    audited = selectors.audited_case_get(user=request.user, audited_case_id=audited_case_id)
    questions = services.audit_key_questions(audited.domain)
    initial = {}
    for answer in audited.answers.all():
        initial[f"answer_{answer.key_question}"] = "yes" if answer.answer else "no"
        initial[f"note_{answer.key_question}"] = answer.note
    form = KeyQuestionsForm(posted(request), initial=initial, questions=questions)
    back = reverse("governance:sample_detail", args=[audited.sample_id])
    if done := submit(
        request,
        form,
        services.audited_case_answers_record,
        "Answers saved",
        back,
        audited_case=audited,
    ):
        return done
    return _form_page(request, form, heading=f"Audit of {audited.case}", button="Save answers", back=back)


@require_http_methods(GET_AND_POST)
def judgement_new(request):
    _require(permissions.can_judge_standards(request.user))
    form = JudgementForm(posted(request), initial={"standard": request.GET.get("standard")})
    if done := submit(request, form, services.standard_judge, "Rating saved", reverse("governance:inspection")):
        return done
    return _form_page(
        request,
        form,
        heading="Rate a domain 1 standard",
        button="Save the rating",
        back=reverse("governance:inspection"),
    )


# --- Recommendations tracker -----------------------------------------------------------


@require_GET
def recommendations(request):
    _require(permissions.can_track_recommendations(request.user))
    return render(
        request,
        "governance/recommendations.html",
        {
            "recommendations": selectors.recommendation_list(),
            "can_import": permissions.can_import_recommendations(request.user),
        },
    )


@require_http_methods(GET_AND_POST)
def recommendation_detail(request, code: str):
    _require(permissions.can_track_recommendations(request.user))
    recommendation = selectors.recommendation_get(code=code)
    which = request.POST.get("form") if request.method == "POST" else None
    assess_form = AssessRecommendationForm(request.POST if which == "assess" else None, prefix="assess")
    action_form = ActionForm(request.POST if which == "action" else None, prefix="action")
    forms = {"assess": assess_form, "action": action_form}
    service = {"assess": services.recommendation_assess, "action": services.recommendation_action_add}
    next_url = reverse("governance:recommendation_detail", args=[recommendation.code])
    if done := _save_posted(request, which, forms, service, next_url, recommendation=recommendation):
        return done
    return render(
        request,
        "governance/recommendation_detail.html",
        {"recommendation": recommendation, "assess_form": assess_form, "action_form": action_form},
    )


@require_http_methods(GET_AND_POST)
def recommendations_import(request):
    _require(permissions.can_import_recommendations(request.user))
    form = ImportForm(posted(request), posted_files(request))
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.recommendations_import(by=request.user, text=form.cleaned_data["file"])
    return render(request, "governance/recommendations_import.html", {"form": form, "result": result})


@require_GET
def subject_access_export(request, child_id: int):
    """Everything held about one child as a PDF (head of service only); an audited export."""
    return subject_access.subject_access_response(user=request.user, child_id=child_id, request=request)
