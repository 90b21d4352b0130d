"""Where stancemark keeps its files. Tests and users can move them with environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "stancemark"
SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


def data_dir() -> Path:
    """The data directory: $STANCEMARK_DATA_DIR, else the platform's user data dir."""
    return Path(os.environ.get("STANCEMARK_DATA_DIR") or platformdirs.user_data_dir(APP))


def config_dir() -> Path:
    """The config directory: $STANCEMARK_CONFIG_DIR, else the platform's user config dir."""
    return Path(os.environ.get("STANCEMARK_CONFIG_DIR") or platformdirs.user_config_dir(APP))


def state_dir() -> Path:
    """Where crash logs go: $STANCEMARK_STATE_DIR, else the platform's user state dir."""
    return Path(os.environ.get("STANCEMARK_STATE_DIR") or platformdirs.user_state_dir(APP))


def cache_dir() -> Path:
    """Derived data that can be recomputed (entities): $STANCEMARK_CACHE_DIR, else the
    platform's user cache dir."""
    return Path(os.environ.get("STANCEMARK_CACHE_DIR") or platformdirs.user_cache_dir(APP))


def default_db_path() -> Path:
    """The library database used when --db is not given."""
    return data_dir() / "library.json"


def default_config_path() -> Path:
    """The config file used when --config is not given."""
    return config_dir() / "config.toml"
