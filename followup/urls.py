from django.urls import path

from followup import dashboard_views, offers, views

app_name = "followup"

urlpatterns = [
    path("nhiem-vu/", views.tasks, name="tasks"),
    path("nhiem-vu/<int:pk>/", views.task, name="task"),
    path("nhiem-vu/<int:pk>/bao-cao/", views.report, name="report"),
    path("nhiem-vu/<int:pk>/danh-gia/", views.review, name="review"),
    path("nhiem-vu/tep/<int:pk>/", views.download, name="file"),
    path("nhiem-vu/chua-xong/<yyyy:year>/<mm:month>/", offers.offers, name="offers"),
    path("theo-doi/", dashboard_views.dashboard_page, name="dashboard"),
    path("theo-doi/bao-cao.xlsx", dashboard_views.report_xlsx, name="report_xlsx"),
    path("theo-doi/bao-cao.pdf", dashboard_views.report_pdf_view, name="report_pdf"),
]
