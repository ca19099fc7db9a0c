from yjs.pages import page

from . import views

app_name = "governance"

urlpatterns = [
    page("", views.index),
    page("reports/", views.reports),
    page("reports/<int:report_id>/", views.report_detail),
    page("reports/<int:report_id>/download/<str:kind>/", views.report_download),
    page("board/", views.board),
    page("board/meetings/", views.board_meetings),
    page("population/", views.population),
    page("inspection/", views.inspection),
    page("inspection/samples/new/", views.sample_new),
    page("inspection/samples/<int:sample_id>/", views.sample_detail),
    page("inspection/audits/<int:audited_case_id>/", views.audited_case),
    page("inspection/judgements/new/", views.judgement_new),
    page("recommendations/", views.recommendations),
    page("recommendations/import/", views.recommendations_import),
    page("recommendations/<slug:code>/", views.recommendation_detail),
    page("children/<int:child_id>/subject-access.pdf", views.subject_access_export),
]
