"""Attachments in the admin: listed and added on the page of their object (inlines, through
the service), a list of every attachment the person may read, and the download, which asks the
access module like every page. No file has a URL of its own."""

from __future__ import annotations

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps import access
from apps.access import Verb
from apps.assessments import cycle
from apps.core.admin import ScopedAdmin, ScopedInlineMixin, save_formset_through

from . import services
from .downloads import file_response
from .models import Attachment, assessment_of
from .storage import removed_on_rollback


def download_link(attachment: Attachment):
    if not attachment.pk:
        return "–"
    url = reverse("admin:attachments_attachment_download", args=[attachment.pk])
    return format_html('<a href="{}">{}</a>', url, attachment.filename)


class AttachmentInline(ScopedInlineMixin, admin.TabularInline):
    """The object's attachments, each with its download; the uploader or a coordinator may
    delete one (the service decides; it says so when it refuses)."""

    model = Attachment
    verbose_name_plural = _("attachments")
    fields = ("title", "kind", "download", "size_display", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("file"))
    def download(self, obj):
        return download_link(obj)

    @admin.display(description=_("size"))
    def size_display(self, obj):
        return filesizeformat(obj.size) if obj.pk else "–"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is not None and _may_attach(request, obj)


class AttachmentUploadInline(ScopedInlineMixin, admin.TabularInline):
    """New attachments: a title, a kind and the file, stored through the service."""

    model = Attachment
    verbose_name = _("new attachment")
    verbose_name_plural = _("add attachments")
    add_another_label = _("Add another attachment")
    fields = ("title", "kind", "file")
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return Attachment.objects.none()

    def has_add_permission(self, request, obj=None):
        return obj is not None and _may_attach(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


ATTACHMENT_INLINES = (AttachmentInline, AttachmentUploadInline)


def _may_attach(request, obj) -> bool:
    return not cycle.is_locked(assessment_of(obj)) and access.may_attach(request.user, obj)


class AttachmentsMixin:
    """For the admin of an object that takes attachments: its attachment inlines are saved
    through the services, and a save that fails removes the files it stored."""

    def _changeform_view(self, request, object_id, form_url, extra_context):
        # Inside the admin's transaction, outside the refusal handling of ScopedAdmin: a
        # refusal anywhere on the page rolls back the attachments saved before it, files too.
        with removed_on_rollback():
            return super()._changeform_view(request, object_id, form_url, extra_context)

    def get_inline_instances(self, request, obj=None):
        # The list of attachments only where there are some: an empty table is noise, and on
        # a phone a region that scrolls with nothing in it to focus.
        instances = super().get_inline_instances(request, obj)
        if (
            obj is None
            or not access.visible(request.user, Attachment)
            .filter(**{type(obj)._meta.model_name: obj})
            .exists()
        ):
            instances = [i for i in instances if not isinstance(i, AttachmentInline)]
        return instances

    def save_formset(self, request, form, formset, change):
        if formset.model is not Attachment:
            return super().save_formset(request, form, formset, change)

        def save_one(inline_form):
            data = inline_form.cleaned_data
            return services.attachment_add(
                by=request.user,
                obj=form.instance,
                title=data["title"],
                kind=data["kind"],
                file=data["file"],
            )

        def delete_one(attachment):
            services.attachment_delete(
                by=request.user, attachment=Attachment.objects.get(pk=attachment.pk)
            )

        save_formset_through(formset, save_one, delete_one)


@admin.register(Attachment)
class AttachmentAdmin(ScopedAdmin):
    """Every attachment the person may read; added on its object's page."""

    list_display = ("title", "kind", "belongs_to", "download", "uploaded_by", "uploaded_at")
    list_filter = ("kind", "content_type")
    search_fields = ("title", "filename")
    date_hierarchy = None
    fields = (
        "title",
        "kind",
        "belongs_to",
        "download",
        "size",
        "content_type",
        "uploaded_by",
        "uploaded_at",
    )
    readonly_fields = fields
    list_select_related = ("uploaded_by",)

    @admin.display(description=_("belongs to"))
    def belongs_to(self, obj):
        target = obj.target
        # Read through the access module: the attachment is readable, so its object is.
        label = access.label(self._viewer, target, readable=True)
        model = target._meta
        url = reverse(f"admin:{model.app_label}_{model.model_name}_change", args=[target.pk])
        return format_html('{}: <a href="{}">{}</a>', model.verbose_name, url, label)

    @admin.display(description=_("file"))
    def download(self, obj):
        return download_link(obj)

    def get_queryset(self, request):
        self._viewer = request.user
        return (
            super()
            .get_queryset(request)
            .select_related(
                "assessment__unit",
                "finding",
                "dialogue",
                "action__finding",
                "evaluation__action",
            )
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return access.may_ever(request.user, Verb.EDIT)
        return not cycle.is_locked(assessment_of(obj.target)) and access.can(
            request.user, Verb.DELETE, obj
        )

    def delete_with_service(self, request, obj):
        services.attachment_delete(by=request.user, attachment=obj)

    def get_urls(self):
        download = path(
            "<int:object_id>/download/",
            self.admin_site.admin_view(self.download_view),
            name="attachments_attachment_download",
        )
        walkround = path(
            "walkround/",
            self.admin_site.admin_view(self.walkround_view),
            name="attachments_attachment_walkround",
        )
        return [download, walkround, *super().get_urls()]

    def walkround_view(self, request):
        from .walkround import walkround_view

        return walkround_view(request, self.admin_site)

    def download_view(self, request, object_id):
        """The file, to whoever may read its object; 404 to anyone else."""
        return file_response(self._readable(request, object_id))

    def delete_view(self, request, object_id, extra_context=None):
        with removed_on_rollback():
            return super().delete_view(request, object_id, extra_context)
