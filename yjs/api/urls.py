from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from . import views

v1 = [
    path("auth/token/", views.TokenObtainApi.as_view(), name="token"),
    path("", include("cases.api_urls")),
    path("intelligence/", include("intelligence.api_urls")),
    path("oocd/", include("oocd.api_urls")),
    path("custody/", include("custody.api_urls")),
    path("governance/", include("governance.api_urls")),
]

# The schema and docs describe every endpoint, so they are for signed-in users only.
# The split view serves Swagger UI's start-up script as a file, not inline, for the CSP.
urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", permission_classes=[IsAuthenticated]),
        name="api-docs",
    ),
]
