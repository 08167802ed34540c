"""Filters shared by several resources."""

import django_filters
from rest_framework import filters
from rest_framework.exceptions import ValidationError

from apps import access
from apps.organisation.models import subtree_q


def visible_units(request):
    if request is None:
        return access.units_visible_to(None)
    return access.units_visible_to(request.user)


class UnitSubtreeFilter(django_filters.ModelChoiceFilter):
    """`?unit=<id>`: objects of that unit and every unit below it. A unit the caller cannot
    read is reported as an invalid choice (400), like any reference out of scope."""

    def __init__(self, *args, path_field="unit__path", **kwargs):
        self.path_field = path_field
        # The relation the path belongs to, so the schema can type the parameter.
        kwargs.setdefault("field_name", path_field.removesuffix("__path"))
        kwargs.setdefault("queryset", visible_units)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(subtree_q([value.path], self.path_field))


class SearchFilter(filters.SearchFilter):
    """DRF's search, whose refusal of a bad term (a NUL character) names its parameter, as
    every other 400 of the API does (`{"search": [...]}`), instead of a bare list."""

    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except ValidationError as error:
            raise ValidationError({self.search_param: error.detail}) from error
