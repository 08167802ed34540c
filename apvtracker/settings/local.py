"""Development and first-run settings: SQLite and a broker that needs no server by default."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env("DEBUG", default=True)
VAR_DIR.mkdir(exist_ok=True)
# runserver serves static files itself in development.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]  # noqa: F405
