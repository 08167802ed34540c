"""Placeholder until the resource is written (issue 3)."""

from rest_framework import viewsets


class ActionViewSet(viewsets.ViewSet):
    def list(self, request):
        raise NotImplementedError


class EvaluationViewSet(viewsets.ViewSet):
    def list(self, request):
        raise NotImplementedError
