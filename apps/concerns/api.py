"""REST resource `concerns/`: sending a concern to the unit's AMR, the AMR's decision, the
receipt code's answer, and the open concerns counted per unit (for the MED dashboard).

Reads go through the access module (the sender of a named concern, the unit's AMR and
coordinators in scope); writes through the services. Every route asks for a login, the receipt
too: a code is unguessable, but the tracker answers nobody it does not know.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from apps.access import Verb
from apps.access.rules import may_decide_concern, may_decide_concerns
from apps.api.fields import ScopedPrimaryKeyRelatedField
from apps.api.filters import UnitSubtreeFilter
from apps.api.schema import ErrorDetail, Refusal
from apps.api.viewsets import ScopedCreateListViewSet
from apps.factors.models import Factor
from apps.organisation.models import Unit

from . import selectors, services
from .models import Concern
from .quiet import unlogged


class ConcernSerializer(serializers.ModelSerializer):
    """A concern as its readers see it: the sender only where it is named."""

    class Meta:
        model = Concern
        fields = [
            "id",
            "unit",
            "text",
            "anonymous",
            "sender",
            "status",
            "answer",
            "finding",
            "created_on",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


class SendableUnitField(serializers.PrimaryKeyRelatedField):
    """A unit where the caller holds a role; any other is reported as not existing."""

    def get_queryset(self):
        request = self.context.get("request")
        return services.sendable_units(getattr(request, "user", None))


class ConcernCreateSerializer(serializers.Serializer):
    unit = SendableUnitField(
        queryset=Unit.objects.none(), help_text="A unit where the caller holds a role."
    )
    text = serializers.CharField(max_length=10_000)
    anonymous = serializers.BooleanField(
        default=False,
        help_text="Anonymous: nothing stored links the concern to the caller; only the receipt "
        "code follows it.",
    )


class ConcernSentSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        allow_null=True, help_text="Null for an anonymous concern: follow it by its code."
    )
    unit = serializers.IntegerField()
    anonymous = serializers.BooleanField()
    status = serializers.ChoiceField(choices=Concern.Status.choices)
    created_on = serializers.DateField()
    receipt_code = serializers.CharField(
        help_text="Shown only in this answer; the tracker keeps only its hash."
    )


class ConcernDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Concern.Decision.choices)
    answer = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10_000,
        help_text="To the sender: required for `answer`, optional for `finding`.",
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10_000,
        help_text="Why the concern is closed (the sender reads it): required for `close`.",
    )
    title = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="The finding's title."
    )
    factor = ScopedPrimaryKeyRelatedField(
        Factor, required=False, allow_null=True, help_text="What the finding concerns."
    )
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=10_000, help_text="The finding's text."
    )
    confidential = serializers.BooleanField(
        default=False, help_text="Make the finding confidential (it concerns a person)."
    )


class ReceiptQuerySerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class ReceiptSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Concern.Status.choices)
    answer = serializers.CharField(allow_blank=True)
    date = serializers.DateField(help_text="The day the concern was sent.")


class OpenCountSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    open = serializers.IntegerField(help_text="Concerns of the unit waiting for a decision.")


class ConcernFilter(django_filters.FilterSet):
    unit = UnitSubtreeFilter()
    status = django_filters.MultipleChoiceFilter(choices=Concern.Status.choices)
    anonymous = django_filters.BooleanFilter()

    class Meta:
        model = Concern
        fields = ["unit", "status", "anonymous"]


@extend_schema_view(
    create=extend_schema(
        request=ConcernCreateSerializer,
        responses={201: ConcernSentSerializer},
        description="Send a concern about a unit where the caller holds a role to its AMR. "
        "The answer holds the receipt code, once.",
    ),
    list=extend_schema(
        description="The concerns the caller reads: those they sent with their name, and as "
        "the unit's AMR (the nearest above where it has none) or a coordinator in scope."
    ),
)
class ConcernViewSet(ScopedCreateListViewSet):
    """Concerns to the AMR: confidential between their sender and the AMR (DESIGN.md §6)."""

    model = Concern
    serializer_class = ConcernSerializer
    filterset_class = ConcernFilter
    ordering_fields = ["created_on", "status"]
    ordering = ["-created_on", "id"]
    search_fields = ["text"]
    lookup_value_regex = r"[0-9]+"
    # Only the receipt lookup is throttled (its action sets the scope).
    throttle_scope = None

    # Sending is open to every role; the decision and the receipt check their callers
    # themselves (a decision is not a verb of the grid, and a receipt holder is anyone).
    VERBS = {"create": Verb.READ, "open_counts": Verb.READ, "decide": None, "receipt": None}

    def dispatch(self, request, *args, **kwargs):
        # Answered and rendered without a debug dump of the request (quiet.py).
        with unlogged():
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response = response.render()
        return response

    def access_verb_for_request(self):
        if self.action in self.VERBS:
            return self.VERBS[self.action]
        return super().access_verb_for_request()

    def create(self, request, *args, **kwargs):
        data = ConcernCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        concern, code = services.concern_send(by=request.user, **data.validated_data)
        sent = {
            "id": None if concern.anonymous else concern.pk,
            "unit": concern.unit_id,
            "anonymous": concern.anonymous,
            "status": concern.status,
            "created_on": concern.created_on,
            "receipt_code": code,
        }
        return Response(ConcernSentSerializer(sent).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ConcernDecisionSerializer,
        responses={
            200: ConcernSerializer,
            409: OpenApiResponse(
                Refusal, description="Already decided, or the unit has no open APV"
            ),
        },
        description="End the concern with a decision: `answer` (with `answer`), `finding` "
        "(`title`, `factor`, `description`, `confidential`: a finding in the unit's open APV, "
        "reported by the caller) or `close` (with `note`). The unit's AMR or a coordinator in "
        "scope; never its sender.",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        if not may_decide_concerns(request.user):
            raise PermissionDenied()
        concern = self.get_object()
        if not may_decide_concern(request.user, concern):
            raise PermissionDenied()
        data = ConcernDecisionSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        data = dict(data.validated_data)
        note = data.pop("note", "")
        if data["decision"] == Concern.Decision.CLOSE:
            data["answer"] = note or data.get("answer", "")
        concern = services.concern_decide(concern=concern, by=request.user, **data)
        return Response(ConcernSerializer(concern, context=self.get_serializer_context()).data)

    @extend_schema(
        request=ReceiptQuerySerializer,
        responses={
            200: ReceiptSerializer,
            404: OpenApiResponse(ErrorDetail, description="No concern has this code"),
        },
        description="What a receipt code tells: the concern's status, the AMR's answer and the "
        "date it was sent; nothing more. Posted, so that the code stays out of addresses and "
        "logs. Any signed-in caller.",
    )
    @action(
        detail=False,
        methods=["post"],
        filter_backends=[],
        pagination_class=None,
        throttle_scope="receipt",
    )
    def receipt(self, request):
        query = ReceiptQuerySerializer(data=request.data)
        query.is_valid(raise_exception=True)
        receipt = selectors.concern_by_receipt(query.validated_data["code"])
        if receipt is None:
            raise NotFound(_("No concern has this receipt code. Check that you typed it right."))
        return Response(
            ReceiptSerializer(
                {"status": receipt.status, "answer": receipt.answer, "date": receipt.date}
            ).data
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unit", int, required=False, description="Only this unit and the units below it."
            )
        ],
        responses={200: OpenCountSerializer(many=True)},
        description="Open concerns per unit in the caller's scope: counts only, never what or "
        "who (for the MED dashboard).",
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="open-counts",
        filter_backends=[],
        pagination_class=None,
    )
    def open_counts(self, request):
        unit = None
        if "unit" in request.query_params:
            unit = _unit(request)
        return Response(selectors.open_concerns_per_unit(request.user, unit))


class _UnitQuery(serializers.Serializer):
    unit = ScopedPrimaryKeyRelatedField(Unit)


def _unit(request):
    """The `?unit=` subtree, refused (400) when the caller may not read that unit."""
    query = _UnitQuery(data=request.query_params, context={"request": request})
    query.is_valid(raise_exception=True)
    return query.validated_data["unit"]
