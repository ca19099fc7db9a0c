"""Board and inspection pages. Thin: read through ``selectors``, ask ``permissions``,
write through ``services`` and put their field errors back on the form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from yjs.audit import audit_record
from yjs.models import AuditAction, Team

from . import permissions, report, selectors, services, subject_access
from .forms import (
    ActionStatusForm,
    AssessRecommendationForm,
    BoardActionForm,
    BoardMeetingForm,
    BoardMemberForm,
    ImportForm,
    JudgementForm,
    KeyQuestionsForm,
    PopulationForm,
    RecommendationActionForm,
    ReportForm,
    SampleForm,
)
from .models import Board, BoardAction, InspectionSample, LocalPopulation, ReportStatus

GET_AND_POST = ["GET", "POST"]


def _posted(request):
    return request.POST if request.method == "POST" else None


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("You cannot do this.")


@require_GET
def index(request):
    user = request.user
    _require(permissions.can_view_reports(user))
    context = {
        "reports": selectors.report_list(user=user).filter(status=ReportStatus.SUCCEEDED)[:10],
        "staff": permissions.is_staff_reader(user),
    }
    return render(request, "governance/index.html", context)


def _report_teams(user):
    if user.is_superuser or user.has_role("head_of_service"):
        return Team.objects.all()
    return Team.objects.filter(pk__in=user.team_ids)


@require_http_methods(GET_AND_POST)
def reports(request):
    user = request.user
    _require(permissions.can_view_reports(user))
    can_generate = permissions.is_staff_reader(user)
    form = ReportForm(_posted(request), teams=_report_teams(user)) if can_generate else None
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
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        obj=board_report,
        request=request,
        detail={"export": f"board_report_{kind}", "suppressed": not every_figure},
    )
    name = f"board-report-{board_report.period_start:%Y-%m-%d}-to-{board_report.period_end:%Y-%m-%d}.{kind}"
    content_type = "application/pdf" if kind == "pdf" else "text/csv; charset=utf-8"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name, content_type=content_type)


@require_http_methods(GET_AND_POST)
def board(request):
    """The management board: members, meetings with attendance, and actions."""
    _require(permissions.can_manage_board(request.user))
    the_board, _ = Board.objects.get_or_create(name="Youth justice management board")
    members = list(the_board.members.filter(active=True))
    which = request.POST.get("form") if request.method == "POST" else None
    forms = {
        "member": BoardMemberForm(request.POST if which == "member" else None, prefix="member"),
        "meeting": BoardMeetingForm(request.POST if which == "meeting" else None, prefix="meeting", members=members),
        "action": BoardActionForm(request.POST if which == "action" else None, prefix="action"),
    }
    service = {
        "member": services.board_member_add,
        "meeting": services.board_meeting_record,
        "action": services.board_action_add,
    }
    form = forms.get(which)
    if form is not None and form.is_valid():
        try:
            service[which](by=request.user, board=the_board, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Saved")
            return redirect("governance:board")
    if which == "status":
        action = get_object_or_404(BoardAction, pk=request.POST.get("action_id"), board=the_board)
        status_form = ActionStatusForm(request.POST)
        if status_form.is_valid():
            services.board_action_status_set(by=request.user, action=action, status=status_form.cleaned_data["status"])
            return redirect("governance:board")
    meetings = the_board.meetings.prefetch_related("attendance__member")[:8]
    return render(
        request,
        "governance/board.html",
        {
            "board": the_board,
            "members": members,
            "meetings": meetings,
            "actions": the_board.actions.all(),
            "statuses": ActionStatusForm.base_fields["status"].choices,
            **{f"{name}_form": f for name, f in forms.items()},
        },
    )


@require_http_methods(GET_AND_POST)
def population(request):
    """The local 10–17 population by ethnicity and gender: the denominators of rates."""
    _require(permissions.can_manage_population(request.user))
    form = PopulationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.population_set(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Population figure saved")
            return redirect(f"{reverse('governance:population')}?year={form.cleaned_data['year']}")
    years = list(LocalPopulation.objects.order_by("-year").values_list("year", flat=True).distinct())
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else (years[0] if years else None)
    rows = LocalPopulation.objects.filter(year=year).order_by("ethnicity", "gender")
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
            "samples": selectors.sample_list()[:20],
            "can_judge": permissions.can_judge_standards(request.user),
        },
    )


@require_http_methods(GET_AND_POST)
def sample_new(request):
    _require(permissions.can_audit_cases(request.user))
    form = SampleForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            sample = services.inspection_sample_draw(
                by=request.user,
                domain=form.cleaned_data["domain"],
                size=form.cleaned_data["size"],
                seed=form.cleaned_data["seed"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect("governance:sample_detail", sample.pk)
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "heading": "Draw a case audit sample",
            "button": "Draw the sample",
            "back": reverse("governance:inspection"),
        },
    )


@require_GET
def sample_detail(request, sample_id: int):
    _require(permissions.can_audit_cases(request.user))
    sample = get_object_or_404(InspectionSample, pk=sample_id)
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
    form = KeyQuestionsForm(_posted(request), initial=initial, questions=questions)
    if request.method == "POST" and form.is_valid():
        for code, answer, note in form.answers():
            services.key_question_answer(
                by=request.user, audited_case=audited, key_question=code, answer=answer, note=note
            )
        messages.success(request, "Answers saved")
        return redirect("governance:sample_detail", audited.sample_id)
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "heading": f"Audit of {audited.case}",
            "button": "Save answers",
            "back": reverse("governance:sample_detail", args=[audited.sample_id]),
        },
    )


@require_http_methods(GET_AND_POST)
def judgement_new(request):
    _require(permissions.can_judge_standards(request.user))
    form = JudgementForm(_posted(request), initial={"standard": request.GET.get("standard")})
    if request.method == "POST" and form.is_valid():
        try:
            services.standard_judge(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Rating saved")
            return redirect("governance:inspection")
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "heading": "Rate a domain 1 standard",
            "button": "Save the rating",
            "back": reverse("governance:inspection"),
        },
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
    action_form = RecommendationActionForm(request.POST if which == "action" else None, prefix="action")
    form = {"assess": assess_form, "action": action_form}.get(which)
    if form is not None and form.is_valid():
        try:
            if which == "assess":
                services.recommendation_assess(by=request.user, recommendation=recommendation, **form.cleaned_data)
            else:
                services.recommendation_action_add(by=request.user, recommendation=recommendation, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Saved")
            return redirect("governance:recommendation_detail", recommendation.code)
    return render(
        request,
        "governance/recommendation_detail.html",
        {"recommendation": recommendation, "assess_form": assess_form, "action_form": action_form},
    )


@require_http_methods(GET_AND_POST)
def recommendations_import(request):
    _require(permissions.can_import_recommendations(request.user))
    form = ImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.recommendations_import(by=request.user, text=form.cleaned_data["file"])
    return render(request, "governance/recommendations_import.html", {"form": form, "result": result})


@require_GET
def subject_access_export(request, child_id: int):
    """Everything held about one child as a PDF (head of service only); an audited export."""
    return subject_access.subject_access_response(user=request.user, child_id=child_id, request=request)
