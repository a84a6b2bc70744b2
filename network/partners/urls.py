from django.urls import path

from . import views

Q = "q/<slug:slug>/"
P = f"{Q}partner/<int:partner_id>/"
C = f"{Q}kontakte/<int:contact_id>/"

urlpatterns = [
    path(f"{Q}partner/", views.partner_list, name="partner_list"),
    path(f"{Q}partner/neu/", views.partner_create, name="partner_create"),
    path(P, views.partner_detail, name="partner_detail"),
    path(f"{P}bearbeiten/", views.partner_edit, name="partner_edit"),
    path(f"{P}netzwerk/", views.network_membership_edit, name="network_membership_edit"),
    path(f"{P}konten/", views.partner_account_link, name="partner_account_link"),
    path(f"{P}konten/<int:user_id>/entfernen/", views.partner_account_unlink, name="partner_account_unlink"),
    path(f"{P}kontakte/neu/", views.contact_create, name="contact_create"),
    path(f"{C}bearbeiten/", views.contact_edit, name="contact_edit"),
    path(f"{C}auskunft.json", views.contact_export, name="contact_export"),
    path(f"{C}loeschen/", views.contact_erase, name="contact_erase"),
    path(f"{Q}netzwerk/", views.network_overview, name="network_overview"),
]
