"""``AiResource``: the guarded AI client's settings; the API key is a secret passed as ``EnvVar``."""

from dagster import ConfigurableResource

from jobintel_core.ai.guarded import AiSettings, GuardedChat
from jobintel_core.storage.objects import ObjectStore


class AiResource(ConfigurableResource):
    base_url: str = ""  # empty: AI off
    model: str = ""
    api_key: str = ""
    timeout_s: float = 30.0
    token_budget: int = 8000

    def client(self, cache: ObjectStore) -> GuardedChat:
        """A client for one run: its token budget is spent across that run's requests."""
        return GuardedChat(
            AiSettings(
                base_url=self.base_url,
                model=self.model,
                api_key=self.api_key,
                timeout_s=self.timeout_s,
                token_budget=self.token_budget,
            ),
            cache=cache,
        )
