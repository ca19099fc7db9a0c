app_name = "oocd-api"

urlpatterns: list = []
