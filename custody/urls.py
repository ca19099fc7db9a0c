from yjs.pages import page

from . import views

app_name = "custody"

urlpatterns = [
    page("", views.index),
    page("records/<int:record_id>/", views.record_detail),
    page("review/", views.review_queue),
    page("review/<int:record_id>/", views.review_resolve),
    page("runs/", views.runs),
    page("runs/upload/", views.upload),
    page("runs/<int:run_id>/", views.run_detail),
    page("runs/<int:run_id>/retry/", views.run_retry),
    page("inboxes/", views.inboxes),
    page("inboxes/<int:inbox_id>/", views.inbox_edit),
    page("figures/", views.figures),
]
