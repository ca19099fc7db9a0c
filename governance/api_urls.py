from django.urls import path

from . import apis

app_name = "governance-api"

urlpatterns = [
    path("reports/", apis.ReportListCreateApi.as_view(), name="reports"),
    path("reports/<int:report_id>/", apis.ReportDetailApi.as_view(), name="report"),
]
