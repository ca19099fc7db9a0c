from django.urls import path

from . import views

app_name = "custody"

urlpatterns = [
    path("", views.index, name="index"),
    path("records/<int:record_id>/", views.record_detail, name="record_detail"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:record_id>/", views.review_resolve, name="review_resolve"),
    path("runs/", views.runs, name="runs"),
    path("runs/upload/", views.upload, name="upload"),
    path("runs/<int:run_id>/", views.run_detail, name="run_detail"),
    path("runs/<int:run_id>/retry/", views.run_retry, name="run_retry"),
    path("inboxes/", views.inboxes, name="inboxes"),
    path("inboxes/<int:inbox_id>/", views.inbox_edit, name="inbox_edit"),
    path("figures/", views.figures, name="figures"),
]
