"""The workspace's pages of notices, under ``/van-phong/<office>/ket-luan/`` (ubnd_schedule.urls)."""

from django.urls import path

from conclusions import views

app_name = "conclusions"

notice = "<int:pk>/"

urlpatterns = [
    path("", views.conclusion_list, name="list"),
    path("cai-dat/", views.conclusion_settings, name="settings"),
    path(notice, views.conclusion_edit, name="edit"),
    path(f"{notice}nhiem-vu/moi/", views.task_edit, name="task_add"),
    path(f"{notice}nhiem-vu/<int:task>/", views.task_edit, name="task_edit"),
    path(f"{notice}nhiem-vu/<int:task>/xoa/", views.task_delete, name="task_delete"),
    path(f"{notice}gui-duyet/", views.conclusion_submit, name="submit"),
    path(f"{notice}tra-lai/", views.conclusion_return, name="return"),
    path(f"{notice}ky/", views.conclusion_sign, name="sign"),
    path(f"{notice}ky/pdf/", views.conclusion_sign_pdf, name="sign_pdf"),
    path(f"{notice}phat-hanh/", views.conclusion_seal, name="seal"),
    path(f"{notice}dieu-chinh/", views.conclusion_amend, name="amend"),
    path(f"{notice}pdf/", views.conclusion_draft_pdf, name="draft_pdf"),
    path(f"{notice}word/", views.conclusion_docx, name="docx"),
]
