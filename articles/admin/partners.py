"""Syndication partners in the admin (Settings → Syndication partners): Wagtail's generic model views, plus the
token shown once — on creation and on each rotation — since only its hash is stored (articles.models.partners)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views import View
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from ..models import Partner

SHOWN_ONCE_TEMPLATE = "articles/admin/partner_token.html"


def show_token(request, partner: Partner, token: str, *, rotated: bool) -> TemplateResponse:
    response = TemplateResponse(
        request,
        SHOWN_ONCE_TEMPLATE,
        {
            "partner": partner,
            "token": token,
            "rotated": rotated,
            "index_url": reverse("partners:index"),
            "header_title": f"Token for {partner.name}",
            "page_title": f"Token for {partner.name}",
        },
    )
    response["Cache-Control"] = "private, no-store"  # the only time the token is shown
    return response


class PartnerCreateView(generic.CreateView):
    def save_instance(self) -> Partner:
        self.token = self.form.instance.issue_token()
        return super().save_instance()

    def save_action(self):
        if self.expects_json_response:
            return super().save_action()
        return show_token(self.request, self.object, self.token, rotated=False)


class PartnerEditView(generic.EditView):
    @cached_property
    def header_buttons(self) -> list:
        rotate = reverse("partners:rotate", args=[self.object.pk])
        return [*super().header_buttons, HeaderButton("Rotate token…", url=rotate, icon_name="key")]


class RotateTokenView(View):
    """GET asks to confirm; POST gives the partner a new token (the old one stops working) and shows it once."""

    def dispatch(self, request, pk: int):
        if not request.user.has_perm("articles.change_partner"):
            raise PermissionDenied
        self.partner = get_object_or_404(Partner, pk=pk)
        return super().dispatch(request, pk)

    def get(self, request, pk: int) -> TemplateResponse:
        context = {
            "partner": self.partner,
            "header_title": f"Rotate the token of {self.partner.name}",
            "page_title": f"Rotate the token of {self.partner.name}",
            "edit_url": reverse("partners:edit", args=[self.partner.pk]),
        }
        return TemplateResponse(request, "articles/admin/partner_rotate.html", context)

    def post(self, request, pk: int) -> TemplateResponse:
        with transaction.atomic():
            token = self.partner.issue_token()
            self.partner.save(update_fields=["token_hash", "token_hint", "token_issued_at"])
            log(self.partner, "wagtail.edit", user=request.user, data={"token": "rotated"})
        return show_token(request, self.partner, token, rotated=True)


class PartnerViewSet(ModelViewSet):
    model = Partner
    icon = "key"
    menu_label = "Syndication partners"
    add_to_settings_menu = True
    form_fields = ["name", "active"]
    list_display = ["name", "active", "token_hint", "token_issued_at", "created_at"]
    list_filter = ["active"]
    search_fields = ["name"]
    add_view_class = PartnerCreateView
    edit_view_class = PartnerEditView

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("rotate/<int:pk>/", RotateTokenView.as_view(), name="rotate")]


@hooks.register("register_admin_viewset")
def register_partners() -> PartnerViewSet:
    return PartnerViewSet("partners")
