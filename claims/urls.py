from django.urls import path

from claims import public, views

app_name = "claims"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("ratings.css", views.rating_styles, name="rating-styles"),
    path("disputes/<str:slug>/", public.dispute, name="dispute"),
    path("speakers/<str:slug>/", public.speaker, name="speaker"),
    path("sources/<int:pk>/", public.source, name="source"),
]
