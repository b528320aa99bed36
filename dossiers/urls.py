from django.urls import path

from dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("ho-so/", views.department, name="department"),
    path("noi-dung/<int:pk>/ho-so/", views.mark, name="mark"),
    path("ho-so/thang/", views.office_overview, name="overview"),
    path("ho-so/<yyyy:year>/<mm:month>/", views.month, name="month"),
    path("noi-dung/<int:pk>/ho-so/tai-len/", views.upload, name="upload"),
    path("tep/<int:pk>/", views.download, name="file"),
    path("phien-hop/", views.sessions, name="sessions"),
    path("phien-hop/<int:pk>/tai-lieu.pdf", views.session_packet, name="packet"),
]
