from django.urls import path

from . import views

app_name = "value"
urlpatterns = [
    path("value/helped/<slug:kind>/<int:pk>/", views.helped, name="helped"),
    path("value/helped/<slug:kind>/<int:pk>/remove/", views.remove, name="remove"),
    path("value/stories/<int:pk>/", views.story, name="story"),
    path("value/stories/<int:pk>/answer/", views.answer, name="answer"),
    path("value/report/", views.site_report, name="site_report"),
    path("value/report.csv", views.site_report_csv, name="site_report_csv"),
    path("c/<slug:slug>/value/stories/", views.stories, name="stories"),
    path("c/<slug:slug>/value/stories/<int:pk>/ask/", views.ask, name="ask"),
    path("c/<slug:slug>/value/report/", views.community_report, name="report"),
    path("c/<slug:slug>/value/report.csv", views.community_report_csv, name="report_csv"),
]
