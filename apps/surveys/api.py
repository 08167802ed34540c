"""REST resources of surveys and sickness absence: `surveys/` (and their import), the
`survey-figures/` people may read, `sickness-absence/` (and its import), `survey-dimensions/`,
and an APV's `survey-proposals/`. Thin: the access module scopes, the services write."""

import django_filters
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from apps import access
from apps.access import Verb
from apps.api.schema import Refusal
from apps.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from apps.assessments import cycle
from apps.assessments.models import Assessment
from apps.core.tables import read_table
from apps.organisation.models import subtree_q
from apps.security.log import refused_lookup

from . import services
from .imports import plan_absence, plan_survey
from .models import SicknessAbsence, Survey, SurveyDimension, SurveyFigure
from .proposals import proposals_for
from .selectors import surveys_for


class SurveySerializer(serializers.ModelSerializer):
    class Meta:
        model = Survey
        fields = ["id", "name", "conducted_on", "imported_at"]


class ImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A CSV (UTF-8, comma or semicolon) or XLSX file.")


class ImportSummarySerializer(serializers.Serializer):
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    removed = serializers.IntegerField()
    unchanged = serializers.IntegerField()


IMPORT_RESPONSES = {
    201: ImportSummarySerializer,
    400: OpenApiResponse(
        description="The file was refused as a whole: `file` lists a message per row and column."
    ),
}


def _import(request, planner, store) -> Response:
    """Plan and store an uploaded file; the refusal (400) names every row and column."""
    data = ImportInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    rows = planner(read_table(data.validated_data["file"].read()), by=request.user)
    summary = store(rows, by=request.user)
    return Response(ImportSummarySerializer(summary).data, status=status.HTTP_201_CREATED)


