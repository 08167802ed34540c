"""Placeholder until the resource is written (issue 3)."""

from rest_framework import viewsets


class DialogueViewSet(viewsets.ViewSet):
    def list(self, request):
        raise NotImplementedError


class FindingViewSet(viewsets.ViewSet):
    def list(self, request):
        raise NotImplementedError
