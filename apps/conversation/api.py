"""REST resources `comments/`, `follows/` and `inbox/` (issue 15). Reading and writing are
open to whoever may read the object; the services and the access module decide the rest."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.access import Verb
from apps.actions.api import scoped
from apps.actions.models import Action
from apps.api.fields import ScopedPrimaryKeyRelatedField
from apps.api.viewsets import ScopedCreateListViewSet, ScopedViewSetMixin
from apps.assessments.models import Assessment
from apps.findings.models import Finding

from . import selectors, services
from .models import Comment, Follow, InboxItem


class ReadVerbMixin:
    """Commenting, following and one's inbox need only the right to read: every role may, on
    what it reads (403 never comes from the role alone; the services refuse per object)."""

    def access_verb_for_request(self):
        return Verb.READ


def _one_of(data, names):
    given = [n for n in names if data.get(n) is not None]
    if len(given) != 1:
        raise serializers.ValidationError(
            {names[0]: [serializers.ErrorDetail(_one_message(names), code="one_of")]}
        )
    return given[0]


def _one_message(names):
    return _("Give exactly one of: %(fields)s.") % {"fields": ", ".join(names)}


class CommentSerializer(serializers.ModelSerializer):
    finding = ScopedPrimaryKeyRelatedField(Finding, required=False, allow_null=True)
    action = ScopedPrimaryKeyRelatedField(Action, required=False, allow_null=True)
    text = serializers.CharField(max_length=4000)
    mentioned = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "finding", "action", "author", "text", "mentioned", "created_at"]
        read_only_fields = ["author", "created_at"]

    def validate(self, attrs):
        _one_of(attrs, ["finding", "action"])
        return attrs


class CommentFilter(django_filters.FilterSet):
    finding = django_filters.ModelChoiceFilter(queryset=scoped(Finding))
    action = django_filters.ModelChoiceFilter(queryset=scoped(Action))

    class Meta:
        model = Comment
        fields = ["finding", "action"]


class CommentViewSet(ReadVerbMixin, mixins.DestroyModelMixin, ScopedCreateListViewSet):
    """The threads of findings and actions; a comment is kept as written (delete only)."""

    model = Comment
    serializer_class = CommentSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]
    filterset_class = CommentFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["created_at", "id"]
    search_fields = ["text"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("mentioned")

    @extend_schema(
        responses={
            201: CommentSerializer,
            400: OpenApiResponse(description="An unknown @username, or one who cannot read it"),
            403: OpenApiResponse(description="The caller could not read the comment back"),
        }
    )
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        obj = data.get("finding") or data.get("action")
        serializer.instance = services.comment_add(by=self.request.user, obj=obj, text=data["text"])

    @extend_schema(responses={204: None, 403: OpenApiResponse(description="Not the author's")})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.comment_delete(comment=instance, by=self.request.user)


class FollowSerializer(serializers.ModelSerializer):
    assessment = ScopedPrimaryKeyRelatedField(Assessment, required=False, allow_null=True)
    finding = ScopedPrimaryKeyRelatedField(Finding, required=False, allow_null=True)

    class Meta:
        model = Follow
        fields = ["id", "assessment", "finding", "created_at"]
        read_only_fields = ["created_at"]
        validators = []

    def validate(self, attrs):
        _one_of(attrs, ["assessment", "finding"])
        return attrs


class FollowViewSet(ReadVerbMixin, mixins.DestroyModelMixin, ScopedCreateListViewSet):
    """What the caller follows: POST an APV or a finding to follow it, DELETE to stop."""

    model = Follow
    serializer_class = FollowSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]
    search_fields = []

    def perform_create(self, serializer):
        data = serializer.validated_data
        obj = data.get("assessment") or data.get("finding")
        serializer.instance = services.follow_add(by=self.request.user, obj=obj)

    def perform_destroy(self, instance):
        services.follow_remove(by=self.request.user, obj=instance.assessment or instance.finding)


class InboxItemSerializer(serializers.ModelSerializer):
    read = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()

    class Meta:
        model = InboxItem
        fields = [
            "id",
            "kind",
            "title",
            "actor",
            "assessment",
            "finding",
            "action",
            "comment",
            "reminder",
            "created_at",
            "read",
            "read_at",
        ]
        read_only_fields = fields

    def get_read(self, item) -> bool:
        return item.read_at is not None

    def get_title(self, item) -> str:
        """What the item is about, named as the caller may read it."""
        return self.context["titles"].get(item.pk, "")


class InboxFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(method="filter_unread", label="Only unread items")
    kind = django_filters.MultipleChoiceFilter(choices=InboxItem.Kind.choices)

    class Meta:
        model = InboxItem
        fields = ["unread", "kind"]

    def filter_unread(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(read_at__isnull=value)


ReadAll = inline_serializer("InboxReadAll", {"marked": serializers.IntegerField()})


class InboxViewSet(
    ReadVerbMixin, ScopedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """The caller's inbox, newest first; only what they may read now."""

    model = InboxItem
    serializer_class = InboxItemSerializer
    filterset_class = InboxFilter
    lookup_value_regex = r"\d+"
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]
    search_fields = []

    def get_queryset(self):
        return selectors.inbox_for(self.request.user)

    def get_serializer(self, *args, **kwargs):
        items = (args[0] if kwargs.get("many") else [args[0]]) if args else []
        lines = selectors.inbox_lines(self.request.user, items)
        kwargs.setdefault("context", self.get_serializer_context())
        kwargs["context"]["titles"] = {line.item.pk: line.title for line in lines}
        return self.serializer_class(*args, **kwargs)

    @extend_schema(request=None, responses={200: InboxItemSerializer})
    @action(detail=True, methods=["post"], url_path="read", filter_backends=[])
    def read(self, request, pk=None):
        item = services.inbox_mark_read(by=request.user, item=self.get_object())
        return Response(self.get_serializer(item).data)

    @extend_schema(request=None, responses={200: ReadAll})
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[])
    def read_all(self, request):
        marked = services.inbox_mark_all_read(by=request.user)
        return Response({"marked": marked}, status=status.HTTP_200_OK)
