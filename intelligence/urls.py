from django.urls import path

from . import views

app_name = "intelligence"

urlpatterns = [
    path("", views.index, name="index"),
    path("queue/", views.queue, name="queue"),
    path("mine/", views.my_requests, name="my_requests"),
    path("ask/", views.ask, name="ask"),
    path("requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path("requests/<int:request_id>/supply/", views.supply, name="supply"),
    path("requests/<int:request_id>/addenda/add/", views.addendum_add, name="addendum_add"),
    path("requests/<int:request_id>/safeguarding-referral/", views.safeguarding_referral, name="safeguarding_referral"),
    path("requests/<int:request_id>/written-request/", views.complete_written, name="complete_written"),
    path("requests/<int:request_id>/close/", views.request_close, name="close"),
    path("requests/<int:request_id>/withdraw/", views.request_withdraw, name="withdraw"),
    path("audit/", views.audit, name="audit"),
    path("systems/", views.systems, name="systems"),
]
