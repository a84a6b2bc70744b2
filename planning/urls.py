from django.urls import include, path

from . import views

urlpatterns = [
    path("q/<slug:slug>/schritte/<int:number>/", views.step_detail, name="step_detail"),
    path("q/<slug:slug>/schritte/<int:number>/abschliessen/", views.step_complete, name="step_complete"),
    path("q/<slug:slug>/schritte/<int:number>/wiedereroeffnen/", views.step_reopen, name="step_reopen"),
    path("q/<slug:slug>/schritte/<int:number>/notizen/", views.step_notes, name="step_notes"),
    path("q/<slug:slug>/schritte/<int:number>/punkte/", views.item_add, name="item_add"),
    path("q/<slug:slug>/punkte/<int:item_id>/erledigt/", views.item_toggle, name="item_toggle"),
    path("q/<slug:slug>/punkte/<int:item_id>/nachweis/", views.evidence_add, name="evidence_add"),
    path("q/<slug:slug>/punkte/<int:item_id>/verknuepfen/", views.evidence_link, name="evidence_link"),
    path("q/<slug:slug>/nachweise/<int:evidence_id>/entfernen/", views.evidence_remove, name="evidence_remove"),
    path("q/<slug:slug>/dokumente/", views.documents, name="documents"),
    path("q/<slug:slug>/dokumente/<int:document_id>/", views.document_download, name="document_download"),
    path("", include("planning.analysis.urls")),
    path("", include("planning.goals.urls")),
    path("", include("planning.measures.urls")),
    path("", include("planning.funding.urls")),
]
