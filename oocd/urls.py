from django.urls import path

from . import views

app_name = "oocd"

urlpatterns = [
    path("", views.index, name="index"),
]
