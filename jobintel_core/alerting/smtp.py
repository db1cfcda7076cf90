"""The digest by e-mail, with the standard library's SMTP client: plain text only (job boards' text
is untrusted and stays text), STARTTLS or implicit TLS, a login whose password is never put in an
error or a log line."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Literal

from jobintel_core.alerting.channels import Digest
from jobintel_core.alerting.discord import AlertError


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    security: Literal["starttls", "ssl", "none"]
    sender: str
    username: str = ""
    password: str = field(default="", repr=False)
    timeout: float = 30.0

    def connect(self) -> smtplib.SMTP:
        if self.security == "ssl":
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            client.starttls(context=ssl.create_default_context())
        return client


@dataclass(frozen=True)
class EmailChannel:
    """One profile's digest as one e-mail to the profile's address."""

    server: SmtpServer
    recipient: str
    name: Literal["email"] = "email"

    def message(self, digest: Digest) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = digest.headline()
        message["From"] = self.server.sender
        message["To"] = self.recipient
        message["Message-ID"] = make_msgid(domain=self.server.sender.rpartition("@")[2] or None)
        message.set_content("\n".join([digest.headline(), "", *digest.plain_lines()]) + "\n")
        return message

    def send(self, digest: Digest) -> int:
        message = self.message(digest)
        try:
            with self.server.connect() as client:
                if self.server.username:
                    client.login(self.server.username, self.server.password)
                client.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            # The exception's text may echo the server's reply; only its kind is reported.
            raise AlertError(
                f"SMTP server {self.server.host}:{self.server.port} did not take the digest: "
                f"{type(exc).__name__}"
            ) from None
        return 1
