"""The mixed read workload of the benchmark's concurrent clients: the lists and dashboards a
team's AMR, an area's MED member and the root coordinator read, with their tokens
(BENCH_TOKENS, comma-separated). Loopback only; bounded in time by the command line."""

import os
import random

from locust import HttpUser, between, task

TOKENS = os.environ["BENCH_TOKENS"].split(",")
PAGES = [
    "/api/v1/findings/?page_size=50",
    "/api/v1/actions/?page_size=50",
    "/api/v1/actions/?overdue=true",
    "/api/v1/assessments/?page_size=50",
    "/api/v1/dashboard/summary/",
    "/api/v1/dashboard/overdue/",
    "/api/v1/dashboard/units/",
    "/api/v1/me/",
]


class Reader(HttpUser):
    wait_time = between(0, 0.05)

    @task
    def read(self):
        # A person and a page drawn for every request: one client and twenty read the same mix
        # (a client keeping one person would make one client's rate depend on who it drew).
        page = random.choice(PAGES)
        token = random.choice(TOKENS)
        self.client.get(page, name=page.split("?")[0], headers={"Authorization": f"Token {token}"})
