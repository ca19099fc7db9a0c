from django.urls import path

from . import views

app_name = "custody"

urlpatterns = [
    path("", views.index, name="index"),
]
