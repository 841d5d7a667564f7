from django.urls import path

from sources import views

app_name = "sources"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
]
