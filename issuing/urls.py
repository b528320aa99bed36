from django.urls import path

from issuing import views

app_name = "issuing"

urlpatterns = [
    path("xac-thuc/", views.verify, name="verify"),
    path("ke-hoach/<yyyy:year>/<mm:month>/ban/<int:number>/", views.revision_detail, name="revision_detail"),
    path("ke-hoach/<yyyy:year>/<mm:month>/ban/<int:number>/pdf/", views.revision_pdf, name="revision_pdf"),
    path("ke-hoach/<yyyy:year>/<mm:month>/ban/<int:number>/xac-thuc/", views.revision_verify, name="revision_verify"),
]
