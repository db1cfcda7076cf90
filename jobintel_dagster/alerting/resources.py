"""Alert delivery as resources: Discord, e-mail (SMTP) and Apprise. Their URLs and passwords are
secrets: they come from environment variables (the UI shows the variables' names, not their values)
and are never logged or stored."""

import httpx
from dagster import ConfigurableResource

from jobintel_core.alerting.apprise_channel import AppriseChannel, split_urls
from jobintel_core.alerting.discord import DiscordChannel, DiscordWebhook, redact
from jobintel_core.alerting.messages import failure_message
from jobintel_core.alerting.smtp import EmailChannel, SmtpServer


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

    def channel(self, client: httpx.Client) -> DiscordChannel:
        return DiscordChannel(self.webhook(client))

    def run_url(self, run_id: str) -> str | None:
        return f"{self.webserver_url.rstrip('/')}/runs/{run_id}" if self.webserver_url else None

    def post_failure(self, subject: str, partition: str | None, error: str, run_id: str) -> None:
        """Post a failure alert for a step hook or a run sensor: the error redacted of the webhook
        URL, a link to the run. Raises ``AlertError`` when Discord refuses it; the caller logs it in
        its own words (an alert about a failure must not fail the run itself)."""
        message = failure_message(subject, partition, redact(error, [self.webhook_url]), self.run_url(run_id))
        with httpx.Client() as client:
            self.webhook(client).post(message)


class EmailResource(ConfigurableResource):
    """The e-mail digest's SMTP server. The password comes from ``JOBINTEL_SMTP_PASSWORD`` as an
    ``EnvVar`` (the UI shows the variable's name, not its value)."""

    host: str = ""  # empty: e-mail off
    port: int = 587
    security: str = "starttls"
    username: str = ""
    password: str = ""
    sender: str = ""

    @property
    def enabled(self) -> bool:
        return bool(self.host and self.sender)

    def channel(self, recipient: str) -> EmailChannel:
        server = SmtpServer(
            self.host,
            self.port,
            self.security,  # type: ignore[arg-type]
            self.sender,
            self.username,
            self.password,
        )
        return EmailChannel(server, recipient)


class AppriseResource(ConfigurableResource):
    """The Apprise URLs of the digest, from ``JOBINTEL_APPRISE_URLS`` as an ``EnvVar`` (secrets)."""

    urls: str = ""  # separated by spaces or new lines; empty: Apprise off

    @property
    def enabled(self) -> bool:
        return bool(split_urls(self.urls))

    def channel(self) -> AppriseChannel:
        return AppriseChannel(split_urls(self.urls))
