"""The root URLconf: every app's URLs, mounted where members and visitors find them."""

from django.contrib import admin
from django.urls import include, path, register_converter

from hub.core.converters import IdConverter

# <id:pk> rather than <int:pk> in every URLconf: ids the database could not hold are a 404.
register_converter(IdConverter, "id")

urlpatterns = [
    # The hub's own rooms: the front door, joining and the second factor; the public pages; the
    # member's own data; notices.
    path("", include("hub.accounts.urls")),
    path("", include("hub.pages.urls")),
    path("", include("hub.personal_data.urls")),
    path("", include("hub.outbox.urls")),
    path("", include("hub.ops.urls")),  # /readyz, /metrics
    path("", include("reports.urls")),  # /numbers/
    path("accounts/", include("allauth.urls")),
    path("tools/", include("tools_catalog.urls")),
    path("", include("wizard.urls")),  # /wizard/ and /shortlists/
    path("learn/", include("learning.urls")),
    path("community/", include("community.urls")),
    path("watches/", include("watches.urls")),
    path("provider/", include("questionnaires.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "hub.pages.views.bad_request"
handler403 = "hub.pages.views.permission_denied"
handler404 = "hub.pages.views.page_not_found"
handler500 = "hub.pages.views.server_error"
