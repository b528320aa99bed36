app_name = "issuing"

urlpatterns = []
