from rest_framework.permissions import BasePermission

from apps import access


class AccessPermission(BasePermission):
    """The order of checks of DESIGN.md §6, delegated to the access module.

    401 when not authenticated (DRF answers 401 because token authentication comes first);
    403 when no role the caller holds allows the view's verb at all; objects outside scope
    are 404 because every queryset is scoped; 403 when readable but not the caller's to change.
    """

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        verb = view.access_verb_for_request()
        return verb is None or access.may_ever(user, verb)

    def has_object_permission(self, request, view, obj):
        verb = view.access_verb_for_request()
        return verb is None or access.can(request.user, verb, obj)