class SurveyViewSet(mixins.DestroyModelMixin, ScopedReadOnlyViewSet):
    """The surveys with figures in the caller's scope; coordinators import and delete them."""

    model = Survey
    serializer_class = SurveySerializer
    ordering = ["-conducted_on", "-id"]
    search_fields = ["name"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema asks only for the model
            return Survey.objects.none()
        return surveys_for(self.request.user)

    def perform_destroy(self, instance):
        services.survey_delete(survey=instance, by=self.request.user)

    @extend_schema(
        request={"multipart/form-data": ImportInputSerializer}, responses=IMPORT_RESPONSES
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        access_verb=Verb.MANAGE,
        parser_classes=[MultiPartParser],
    )
    def import_file(self, request):
        """Import a survey export (columns: undersøgelse, dato, enhed, dimension, score,
        besvarelser); the same survey (name and date) imported again is replaced."""
        return _import(request, plan_survey, services.survey_import)


class SurveyFigureSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    factor_code = serializers.CharField(source="factor.code", read_only=True)

    class Meta:
        model = SurveyFigure
        fields = [
            "id",
            "survey",
            "unit",
            "unit_name",
            "factor",
            "factor_code",
            "score",
            "respondents",
            "higher_is_better",
        ]
        extra_kwargs = {
            "score": {"help_text": "The mean score 0-100 of the unit and every unit below it."},
            "respondents": {"help_text": "Respondents in the unit and every unit below it."},
        }


class SurveyFigureFilter(django_filters.FilterSet):
    within = django_filters.NumberFilter(
        method="filter_within", label="Only this unit and the units below it."
    )

    class Meta:
        model = SurveyFigure
        fields = ["survey", "unit", "factor"]

    def filter_within(self, queryset, name, value):
        unit = access.units_visible_to(self.request.user).filter(pk=value).first()
        return queryset.filter(subtree_q([unit.path], "unit__path")) if unit else queryset.none()


class SurveyFigureViewSet(ScopedReadOnlyViewSet):
    """What may be shown of the survey results: a figure per unit subtree and factor, only from
    APV_ANONYMITY_THRESHOLD respondents and never one that subtraction would reveal."""

    model = SurveyFigure
    serializer_class = SurveyFigureSerializer
    filterset_class = SurveyFigureFilter
    ordering_fields = ["score", "respondents", "id"]
    ordering = ["unit__path", "factor__name"]

    def get_queryset(self):
        if not getattr(self, "swagger_fake_view", False):  # the schema asks only for the model
            surveys_for(self.request.user)  # brings stale figures up to date first
        return super().get_queryset()


class SicknessAbsenceSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = SicknessAbsence
        fields = [
            "id",
            "unit",
            "unit_name",
            "period_start",
            "period_end",
            "days_per_fte",
            "municipality_average",
        ]


class SicknessAbsenceViewSet(mixins.DestroyModelMixin, ScopedReadOnlyViewSet):
    """Sickness absence per unit and period, beside the municipality's average."""

    model = SicknessAbsence
    serializer_class = SicknessAbsenceSerializer
    filterset_fields = ["unit"]
    ordering = ["unit__path", "-period_end"]

    def perform_destroy(self, instance):
        services.absence_delete(absence=instance, by=self.request.user)

    @extend_schema(
        request={"multipart/form-data": ImportInputSerializer}, responses=IMPORT_RESPONSES
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        access_verb=Verb.MANAGE,
        parser_classes=[MultiPartParser],
    )
    def import_file(self, request):
        """Import sickness absence (columns: enhed, fra, til, dage_pr_fuldtid and optionally
        kommunegennemsnit); a unit's figure for a period replaces the earlier one."""
        return _import(request, plan_absence, services.absence_import)


class SurveyDimensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SurveyDimension
        fields = ["id", "name", "factor", "higher_is_better"]


class SurveyDimensionViewSet(ScopedModelViewSet):
    """The survey tool's dimensions and the factors they measure (coordinators edit them)."""

    model = SurveyDimension
    serializer_class = SurveyDimensionSerializer
    edit_verb = Verb.MANAGE
    ordering = ["name"]

    def perform_create(self, serializer):
        serializer.instance = services.dimension_create(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.dimension_update(
            by=self.request.user, dimension=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.dimension_delete(by=self.request.user, dimension=instance)


class ProposalSerializer(serializers.Serializer):
    survey = serializers.IntegerField(source="survey.pk")
    factor = serializers.IntegerField(source="factor.pk")
    factor_name = serializers.CharField(source="factor.name")
    unit = serializers.IntegerField(
        source="unit.pk", help_text="Whose figure: the APV's unit, or the nearest unit above."
    )
    score = serializers.DecimalField(max_digits=4, decimal_places=1)
    previous = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    respondents = serializers.IntegerField()
    higher_is_better = serializers.BooleanField()
    weak = serializers.BooleanField()
    falling = serializers.BooleanField()
    title = serializers.CharField()
    description = serializers.CharField()


class ProposalKeySerializer(serializers.Serializer):
    survey = serializers.IntegerField()
    factor = serializers.IntegerField()


class DecideSerializer(serializers.Serializer):
    accept = ProposalKeySerializer(many=True, required=False, default=list)
    reject = ProposalKeySerializer(many=True, required=False, default=list)


class DecisionSerializer(serializers.Serializer):
    survey = serializers.IntegerField(source="survey_id")
    factor = serializers.IntegerField(source="factor_id")
    accepted = serializers.BooleanField()
    finding = serializers.IntegerField(source="finding_id", allow_null=True)


class SurveyProposalsView(APIView):
    """An APV's proposed findings from its unit's latest survey; accepted ones become findings
    with source `survey`, rejected ones are not proposed again."""

    def _assessment(self, request, pk) -> Assessment:
        assessment = access.assessments_visible_to(request.user).filter(pk=pk).first()
        if assessment is None:
            refused_lookup(Assessment, pk)
            raise Http404
        return assessment

    @extend_schema(responses={200: ProposalSerializer(many=True)})
    def get(self, request, pk):
        assessment = self._assessment(request, pk)
        proposals = [] if cycle.is_locked(assessment) else proposals_for(assessment)
        return Response(ProposalSerializer(proposals, many=True).data)

    @extend_schema(
        request=DecideSerializer,
        responses={
            201: DecisionSerializer(many=True),
            400: OpenApiResponse(description="Not a proposal of the APV (any longer)"),
            409: OpenApiResponse(Refusal, description="The APV is closed"),
        },
    )
    def post(self, request, pk):
        assessment = self._assessment(request, pk)
        if not access.can(request.user, Verb.EDIT, assessment):
            raise PermissionDenied()
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)

        def keys(name):
            return [(key["survey"], key["factor"]) for key in data.validated_data[name]]

        decisions = services.proposals_decide(
            assessment=assessment, by=request.user, accept=keys("accept"), reject=keys("reject")
        )
        return Response(DecisionSerializer(decisions, many=True).data, status=201)
