"""Participation in Django's admin: surveys with their questions, events, ideas. Responses are
listed without anything that points to the person (there is nothing to show)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Choice, Event, EventAttachment, GridItem, Idea, Question, Response, Survey, WalkPoint


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text", "required", "domain", "indicator", "role"]
    show_change_link = True


@admin.register(Survey)
class SurveyAdmin(SimpleHistoryAdmin):
    list_display = ["title", "quartier", "status", "wave_label", "opens_on", "closes_on"]
    list_filter = ["status", "quartier__organisation"]
    search_fields = ["title", "quartier__name"]
    list_select_related = ["quartier"]
    autocomplete_fields = ["quartier"]
    raw_id_fields = ["previous_wave", "created_by"]
    inlines = [QuestionInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


class GridItemInline(admin.TabularInline):
    model = GridItem
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "survey", "position", "kind", "required"]
    list_filter = ["kind", "domain"]
    search_fields = ["text", "survey__title"]
    list_select_related = ["survey"]
    raw_id_fields = ["survey", "indicator"]
    inlines = [ChoiceInline, GridItemInline]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "survey", "channel", "submitted_on", "entered_by"]
    list_filter = ["channel", "survey__quartier"]
    list_select_related = ["survey", "entered_by"]
    raw_id_fields = ["survey", "entered_by"]


class EventAttachmentInline(admin.TabularInline):
    model = EventAttachment
    extra = 0
    raw_id_fields = ["document"]


class WalkPointInline(admin.TabularInline):
    model = WalkPoint
    extra = 0
    fields = ["description", "lat", "lon", "outcome", "photo_consent"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "quartier", "kind", "starts_at", "participants", "participants_80_plus"]
    list_filter = ["kind", "quartier__organisation"]
    search_fields = ["title", "quartier__name", "place"]
    list_select_related = ["quartier"]
    autocomplete_fields = ["quartier"]
    raw_id_fields = ["created_by"]
    date_hierarchy = "starts_at"
    inlines = [EventAttachmentInline, WalkPointInline]


@admin.register(Idea)
class IdeaAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "quartier", "status", "domain", "source", "created_on"]
    list_filter = ["status", "domain", "source", "quartier__organisation"]
    search_fields = ["text", "quartier__name"]
    list_select_related = ["quartier"]
    autocomplete_fields = ["quartier"]
    raw_id_fields = ["entered_by", "measure"]
