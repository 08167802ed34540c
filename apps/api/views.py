from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView


def not_found(request, exception=None):
    """A URL that matches nothing: JSON under /api/ (clients parse it), the usual page elsewhere."""
    if request.path.startswith("/api/"):
        response = Response({"detail": NotFound.default_detail}, status=404)
        response.accepted_renderer = APIView.renderer_classes[0]()
        response.accepted_media_type = "application/json"
        response.renderer_context = {}
        return response.render()
    from apps.core.views import page_not_found

    return page_not_found(request, exception)
