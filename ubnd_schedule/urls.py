from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from ubnd_schedule import health
from ubnd_schedule.language import choose_language
from workspace import views as workspace_views

admin.site.site_header = _("Quản trị chương trình công tác")
admin.site.site_title = _("Quản trị chương trình công tác")
admin.site.index_title = _("Quản trị")

urlpatterns = [
    # Lazy: the static URL (hashed in production) is looked up per request, not at import.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    path("ngon-ngu/<str:code>/", choose_language, name="choose_language"),
    path("van-phong/", include("workspace.urls")),
    path("van-phong/<office:office>/", include("dossiers.urls")),
    path("van-phong/<office:office>/", include("proposals.urls")),
    path("van-phong/<office:office>/", include("weekly.workspace_urls")),
    path("van-phong/<office:office>/ket-luan/", include("conclusions.urls")),
    path("van-phong/<office:office>/", include("followup.urls")),
    path("van-phong/<office:office>/lay-y-kien/", include("ballots.urls")),
    # A workspace link from before offices were many (e-mails, bookmarks): the user's office, if they have one.
    path("van-phong/<path:rest>", workspace_views.before_offices, name="workspace_before_offices"),
    path("<office:office>/ket-luan/", include("conclusions.public_urls")),
    # The load balancer's and the monitor's probes (ubnd_schedule.health); /healthz is public.urls'.
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
    path("", include("public.urls")),
]

# Vietnamese error pages; a database fault outside a view is still a 503 (ubnd_schedule.faults).
handler500 = "ubnd_schedule.faults.server_error"
