from django.urls import path

from claims import views

app_name = "claims"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("ratings.css", views.rating_styles, name="rating-styles"),
]
