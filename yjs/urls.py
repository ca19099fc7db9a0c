from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import ChangePasswordForm, SignInForm

# Each app's pages, under its name (in the order of the layers).
APPS = ("cases", "family", "risk", "intelligence", "oocd", "custody", "court", "interventions", "governance")

handler400 = views.bad_request
handler404 = views.not_found

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(form_class=ChangePasswordForm),
        name="password_change",
    ),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("api/", include("yjs.api.urls")),
    path("notifications/", include("yjs.notifications.urls")),
    *(path(f"{app}/", include(f"{app}.urls")) for app in APPS),
]
