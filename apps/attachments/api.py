"""REST resource `attachments/`: list and read what the caller may read, upload (multipart) to
an object they may edit, delete their own (or any, as coordinator), and download the file."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from apps import access
from apps.access import Verb
from apps.actions.models import Action, Evaluation
from apps.api.fields import ScopedPrimaryKeyRelatedField
from apps.api.permissions import AccessPermission
from apps.api.schema import Refusal
from apps.api.viewsets import ScopedViewSetMixin
from apps.assessments.models import Assessment
from apps.findings.models import Dialogue, Finding

from . import content, services
from .downloads import file_response
from .models import TARGETS, Attachment
from .storage import removed_on_rollback

MODELS = {
    "assessment": Assessment,
    "finding": Finding,
    "dialogue": Dialogue,
    "action": Action,
    "evaluation": Evaluation,
}
TARGET_HELP = _("Exactly one of assessment, finding, dialogue, action and evaluation.")


class AttachmentSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text=_("Where the file is downloaded."))

    class Meta:
        model = Attachment
        fields = [
            "id",
            *TARGETS,
            "title",
            "kind",
            "filename",
            "size",
            "content_type",
            "uploaded_by",
            "uploaded_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, obj) -> str:
        return f"/api/v1/attachments/{obj.pk}/download/"


class AttachmentInputSerializer(serializers.Serializer):
    assessment = ScopedPrimaryKeyRelatedField(Assessment, required=False, help_text=TARGET_HELP)
    finding = ScopedPrimaryKeyRelatedField(Finding, required=False, help_text=TARGET_HELP)
    dialogue = ScopedPrimaryKeyRelatedField(Dialogue, required=False, help_text=TARGET_HELP)
    action = ScopedPrimaryKeyRelatedField(Action, required=False, help_text=TARGET_HELP)
    evaluation = ScopedPrimaryKeyRelatedField(Evaluation, required=False, help_text=TARGET_HELP)
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Attachment.Kind.choices, default=Attachment.Kind.OTHER)
    file = serializers.FileField(
        help_text=_("PDF, PNG, JPEG, HEIC, DOCX, XLSX or plain text, judged from the content.")
    )

    def validate(self, attrs):
        given = [name for name in TARGETS if attrs.get(name) is not None]
        if len(given) != 1:
            raise serializers.ValidationError({"non_field_errors": [TARGET_HELP]})
        return attrs


class AttachmentFilter(django_filters.FilterSet):
    assessment = django_filters.ModelChoiceFilter(queryset=lambda r: _visible(r, Assessment))
    finding = django_filters.ModelChoiceFilter(queryset=lambda r: _visible(r, Finding))
    dialogue = django_filters.ModelChoiceFilter(queryset=lambda r: _visible(r, Dialogue))
    action = django_filters.ModelChoiceFilter(queryset=lambda r: _visible(r, Action))
    evaluation = django_filters.ModelChoiceFilter(queryset=lambda r: _visible(r, Evaluation))
    kind = django_filters.MultipleChoiceFilter(choices=Attachment.Kind.choices)

    class Meta:
        model = Attachment
        fields = ["assessment", "finding", "dialogue", "action", "evaluation", "kind"]


def _visible(request, model):
    return access.visible(getattr(request, "user", None), model)


class AttachmentPermission(AccessPermission):
    """As every resource, except that deleting is open to any who may upload (their own
    attachments); which ones is the object's rule (`access.can(user, DELETE, attachment)`)."""

    def has_permission(self, request, view):
        if view.access_verb_for_request() == Verb.DELETE and request.user.is_authenticated:
            return access.may_ever(request.user, Verb.EDIT) or access.may_ever(
                request.user, Verb.DELETE
            )
        return super().has_permission(request, view)


DOWNLOAD_TYPES = sorted({*content.EXTENSIONS, content.JPEG})
REFUSALS = {
    403: OpenApiResponse(description="No role of the caller allows this, here or at all"),
    409: OpenApiResponse(Refusal, description="The APV is closed"),
}


@extend_schema_view(
    create=extend_schema(
        request={"multipart/form-data": AttachmentInputSerializer},
        responses={201: AttachmentSerializer, **REFUSALS},
        description="Upload a file to an object the caller may edit. Refused (400 on `file`): "
        "an empty file, one over the size limit, one too many on the object, or a type other "
        "than PDF, PNG, JPEG, HEIC, DOCX, XLSX or plain text (judged from the content). "
        "Photos are stored upright, as JPEG or PNG, without EXIF or GPS data.",
    ),
    destroy=extend_schema(
        description="Delete an attachment: its uploader or a coordinator; never in a closed APV.",
        responses={204: None, **REFUSALS},
    ),
)
class AttachmentViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Files on the APVs, findings, dialogues, actions and evaluations the caller may read; an
    attachment of a confidential finding is read only by the finding's readers."""

    model = Attachment
    serializer_class = AttachmentSerializer
    permission_classes = [AttachmentPermission]
    parser_classes = [MultiPartParser, FormParser]
    filterset_class = AttachmentFilter
    ordering_fields = ["uploaded_at", "title", "id"]
    ordering = ["-uploaded_at", "-id"]
    search_fields = ["title", "filename"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_serializer_class(self):
        return AttachmentInputSerializer if self.action == "create" else AttachmentSerializer

    def create(self, request, *args, **kwargs):
        self._check_target_permission(request)
        data = AttachmentInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = data.validated_data
        target = next(values[name] for name in TARGETS if values.get(name) is not None)
        with removed_on_rollback():
            attachment = services.attachment_add(
                by=request.user,
                obj=target,
                title=values["title"],
                kind=values["kind"],
                file=values["file"],
            )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    def _check_target_permission(self, request):
        """403 when the object is readable but not the caller's to change (before the input is
        validated, as for every resource); an unreadable one is left to the serializer (400)."""
        for name, model in MODELS.items():
            value = request.data.get(name) if hasattr(request.data, "get") else None
            if not isinstance(value, str | int) or not str(value).isdigit():
                continue
            target = access.visible(request.user, model).filter(pk=int(value)).first()
            if target is not None and not access.may_attach(request.user, target):
                raise PermissionDenied()

    def perform_content_negotiation(self, request, force=False):
        # A download answers with the file's own type whatever Accept asked for (an error is
        # JSON), instead of DRF's 406 for an Accept header no renderer of ours matches.
        return super().perform_content_negotiation(
            request, force=force or self.action == "download"
        )

    def perform_destroy(self, instance):
        services.attachment_delete(by=self.request.user, attachment=instance)

    @extend_schema(
        responses={
            **{(200, media): OpenApiTypes.BINARY for media in DOWNLOAD_TYPES},
        },
        description="The file, with its name in Content-Disposition and its stored type.",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="download",
        url_name="download",
    )
    def download(self, request, pk=None):
        return file_response(self.get_object())
