"""Discord delivery as a resource. The webhook URL is a secret: it comes from an environment
variable (the UI shows the variable's name, not its value) and is never logged or stored."""

import httpx
from dagster import ConfigurableResource

from jobintel_core.alerting.discord import DiscordWebhook


class DiscordResource(ConfigurableResource):
    webhook_url: str = ""  # empty: alerts are a no-op with one log line
    min_score: float = 70.0  # alert on new shortlist entries at or above this score
    always_summary: bool = False  # post a summary even when nothing is new
    insights_summary: bool = (
        False  # post each profile's weekly insights summary (JOBINTEL_INSIGHTS_TO_DISCORD)
    )
    webserver_url: str = ""  # DAGSTER_WEBSERVER_URL, for links to runs

    @property
    def enabled(self) -> bool:
        return bool(self.webhook_url)

    def webhook(self, client: httpx.Client) -> DiscordWebhook:
        return DiscordWebhook(self.webhook_url, client)

    def run_url(self, run_id: str) -> str | None:
        return f"{self.webserver_url.rstrip('/')}/runs/{run_id}" if self.webserver_url else None
