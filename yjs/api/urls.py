from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views, work
from .permissions import SignedInPerson

v1 = [
    path("auth/token/", views.TokenObtainApi.as_view(), name="token"),
    path("auth/logout/", views.LogoutApi.as_view(), name="logout"),
    path("notifications/", include("yjs.notifications.api_urls")),
    path("my-work/", work.MyWorkApi.as_view(), name="my-work"),
    path("", include("cases.api_urls")),
    path("family/", include("family.api_urls")),
    path("risk/", include("risk.api_urls")),
    path("intelligence/", include("intelligence.api_urls")),
    path("oocd/", include("oocd.api_urls")),
    path("custody/", include("custody.api_urls")),
    path("court/", include("court.api_urls")),
    path("interventions/", include("interventions.api_urls")),
    path("governance/", include("governance.api_urls")),
]

# The schema and docs describe every endpoint, so they are for signed-in staff only (not for
# service accounts, whose few endpoints are documented for them in DESIGN §5 and §7).
# The split view serves Swagger UI's start-up script as a file, not inline, for the CSP.
urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[SignedInPerson]), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", permission_classes=[SignedInPerson]),
        name="api-docs",
    ),
]
