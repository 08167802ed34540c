"""The MED dashboard page and the charting library it draws with.

The page is a shell: every number on it comes from the `dashboard/...` API endpoints, read in
the browser with the viewer's session, so the page can never show more than the API allows.
"""

from pathlib import Path

import plotly
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from apps import access

# plotly.js as shipped inside the pinned `plotly` Python package: installed by pip, never
# committed, and no Node needed.
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@require_GET
@login_required(login_url="admin:login")
def dashboard(request):
    """The MED committee's overview; the unit picker lists the units the viewer may read."""
    units = list(access.units_visible_to(request.user).order_by("path"))
    top = min((u.path.count("/") for u in units), default=0)
    # Indented by depth below the viewer's topmost unit, so the picker reads as the tree.
    choices = [(u.pk, "\u00a0\u00a0" * (u.path.count("/") - top) + u.name) for u in units]
    context = {
        "units": choices,
        "plotly_version": plotly.__version__,
        # A wall screen in a MED room: one 1080p screen, refreshing itself.
        "wall": request.GET.get("wall") == "1",
    }
    return render(request, "dashboard/index.html", context)


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def plotly_js(request):
    """Serve the bundled plotly.min.js of the installed package version."""
    return FileResponse(PLOTLY_JS.open("rb"), content_type="text/javascript; charset=utf-8")
