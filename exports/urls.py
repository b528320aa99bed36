from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [
    path("ke-hoach/<yyyy:year>/<mm:month>/pdf/", views.plan_pdf, name="plan_pdf"),
]
