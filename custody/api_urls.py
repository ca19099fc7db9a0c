app_name = "custody-api"

urlpatterns: list = []
