"""The MED dashboard page and the charting library it draws with.

The page is a shell: every number on it comes from the `dashboard/...` API endpoints (and
`organisation/`), read in the browser with the viewer's session, so the page can never show more
than the API allows.
"""

import json
from pathlib import Path

import plotly
from csp.decorators import csp_update
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from apps import access
from apps.reports.organisation import GAPS

# plotly.js as shipped inside the pinned `plotly` Python package: installed by pip, never
# committed, and no Node needed.
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

# plotly.js under the site's Content-Security-Policy (style-src 'self'): it styles its charts
# through the CSSOM, which the policy allows, but for three writes, allowed on this page only,
# each by the hash of exactly what it writes. Its own stylesheet starts as an empty <style>
# that it fills with insertRule; the map library bundled with it adds its stylesheet as a
# <style> when the bundle loads (we draw no maps); the heatmap's colour bar clears its cells
# with style="". A plotly upgrade that changes them fails tests/e2e/test_csp_browser.py.
EMPTY = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
MAPLIBRE_CSS = "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='"
PLOTLY_STYLES = {
    "style-src-elem": ["'self'", EMPTY, MAPLIBRE_CSS],
    "style-src-attr": ["'unsafe-hashes'", EMPTY],
}


@require_GET
@login_required(login_url="admin:login")
@csp_update(PLOTLY_STYLES)
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
        # The survey panel's note says how small a group is never shown on its own.
        "anonymity_threshold": settings.APV_ANONYMITY_THRESHOLD,
        # The panel of units without an APV says when an APV counts as standing still, and
        # names what a unit lacks as the organisation view does.
        "stalled_days": settings.APV_PHASE_STALLED_DAYS,
        "gap_labels": json.dumps(GAPS, ensure_ascii=False),
    }
    return render(request, "dashboard/index.html", context)


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def plotly_js(request):
    """Serve the bundled plotly.min.js of the installed package version."""
    return FileResponse(PLOTLY_JS.open("rb"), content_type="text/javascript; charset=utf-8")
