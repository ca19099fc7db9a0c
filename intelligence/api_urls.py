app_name = "intelligence-api"

urlpatterns: list = []
