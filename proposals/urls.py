from django.urls import path

from proposals import views

app_name = "proposals"

urlpatterns = [
    path("de-xuat/", views.mine, name="mine"),
    path("de-xuat/<int:pk>/sua/", views.edit, name="edit"),
    path("de-xuat/<int:pk>/cong-van/", views.letter, name="letter"),
    path("ke-hoach/<yyyy:year>/<mm:month>/de-xuat/", views.inbox, name="inbox"),
    path("ke-hoach/<yyyy:year>/<mm:month>/de-xuat/xu-ly/", views.decide, name="decide"),
]
