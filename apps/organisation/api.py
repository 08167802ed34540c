"""REST resources `me/`, `users/`, `units/` and `role-assignments/` (API.md): reads through the
access module, writes through the services."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps import access
from apps.access import Verb
from apps.api.fields import ScopedPrimaryKeyRelatedField
from apps.api.filters import UnitSubtreeFilter
from apps.api.viewsets import ScopedCreateMixin, ScopedUpdateMixin, ScopedViewSetMixin

from . import services
from .leavers import person_leave
from .models import Role, RoleAssignment, Unit, subtree_q

User = get_user_model()


def _visible(model):
    """A filter's choices: the objects of `model` the caller may read (others are invalid)."""

    def queryset(request):
        return access.visible(getattr(request, "user", None), model)

    return queryset


REFUSED = OpenApiResponse(description="No role of the caller allows this, here or at all")


# --- me -------------------------------------------------------------------------------------


class OwnRoleSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoleAssignment
        fields = ["unit", "role"]


class MeSerializer(serializers.ModelSerializer):
    roles = OwnRoleSerializer(source="role_assignments", many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "roles"]


class MeView(APIView):
    """The caller and the roles they hold (each covers the unit and everything below it)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: MeSerializer})
    def get(self, request):
        return Response(MeSerializer(request.user).data)


# --- users ----------------------------------------------------------------------------------


class UserSerializer(serializers.ModelSerializer):
    password = serializers.CharField(
        write_only=True,
        required=False,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text=_(
            "Checked by the password rules and stored hashed; never shown. Without one, the "
            "user cannot log in until given one."
        ),
    )

    successor = ScopedPrimaryKeyRelatedField(
        User,
        write_only=True,
        required=False,
        allow_null=True,
        help_text=_(
            "With is_active false (the person leaves): who takes over their open actions, if "
            "they may read them; otherwise the unit's leader, a handler of a confidential "
            "finding, or a coordinator. Each new owner gets a reminder saying why."
        ),
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "password",
            "successor",
        ]


class UserFilter(django_filters.FilterSet):
    unit = UnitSubtreeFilter(
        field_name="role_assignments__unit",
        path_field="role_assignments__unit__path",
        help_text=_("Users holding a role on this unit or a unit below it."),
    )
    role = django_filters.MultipleChoiceFilter(
        field_name="role_assignments__role", choices=Role.choices
    )
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = User
        fields = ["unit", "role", "is_active"]

    def filter_queryset(self, queryset):
        # `unit` and `role` describe one assignment ("the leaders in this department"), and
        # only assignments the caller can see count: one EXISTS, not two joins.
        unit = self.form.cleaned_data.get("unit")
        roles = self.form.cleaned_data.get("role")
        for name, value in self.form.cleaned_data.items():
            if name not in ("unit", "role"):
                queryset = self.filters[name].filter(queryset, value)
        if not (unit or roles):
            return queryset
        held = access.role_assignments_visible_to(self.request.user).filter(user=OuterRef("pk"))
        if unit:
            held = held.filter(subtree_q([unit.path], "unit__path"))
        if roles:
            held = held.filter(role__in=roles)
        return queryset.filter(Exists(held))


@extend_schema_view(
    create=extend_schema(responses={201: UserSerializer, 403: REFUSED}),
    partial_update=extend_schema(
        responses={
            200: UserSerializer,
            403: OpenApiResponse(
                description="Not a coordinator, or the user holds a role outside the caller's scope"
            ),
        }
    ),
)
class UserViewSet(
    ScopedViewSetMixin,
    ScopedCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedUpdateMixin,
    viewsets.GenericViewSet,
):
    """The directory: holders of a role in the caller's scope (coordinators also see users with
    no role yet). A coordinator may create users, and edit or deactivate (`is_active`) those
    whose every role lies in their scope. Users are never deleted."""

    model = User
    edit_verb = Verb.MANAGE
    serializer_class = UserSerializer
    filterset_class = UserFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering_fields = ["username", "first_name", "last_name", "email", "id"]
    ordering = ["username", "id"]
    search_fields = ["username", "first_name", "last_name", "email"]

    def perform_create(self, serializer):
        serializer.instance = services.user_create(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        successor = data.pop("successor", None)
        leaves = serializer.instance.is_active and data.pop("is_active", True) is False
        user = services.user_update(user=serializer.instance, by=self.request.user, **data)
        if leaves:
            # Deactivating is a person leaving: roles end, open actions are handed over.
            person_leave(by=self.request.user, user=user, successor=successor)
        serializer.instance = user


# --- units ----------------------------------------------------------------------------------


class UnitSerializer(serializers.ModelSerializer):
    parent = ScopedPrimaryKeyRelatedField(Unit, required=False, allow_null=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "external_id", "kind", "parent", "path", "headcount"]
        read_only_fields = ["path"]


class UnitFilter(django_filters.FilterSet):
    within = UnitSubtreeFilter(
        field_name="id",
        path_field="path",
        help_text=_("This unit and every unit below it."),
    )
    parent = django_filters.ModelChoiceFilter(queryset=_visible(Unit))
    kind = django_filters.MultipleChoiceFilter(choices=Unit.Kind.choices)

    class Meta:
        model = Unit
        fields = ["within", "parent", "kind", "external_id"]


@extend_schema_view(
    create=extend_schema(responses={201: UnitSerializer, 403: REFUSED}),
    partial_update=extend_schema(responses={200: UnitSerializer, 403: REFUSED}),
)
class UnitViewSet(
    ScopedViewSetMixin,
    ScopedCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedUpdateMixin,
    viewsets.GenericViewSet,
):
    """The organisation tree. Coordinators add and move units within their scope; only an
    administrator creates a unit at the top. A move takes the unit's subtree along."""

    model = Unit
    edit_verb = Verb.MANAGE
    parent_field = "parent"
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering_fields = ["path", "name", "headcount", "id"]
    ordering = ["path"]
    search_fields = ["name"]

    def check_parent_permission(self, request):
        self._check_new_parent(request, unit=None)

    def _check_new_parent(self, request, *, unit):
        """MANAGE on the new parent; the top of the tree belongs to administrators."""
        if not isinstance(request.data, dict):
            return  # malformed input: the serializer answers 400
        if unit is not None and "parent" not in request.data:
            return
        parent_id = request.data.get("parent")
        if unit is not None and str(parent_id) == str(unit.parent_id):
            return  # not a move (a client sending the whole object back)
        if parent_id in (None, ""):
            stays_at_top = unit is not None and unit.parent_id is None
            if not (request.user.is_superuser or stays_at_top):
                raise PermissionDenied(_("Choose the unit this unit belongs under."))
            return
        super().check_parent_permission(request)

    def partial_update(self, request, *args, **kwargs):
        # 404/403 on the unit itself first, then 403 on where it would move.
        self._check_new_parent(request, unit=self.get_object())
        return super().partial_update(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.unit_create(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.unit_update(
            unit=serializer.instance, by=self.request.user, **serializer.validated_data
        )


# --- role assignments -----------------------------------------------------------------------


class RoleAssignmentSerializer(serializers.ModelSerializer):
    user = ScopedPrimaryKeyRelatedField(User)
    unit = ScopedPrimaryKeyRelatedField(Unit)
    stands_in_for = ScopedPrimaryKeyRelatedField(
        RoleAssignment,
        required=False,
        allow_null=True,
        help_text="A deputy's stand-in: the role holder's assignment (same unit and role), for "
        "the period from starts_on to ends_on.",
    )

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "unit", "role", "starts_on", "ends_on", "stands_in_for"]
        # One assignment per user, unit and role: the service's full_clean() answers 400.
        validators = []

    def validate(self, data):
        # The unit is what the caller's right to manage was checked on: a stand-in is for a
        # holder on that very unit, in that very role.
        held = data.get("stands_in_for")
        if held is not None and (held.unit_id != data["unit"].pk or held.role != data["role"]):
            raise serializers.ValidationError(
                {"stands_in_for": [_("A deputy stands in on the holder's unit, in their role.")]}
            )
        return data


class RoleAssignmentFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(queryset=_visible(User))
    unit = UnitSubtreeFilter()
    role = django_filters.MultipleChoiceFilter(choices=Role.choices)

    class Meta:
        model = RoleAssignment
        fields = ["user", "unit", "role"]


@extend_schema_view(
    create=extend_schema(responses={201: RoleAssignmentSerializer, 403: REFUSED}),
    destroy=extend_schema(responses={204: None, 403: REFUSED}),
)
class RoleAssignmentViewSet(
    ScopedViewSetMixin,
    ScopedCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Who holds which role where. A coordinator assigns and removes roles on units in their
    scope, to users in their directory."""

    model = RoleAssignment
    edit_verb = Verb.MANAGE
    parent_field = "unit"
    serializer_class = RoleAssignmentSerializer
    filterset_class = RoleAssignmentFilter
    http_method_names = ["get", "post", "delete", "head", "options"]
    ordering_fields = ["id", "role", "unit__path", "user__username"]
    ordering = ["unit__path", "role", "user__username", "id"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]

    def access_verb_for_request(self):
        # Removing a role is managing roles, not deleting a mistake from an APV.
        if self.action == "destroy":
            return Verb.MANAGE
        return super().access_verb_for_request()

    def perform_create(self, serializer):
        serializer.instance = services.role_assignment_create(
            by=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.role_assignment_delete(by=self.request.user, role_assignment=instance)
