"""A loopback SMTP server (aiosmtpd) standing in for a mail relay: requires a login, records messages."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class FakeSmtp:
    user = "digest"
    password = "smtp-Pa55-do-not-leak"

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.failed_logins = 0
        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope) -> str:
                outer.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 Message accepted"

        def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
            ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
                self.user.encode(),
                self.password.encode(),
            )
            self.failed_logins += not ok
            return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535

        self.port = _free_port()
        self.controller = Controller(
            Handler(),
            hostname="127.0.0.1",
            port=self.port,
            authenticator=authenticate,
            auth_required=True,
            auth_require_tls=False,  # loopback only: the test server has no certificate
        )

    def start(self) -> FakeSmtp:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def env(self) -> dict[str, str]:
        """The JOBINTEL_SMTP_* variables pointing at this server."""
        return {
            "JOBINTEL_SMTP_HOST": "127.0.0.1",
            "JOBINTEL_SMTP_PORT": str(self.port),
            "JOBINTEL_SMTP_SECURITY": "none",
            "JOBINTEL_SMTP_USER": self.user,
            "JOBINTEL_SMTP_PASSWORD": self.password,
            "JOBINTEL_SMTP_FROM": "jobintel@example.org",
        }
