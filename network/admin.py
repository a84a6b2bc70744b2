"""The network in Django's admin: catalogues to extend, every record to look up and correct.

Partner roles in quartiers follow a partner's network status and its accounts; the admin keeps
them in line the same way the pages do (`partner_memberships_sync`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionItem,
    CalendarFeed,
    Contact,
    Contribution,
    ContributionKind,
    MeasurePartner,
    Meeting,
    NetworkMembership,
    Partner,
    PartnerAccount,
    PartnerType,
)
from .partners.accounts import partner_account_set, partner_memberships_sync
from .partners.privacy import contact_data_erase


@admin.register(PartnerType)
class PartnerTypeAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "position"]
    list_editable = ["position"]
    search_fields = ["title", "key"]


@admin.register(ContributionKind)
class ContributionKindAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "unit", "position"]
    list_editable = ["position"]
    list_filter = ["unit"]
    search_fields = ["title", "key"]


def _erase_contacts(contacts: QuerySet[Contact]) -> None:
    for contact in contacts:
        contact_data_erase(contact=contact)


def _unlink_accounts(accounts: QuerySet[PartnerAccount]) -> None:
    """Unlink each account through the service, so that its user loses the partner role too."""
    for account in accounts.select_related("user"):
        partner_account_set(user=account.user, partner=None)


class ContactInline(admin.TabularInline):
    """The partner's contacts, to read. They are changed on the contact's own page: a change made
    here would be logged under the partner, where erasing the person could not reach it."""

    model = Contact
    extra = 0
    can_delete = False  # deleting would keep the person's data in the history: erase on the contact's page
    show_change_link = True
    fields = ["name", "function", "consent_date", "erased_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 0
    fields = ["quartier", "status", "role", "since", "agreement_until"]
    autocomplete_fields = ["quartier"]


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "type", "serves_wohnen", "serves_soziales", "serves_pflege"]
    list_filter = ["organisation", "type", "serves_wohnen", "serves_soziales", "serves_pflege"]
    search_fields = ["name", "address", "description"]
    list_select_related = ["organisation", "type"]
    inlines = [ContactInline, NetworkMembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        partner_memberships_sync(partner=form.instance)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        _erase_contacts(obj.contacts.all())
        _unlink_accounts(PartnerAccount.objects.filter(partner=obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        _erase_contacts(Contact.objects.filter(partner__in=queryset))
        _unlink_accounts(PartnerAccount.objects.filter(partner__in=queryset))
        super().delete_queryset(request, queryset)


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partner", "function", "consent_date", "erased_at"]
    list_filter = ["partner__organisation"]
    search_fields = ["name", "email", "partner__name"]
    list_select_related = ["partner"]
    readonly_fields = ["erased_at"]
    autocomplete_fields = ["partner"]
    actions = ["erase"]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        # An erased contact stays erased: nobody types the person's data back in.
        if obj is not None and obj.erased_at is not None:
            return [field.name for field in Contact._meta.fields]
        return super().get_readonly_fields(request, obj)

    @admin.action(description=_("Erase personal data (also from the history)"))
    def erase(self, request: HttpRequest, queryset: QuerySet) -> None:
        _erase_contacts(queryset)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        contact_data_erase(contact=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        _erase_contacts(queryset)
        super().delete_queryset(request, queryset)


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["partner", "quartier", "status", "role", "since", "agreement_until"]
    list_filter = ["status", "role", "quartier__organisation", "quartier"]
    search_fields = ["partner__name", "quartier__name"]
    list_select_related = ["partner", "quartier"]
    autocomplete_fields = ["partner", "quartier"]
    raw_id_fields = ["agreement_document"]
    date_hierarchy = "agreement_until"

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        partner_memberships_sync(partner=obj.partner)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        partner = obj.partner
        super().delete_model(request, obj)
        partner_memberships_sync(partner=partner)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        partners = list(Partner.objects.filter(pk__in=queryset.values("partner_id")))
        super().delete_queryset(request, queryset)
        for partner in partners:
            partner_memberships_sync(partner=partner)


@admin.register(PartnerAccount)
class PartnerAccountAdmin(SimpleHistoryAdmin):
    list_display = ["user", "partner", "created_at"]
    search_fields = ["user__email", "user__last_name", "partner__name"]
    list_select_related = ["user", "partner"]
    autocomplete_fields = ["user", "partner"]

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        # Through the service, so that the person gains (and, when moved, loses) the partner role.
        if change and "partner" in form.changed_data:
            partner_account_set(user=obj.user, partner=obj.partner)
        else:
            super().save_model(request, obj, form, change)
            partner_memberships_sync(partner=obj.partner)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        partner_account_set(user=obj.user, partner=None)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        _unlink_accounts(queryset)


@admin.register(MeasurePartner)
class MeasurePartnerAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "partner", "role"]
    list_filter = ["role", "measure__quartier"]
    search_fields = ["measure__title", "partner__name"]
    list_select_related = ["measure", "partner"]
    autocomplete_fields = ["partner"]
    raw_id_fields = ["measure"]


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    list_display = ["date", "partner", "kind", "amount", "status", "quartier"]
    list_filter = ["status", "kind", "quartier"]
    search_fields = ["partner__name", "description"]
    list_select_related = ["partner", "kind", "quartier"]
    autocomplete_fields = ["partner", "quartier", "submitted_by", "decided_by"]
    raw_id_fields = ["measure"]
    date_hierarchy = "date"


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    fields = ["task", "responsible_partner", "responsible_user", "due_date", "done"]
    autocomplete_fields = ["responsible_partner", "responsible_user"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "starts_at", "quartier", "citizens_count"]
    list_filter = ["kind", "quartier"]
    search_fields = ["title", "place", "agenda", "minutes"]
    list_select_related = ["quartier"]
    autocomplete_fields = ["quartier", "invited", "present"]
    date_hierarchy = "starts_at"
    inlines = [ActionItemInline]


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ["task", "meeting", "responsible_partner", "responsible_user", "due_date", "done"]
    list_filter = ["done", "meeting__quartier"]
    search_fields = ["task", "meeting__title"]
    list_select_related = ["meeting", "responsible_partner", "responsible_user"]
    autocomplete_fields = ["meeting", "responsible_partner", "responsible_user"]
    raw_id_fields = ["measure"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "quartier", "created_at"]
    list_filter = ["quartier"]
    search_fields = ["user__email", "quartier__name"]
    list_select_related = ["user", "quartier"]
    readonly_fields = ["token", "created_at"]
    autocomplete_fields = ["user", "quartier"]
