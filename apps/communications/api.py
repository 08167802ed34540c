"""Placeholder until the resource is written (issue 3)."""

from rest_framework import viewsets


class CommunicationViewSet(viewsets.ViewSet):
    def list(self, request):
        raise NotImplementedError
