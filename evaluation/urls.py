from django.urls import path

from . import views

urlpatterns = [
    path("quartiere/", views.quartier_list, name="quartier_list"),
    path("q/<slug:slug>/", views.cockpit, name="cockpit"),
    path("q/<slug:slug>/berichte/neu/", views.report_request, name="report_request"),
    path("q/<slug:slug>/berichte/<int:report_id>/", views.report_detail, name="report_detail"),
    path("q/<slug:slug>/berichte/<int:report_id>/pdf/", views.report_download, name="report_download"),
    path("q/<slug:slug>/berichte/<int:report_id>/wiederholen/", views.report_retry, name="report_retry"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("portfolio/export.csv", views.portfolio_csv, name="portfolio_csv"),
]
