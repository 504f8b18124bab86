from django.urls import path

from . import views

app_name = "communities"
urlpatterns = [
    # Site-wide pages
    path("communities/", views.directory, name="directory"),
    path("communities/propose/", views.propose, name="propose"),
    path("communities/mine/", views.mine, name="mine"),
    path("communities/review/", views.review_queue, name="review"),
    path("communities/review/<int:pk>/", views.review_detail, name="review_detail"),
    path("communities/review/<int:pk>/approve/", views.review_approve, name="review_approve"),
    path("communities/review/<int:pk>/reject/", views.review_reject, name="review_reject"),
    path("communities/invitations/<str:token>/", views.invitation, name="invitation"),
    path(
        "communities/invitations/<str:token>/accept/",
        views.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "communities/invitations/<str:token>/decline/",
        views.invitation_decline,
        name="invitation_decline",
    ),
    # One community
    path("c/<slug:slug>/", views.home, name="home"),
    path("c/<slug:slug>/photo/", views.photo, name="photo"),
    path("c/<slug:slug>/ground-rules/", views.ground_rules, name="rules"),
    path("c/<slug:slug>/members/", views.members, name="members"),
    path("c/<slug:slug>/join/", views.join, name="join"),
    path("c/<slug:slug>/request/", views.request_to_join, name="request"),
    path("c/<slug:slug>/request/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("c/<slug:slug>/leave/", views.leave, name="leave"),
    path("c/<slug:slug>/stage/", views.stage, name="stage"),
    path("c/<slug:slug>/sub/new/", views.subcommunity_new, name="subcommunity_new"),
    path("c/<slug:slug>/manage/", views.manage, name="manage"),
    path("c/<slug:slug>/manage/requests/", views.requests, name="requests"),
    path(
        "c/<slug:slug>/manage/requests/<int:pk>/decide/",
        views.request_decide,
        name="request_decide",
    ),
    path(
        "c/<slug:slug>/manage/members/<int:user_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "c/<slug:slug>/manage/members/<int:user_id>/role/",
        views.member_role,
        name="member_role",
    ),
    path("c/<slug:slug>/manage/invite/", views.invite, name="invite"),
    path(
        "c/<slug:slug>/manage/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
