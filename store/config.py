"""The user's configuration (TOML): the stance scheme, the spaCy model, entity colours."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from stancemark.store.paths import default_config_path


class ConfigError(Exception):
    """The config file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class StanceLabel:
    """One stance: the key that tags it, its name and its colour (any Rich colour)."""

    key: str
    name: str
    color: str


@dataclass(frozen=True)
class Scheme:
    """A named set of stance labels."""

    name: str
    labels: tuple[StanceLabel, ...]

    def by_key(self, key: str) -> StanceLabel | None:
        """The label tagged by ``key``."""
        return next((label for label in self.labels if label.key == key), None)

    def color(self, stance: str) -> str:
        """The colour of a stance name (grey for stances the scheme does not know)."""
        return next((label.color for label in self.labels if label.name == stance), "grey50")

    def to_doc(self) -> dict:
        """JSON-able form, as recorded in exports."""
        return {"name": self.name, "labels": [asdict(label) for label in self.labels]}


DEFAULT_SCHEME = Scheme("default", (
    StanceLabel("1", "favor", "green"),
    StanceLabel("2", "against", "red"),
    StanceLabel("3", "neutral", "bright_blue"),
    StanceLabel("4", "uncertain", "yellow"),
))
EXAMPLE = """\
# stancemark configuration
model = "en_core_web_sm"          # any installed spaCy pipeline with ner

[scheme]
name = "my-scheme"
labels = [
  { key = "1", name = "favor",   color = "green" },
  { key = "2", name = "against", color = "red" },
]

[entities]
colors = { PERSON = "#ff8800", GPE = "bright_blue" }  # instead of the legend's colours
"""


@dataclass(frozen=True)
class Config:
    """Settings from the config file, with defaults for what it leaves out."""

    scheme: Scheme = DEFAULT_SCHEME
    model: str | None = None
    entity_colors: dict[str, str] = field(default_factory=dict)  # label -> colour


def _check_color(color: str, fail) -> None:
    from rich.color import Color, ColorParseError  # only a config that names colours needs it

    try:
        Color.parse(color)
    except ColorParseError:
        raise fail(f"color {color!r} is not a colour: use a name such as \"red\" or "
                   "\"bright_blue\", \"#ff8800\", \"rgb(255,136,0)\" or \"color(208)\"") from None


def _entity_colors(raw: object, path: Path) -> dict[str, str]:
    def fail(why: str) -> ConfigError:
        return ConfigError(f"{path}: [entities] {why}. Example:\n{EXAMPLE}")

    colors = raw.get("colors", {}) if isinstance(raw, dict) else None
    if not isinstance(colors, dict):
        raise fail("`colors` must be a table of label = colour")
    for label, color in colors.items():
        if not isinstance(color, str):
            raise fail(f"the colour of {label} must be a string")
        _check_color(color, lambda why: fail(f"{label}: {why}"))
    return dict(colors)


def _scheme(raw: object, path: Path) -> Scheme:
    def fail(why: str) -> ConfigError:
        return ConfigError(f"{path}: [scheme] {why}. Example:\n{EXAMPLE}")

    if not isinstance(raw, dict) or not isinstance(raw.get("labels"), list) or not raw["labels"]:
        raise fail("needs a non-empty `labels` list")
    labels, keys = [], set()
    for item in raw["labels"]:
        if not isinstance(item, dict) or not {"key", "name"} <= item.keys():
            raise fail(f"label {item!r} needs `key` and `name` (and may have `color`)")
        key = str(item["key"])
        if len(key) != 1 or not key.isdigit() or key == "0":
            raise fail(f"key {key!r} of {item['name']!r} must be one digit 1-9")
        if key in keys:
            raise fail(f"key {key!r} is used twice")
        keys.add(key)
        color = str(item.get("color", "white"))
        _check_color(color, lambda why: fail(f"{why} ({item['name']!r})"))
        labels.append(StanceLabel(key, str(item["name"]), color))
    return Scheme(str(raw.get("name", "custom")), tuple(labels))


def load_config(path: Path | None = None) -> Config:
    """Read the config at ``path`` (default location when None; a missing default is fine)."""
    explicit = path is not None
    path = path or default_config_path()
    if not path.exists():
        if explicit:
            raise ConfigError(f"{path}: no such config file. Create it, e.g.:\n{EXAMPLE}")
        return Config()
    import tomllib  # only when there is a file to read: not part of every start-up

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    scheme = _scheme(raw["scheme"], path) if "scheme" in raw else DEFAULT_SCHEME
    model = raw.get("model")
    if model is not None and not isinstance(model, str):
        raise ConfigError(f"{path}: `model` must be a string such as \"en_core_web_sm\"")
    colors = _entity_colors(raw["entities"], path) if "entities" in raw else {}
    return Config(scheme=scheme, model=model, entity_colors=colors)
