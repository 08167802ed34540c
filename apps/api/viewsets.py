"""The base of every resource: scoped querysets, the order of checks, writes through services."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied

from apps import access
from apps.access import Verb
from apps.security.log import confidential_read, refused_lookup

from .permissions import AccessPermission

DEFAULT_VERBS = {
    "list": Verb.READ,
    "retrieve": Verb.READ,
    "create": Verb.EDIT,
    "partial_update": Verb.EDIT,
    "update": Verb.EDIT,
    "destroy": Verb.DELETE,
}


class ScopedViewSetMixin:
    """Reads through the access module; subclasses name the model and, for creation, the field
    that points at the object the new one belongs to (`parent_field`)."""

    model = None
    edit_verb = Verb.EDIT
    parent_field: str | None = None
    permission_classes = [AccessPermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    # Set per custom action through @action(..., access_verb=...).
    access_verb = None

    def access_verb_for_request(self):
        if self.access_verb is not None:
            return self.access_verb
        verb = DEFAULT_VERBS.get(self.action)
        if verb == Verb.EDIT:
            return self.edit_verb
        return verb

    def get_queryset(self):
        return access.visible(self.request.user, self.model)

    def get_object(self):
        try:
            obj = super().get_object()
        except Http404:
            refused_lookup(self.model, self.kwargs.get(self.lookup_url_kwarg or self.lookup_field))
            raise
        confidential_read([obj])
        return obj

    def check_parent_permission(self, request):
        """403 when the new object would belong to something the caller can read but not change.

        Runs before validation, so the order of checks holds: a parent the caller cannot read is
        left to the serializer, which reports it as not existing (400).
        """
        if not self.parent_field:
            return
        parent_id = request.data.get(self.parent_field) if hasattr(request.data, "get") else None
        if isinstance(parent_id, bool) or not isinstance(parent_id, int | str):
            return  # not an id at all: the serializer says so (400)
        parent_model = self.model._meta.get_field(self.parent_field).related_model
        try:
            parent = access.visible(request.user, parent_model).filter(pk=parent_id).first()
        except (TypeError, ValueError):
            return
        if parent is not None and not access.can(request.user, self.edit_verb, parent):
            raise PermissionDenied()


class ScopedCreateMixin(mixins.CreateModelMixin):
    """Creation: the parent is checked before the input, and the write is one transaction."""

    def create(self, request, *args, **kwargs):
        self.check_parent_permission(request)
        with transaction.atomic():
            return super().create(request, *args, **kwargs)


class ScopedUpdateMixin(mixins.UpdateModelMixin):
    def partial_update(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().partial_update(request, *args, **kwargs)


class ScopedModelViewSet(
    ScopedViewSetMixin, ScopedCreateMixin, ScopedUpdateMixin, viewsets.ModelViewSet
):
    pass


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedCreateListViewSet(
    ScopedViewSetMixin,
    ScopedCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    pass
