from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("studios/<slug:slug>/", views.EntityDetailView.as_view(entity_type="studio"), name="studio"),
    path("people/<slug:slug>/", views.EntityDetailView.as_view(entity_type="person"), name="person"),
    path("films/<slug:slug>/", views.EntityDetailView.as_view(entity_type="film"), name="film"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag"),
]
