from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/autocomplete/", views.autocomplete, name="autocomplete"),
    path("studios/", views.EntityIndexView.as_view(entity_type="studio"), name="studio_index"),
    path("people/", views.EntityIndexView.as_view(entity_type="person"), name="person_index"),
    path("films/", views.EntityIndexView.as_view(entity_type="film"), name="film_index"),
    path("authors/", views.AuthorIndexView.as_view(), name="author_index"),
    path("tags/", views.TagIndexView.as_view(), name="tag_index"),
    path("studios/<slug:slug>/", views.EntityDetailView.as_view(entity_type="studio"), name="studio"),
    path("people/<slug:slug>/", views.EntityDetailView.as_view(entity_type="person"), name="person"),
    path("films/<slug:slug>/", views.EntityDetailView.as_view(entity_type="film"), name="film"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag"),
]
