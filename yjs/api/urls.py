from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import views

v1 = [
    path("auth/token/", views.TokenObtainApi.as_view(), name="token"),
    path("", include("cases.api_urls")),
    path("intelligence/", include("intelligence.api_urls")),
    path("oocd/", include("oocd.api_urls")),
    path("custody/", include("custody.api_urls")),
    path("governance/", include("governance.api_urls")),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
