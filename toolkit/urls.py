from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from . import views

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(
        "admin-tools/translation-status/", views.translation_status_view, name="translation_status"
    ),
    path("", include("accounts.urls")),
    path("", include("platforms.urls")),
    path("", include("coalitions.urls")),
    path("", include("reports.urls")),  # before the worksheet pages' catch-all paths
    path("", include("assessments.urls")),
    path("admin/", admin.site.urls),
)
