from django.urls import path

from ballots import views

app_name = "ballots"

urlpatterns = [
    path("", views.ballot_list, name="list"),
    path("moi/", views.create, name="create"),
    path("thiet-lap/", views.office_settings, name="settings"),
    path("thiet-lap/thu-ky/<int:pk>/xoa/", views.remove_secretary, name="remove_secretary"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/cau-hoi/", views.add_question, name="add_question"),
    path("<int:pk>/cau-hoi/<int:question>/xoa/", views.remove_question, name="remove_question"),
    path("<int:pk>/tai-lieu/", views.upload, name="upload"),
    path("<int:pk>/tai-lieu/<int:document>/", views.document, name="document"),
    path("<int:pk>/nhac/", views.remind, name="remind"),
    path("<int:pk>/tra-loi/", views.answer, name="answer"),
    path("<int:pk>/ket-qua.pdf", views.result_pdf, name="result"),
    path("<int:pk>/y-kien/<int:member>.pdf", views.signed_answer, name="signed_answer"),
    path("<int:pk>/<slug:name>/", views.step, name="step"),
]
