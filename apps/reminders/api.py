"""REST resource `reminders/` (API.md): a person's own reminders, a coordinator's in scope; and
`reminders/calendar-feed/`, the person's secret calendar URL."""

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from apps import access
from apps.api.filters import UnitSubtreeFilter
from apps.api.viewsets import ScopedReadOnlyViewSet

from . import services
from .models import Reminder


class ReminderSerializer(serializers.ModelSerializer):
    subject_type = serializers.SerializerMethodField()

    class Meta:
        model = Reminder
        fields = [
            "id",
            "kind",
            "recipient",
            "subject_type",
            "subject_id",
            "due_on",
            "status",
            "sent_at",
        ]
        read_only_fields = fields

    def get_subject_type(self, reminder) -> str:
        """The subject's model as a lower-case code: `action`, `assessment`, `unit`,
        `annualreview`, `agreement`, `changeevent` or `concern`."""
        return reminder.subject_type.model


def _directory(request):
    """The recipients one may filter by: people in one's directory. Anyone else is an invalid
    choice, exactly like a user who does not exist (no existence oracle)."""
    return access.users_visible_to(getattr(request, "user", None))


class ReminderFilter(django_filters.FilterSet):
    recipient = django_filters.ModelChoiceFilter(queryset=_directory)
    kind = django_filters.MultipleChoiceFilter(choices=Reminder.Kind.choices)
    status = django_filters.MultipleChoiceFilter(choices=Reminder.Status.choices)
    unit = UnitSubtreeFilter()
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Reminder
        fields = ["kind", "status", "recipient", "unit"]


CalendarFeedState = inline_serializer(
    "CalendarFeedState",
    {
        "active": serializers.BooleanField(),
        "created_at": serializers.DateTimeField(allow_null=True),
        "last_used_at": serializers.DateTimeField(allow_null=True),
    },
)
CalendarFeedCreated = inline_serializer("CalendarFeedCreated", {"url": serializers.URLField()})


class ReminderViewSet(ScopedReadOnlyViewSet):
    """Reminders are written by the sweep only; here they are read."""

    model = Reminder
    serializer_class = ReminderSerializer
    filterset_class = ReminderFilter
    lookup_value_regex = r"\d+"
    ordering_fields = ["due_on", "sent_at", "kind", "status", "id"]
    ordering = ["-due_on", "-id"]
    search_fields = []

    def access_verb_for_request(self):
        # Every signed-in person may read their own reminders, whatever roles they hold; the
        # scoped queryset decides what else they see.
        return None

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: CalendarFeedState},
        description="Whether you have a calendar URL, and when it was made and last used.",
    )
    @extend_schema(
        methods=["POST"],
        request=None,
        responses={201: CalendarFeedCreated},
        description="Make a new secret calendar URL (the old one stops working). It is shown "
        "only now: add it to Outlook or Google Calendar as a subscription.",
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={204: OpenApiResponse(description="Revoked")},
        description="Revoke your calendar URL.",
    )
    @action(
        detail=False,
        methods=["get", "post", "delete"],
        url_path="calendar-feed",
        filter_backends=[],
        pagination_class=None,
    )
    def calendar_feed(self, request):
        user = request.user
        if request.method == "POST":
            token = services.calendar_feed_renew(user=user)
            return Response(
                {"url": services.calendar_feed_url(token)}, status=status.HTTP_201_CREATED
            )
        if request.method == "DELETE":
            services.calendar_feed_revoke(user=user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        feed = access.calendar_feeds_visible_to(user).filter(user=user).first()
        return Response(
            {
                "active": feed is not None,
                "created_at": feed.created_at if feed else None,
                "last_used_at": feed.last_used_at if feed else None,
            }
        )
