"""Development and first-run settings: SQLite and a broker that needs no server by default."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env("DEBUG", default=True)
VAR_DIR.mkdir(exist_ok=True)
