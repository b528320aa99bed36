from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

admin.site.site_header = _("Quản trị chương trình công tác")
admin.site.site_title = _("Quản trị chương trình công tác")
admin.site.index_title = _("Quản trị")

urlpatterns = [
    # Lazy: the static URL (hashed in production) is looked up per request, not at import.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("van-phong/", include("workspace.urls")),
    path("van-phong/", include("dossiers.urls")),
    path("van-phong/", include("proposals.urls")),
    path("", include("issuing.urls")),
    path("", include("public.urls")),
]
