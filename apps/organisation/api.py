"""Placeholder until the resource is written (issue 3)."""

from rest_framework import viewsets


class RoleAssignmentViewSet(viewsets.ViewSet):
    def list(self, request):
        raise NotImplementedError


class UnitViewSet(viewsets.ViewSet):
    def list(self, request):
        raise NotImplementedError


class UserViewSet(viewsets.ViewSet):
    def list(self, request):
        raise NotImplementedError


class MeView(viewsets.ViewSet):
    pass
