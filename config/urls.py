from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from quartier.forms import LoginForm

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("konto/", include("django.contrib.auth.urls")),
    path("", include("quartier.urls")),
    path("", include("planning.urls")),
    path("", include("network.urls")),
    path("", include("participation.urls")),
    path("", include("organisation.urls")),
    path("", include("evaluation.urls")),
]
