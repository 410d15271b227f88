"""The one settings object: environment variables (prefix ``SLOTCHAT_``) or ``.env``."""

from __future__ import annotations

from functools import cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.channels.web.safety import DEFAULT_ALLOWED_ORIGINS

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./slotchat.db"


class Settings(BaseSettings):
    """Deployment settings; every field can be set as ``SLOTCHAT_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="SLOTCHAT_", env_file=".env", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    db_pool_size: int = 10
    host: str = "127.0.0.1"
    port: int = 8000
    telegram_token: str | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_webhook_url: str | None = None
    secret_key: str | None = None
    rasa_url: str | None = None
    # Pages that may open a business's web chat: business id (or "*") -> origins,
    # e.g. '{"ausra-vilnius": ["https://ausra.lt"]}'; a port "*" allows any port.
    web_allowed_origins: dict[str, list[str]] = Field(
        default_factory=lambda: dict(DEFAULT_ALLOWED_ORIGINS)
    )


@cache
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()
