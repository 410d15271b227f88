"""The Telegram channel (aiogram 3): updates in, the engine's replies out; no dialog logic."""
