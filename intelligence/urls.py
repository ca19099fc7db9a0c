from yjs.pages import page

from . import views

app_name = "intelligence"

urlpatterns = [
    page("", views.index),
    page("queue/", views.queue),
    page("mine/", views.my_requests),
    page("ask/", views.ask),
    page("requests/<int:request_id>/", views.request_detail),
    page("requests/<int:request_id>/supply/", views.supply),
    page("requests/<int:request_id>/addenda/add/", views.AddendumAdd.as_view()),
    page("requests/<int:request_id>/safeguarding-referral/", views.SafeguardingReferral.as_view()),
    page("requests/<int:request_id>/written-request/", views.CompleteWritten.as_view()),
    page("requests/<int:request_id>/close/", views.request_close, name="close"),
    page("requests/<int:request_id>/withdraw/", views.request_withdraw, name="withdraw"),
    page("audit/", views.audit),
    page("systems/", views.systems),
]
