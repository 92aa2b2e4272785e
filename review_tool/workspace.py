"""Where things live: the workspace root, its config, glossary, locales and cache.

A workspace is a folder holding ``glossary/`` and/or ``locales/`` (this repository is one).
Commands use ``--workspace DIR`` or the nearest parent of the current folder that is one.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from review_tool.errors import InputError

CONFIG_NAME = "review-tool.toml"
MARKERS = ("glossary", "locales", CONFIG_NAME)


@dataclass
class Workspace:
    root: Path
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def glossary_dir(self) -> Path:
        return self.root / "glossary"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def cache_path(self) -> Path:
        return self.root / ".review_tool" / "cache.sqlite"

    def po_path(self, doc_name: str, lang: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{doc_name}.po"

    def default_glossaries(self) -> list[Path]:
        return [self.glossary_dir] if self.glossary_dir.is_dir() else []

    def engines_table(self) -> dict[str, Any]:
        table = self.config.get("engines", {})
        return table if isinstance(table, dict) else {}

    def translator(self) -> str:
        """``Last-Translator``: $REVIEW_TOOL_TRANSLATOR, else [user] in the config, else env."""
        env = os.environ.get("REVIEW_TOOL_TRANSLATOR")
        if env:
            return env
        user = self.config.get("user", {})
        if isinstance(user, dict) and user.get("name"):
            email = user.get("email")
            return f"{user['name']} <{email}>" if email else str(user["name"])
        name = os.environ.get("GIT_AUTHOR_NAME") or os.environ.get("USER") or "review_tool"
        email = os.environ.get("GIT_AUTHOR_EMAIL")
        return f"{name} <{email}>" if email else name

    def relative(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def find_root(start: Path) -> Path | None:
    start = start.resolve()
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in MARKERS):
            return folder
    return None


def open_workspace(explicit: str | os.PathLike[str] | None = None) -> Workspace:
    if explicit is not None:
        root = Path(explicit)
        if not root.is_dir():
            raise InputError(root, None, "workspace is not a folder")
    else:
        root = find_root(Path.cwd()) or Path.cwd()
    config: dict[str, Any] = {}
    config_path = root / CONFIG_NAME
    if config_path.is_file():
        try:
            config = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            line = getattr(exc, "lineno", None)
            raise InputError(config_path, line, f"invalid TOML: {exc}") from None
        except UnicodeDecodeError:
            raise InputError(config_path, None, "invalid UTF-8") from None
        except OSError as exc:  # unreadable: permissions, I/O error
            raise InputError(config_path, None, f"cannot read: {exc.strerror or exc}") from None
    elif config_path.exists():  # a folder or a pipe of that name: not a config we can read
        raise InputError(config_path, None, "cannot read: not a regular file")
    return Workspace(root, config)
