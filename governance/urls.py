from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/download/<str:kind>/", views.report_download, name="report_download"),
    path("board/", views.board, name="board"),
    path("population/", views.population, name="population"),
    path("inspection/", views.inspection, name="inspection"),
    path("inspection/samples/new/", views.sample_new, name="sample_new"),
    path("inspection/samples/<int:sample_id>/", views.sample_detail, name="sample_detail"),
    path("inspection/audits/<int:audited_case_id>/", views.audited_case, name="audited_case"),
    path("inspection/judgements/new/", views.judgement_new, name="judgement_new"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("recommendations/import/", views.recommendations_import, name="recommendations_import"),
    path("recommendations/<slug:code>/", views.recommendation_detail, name="recommendation_detail"),
    path("children/<int:child_id>/subject-access.pdf", views.subject_access_export, name="subject_access_export"),
]
