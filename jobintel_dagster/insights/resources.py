"""``AiResource``: the guarded AI client's settings; the API key is a secret passed as ``EnvVar``."""

import os

from dagster import ConfigurableResource, EnvVar

from jobintel_core.ai.guarded import AiSettings, GuardedChat
from jobintel_core.config.settings import AI_KEY_ENV, Settings
from jobintel_core.storage.objects import ObjectStore


class AiResource(ConfigurableResource):
    base_url: str = ""  # empty: AI off
    model: str = ""
    api_key: str = ""
    timeout_s: float = 30.0
    token_budget: int = 8000
    max_answer_tokens: int = 600

    def client(self, cache: ObjectStore) -> GuardedChat:
        """A client for one run: its token budget is spent across that run's requests."""
        return GuardedChat(
            AiSettings(
                base_url=self.base_url,
                model=self.model,
                api_key=self.api_key,
                timeout_s=self.timeout_s,
                token_budget=self.token_budget,
                max_answer_tokens=self.max_answer_tokens,
            ),
            cache=cache,
        )


def ai_resource(settings: Settings, max_answer_tokens: int = 600) -> AiResource:
    """The configured endpoint; the API key passed as ``EnvVar`` so Dagster shows the variable's
    name, never its value."""
    return AiResource(
        base_url=settings.ai_url,
        model=settings.ai_model,
        timeout_s=settings.ai_timeout_s,
        token_budget=settings.ai_token_budget,
        max_answer_tokens=max_answer_tokens,
        api_key=EnvVar(AI_KEY_ENV) if os.environ.get(AI_KEY_ENV) else "",
    )
