from django.contrib import admin

from .models import CheckTopic, Competence, RoleProfile, TaskField


@admin.register(RoleProfile)
class RoleProfileAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "app_role", "position"]
    search_fields = ["title", "key"]


@admin.register(TaskField)
class TaskFieldAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "position"]


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "position"]


@admin.register(CheckTopic)
class CheckTopicAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "key", "step", "position"]
    list_filter = ["kind"]
