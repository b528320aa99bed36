from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from workspace import accounts, admin_views, agencies, export_views, importing_views, issuing_views, views
from workspace.forms import LoginForm

app_name = "workspace"

plan = "ke-hoach/<yyyy:year>/<mm:month>/"

#: One office's workspace, under /van-phong/<office>/: each view takes the office (agenda.offices.office_view).
office_patterns = [
    path("", views.home, name="home"),
    path("ke-hoach/moi/", views.plan_create, name="plan_create"),
    path("ke-hoach/nhap/", importing_views.plan_import, name="plan_import"),
    path("ke-hoach/nhap/xem-lai/", importing_views.plan_import_review, name="plan_import_review"),
    path(plan, views.plan_edit, name="plan_edit"),
    path(f"{plan}xem-truoc/", views.plan_preview, name="plan_preview"),
    path(f"{plan}pdf/", views.plan_draft_pdf, name="plan_draft_pdf"),
    path(f"{plan}word/", export_views.plan_docx, name="plan_docx"),
    path(f"{plan}lich-su/", views.plan_history, name="plan_history"),
    path(f"{plan}gui-duyet/", issuing_views.plan_submit, name="plan_submit"),
    path(f"{plan}tra-lai/", issuing_views.plan_return, name="plan_return"),
    path(f"{plan}ky/", issuing_views.plan_sign, name="plan_sign"),
    path(f"{plan}ky/pdf/", issuing_views.plan_sign_pdf, name="plan_sign_pdf"),
    path(f"{plan}phat-hanh/", issuing_views.plan_seal, name="plan_seal"),
    path("phat-hanh/", issuing_views.issue_queue, name="issue_queue"),
    path("tai-khoan/", issuing_views.profile, name="profile"),
    path("tai-khoan/chu-ky.png", issuing_views.signature_image, name="signature_image"),
    path(f"{plan}dieu-chinh/", views.plan_amend, name="plan_amend"),
    path("noi-dung/<int:pk>/tinh-trang/", views.item_status, name="item_status"),
    path("co-quan/", views.agency_search, name="agency_search"),
    path("co-quan/them/", agencies.agency_add, name="agency_add"),
    path("quan-tri/", admin_views.office_admin, name="office_admin"),
]

#: The accounts (one login for every office), the list of one's offices, then each office's workspace.
urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            template_name="workspace/login.html",
            authentication_form=LoginForm,
            next_page=reverse_lazy("workspace:start"),
        ),
        name="login",
    ),
    path("quen-mat-khau/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "quen-mat-khau/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("quen-mat-khau/xong/", accounts.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page=reverse_lazy("workspace:login")), name="logout"),
    path("", views.start, name="start"),
    path("<office:office>/", include(office_patterns)),
]
