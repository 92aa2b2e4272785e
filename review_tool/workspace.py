"""Where things live: the workspace root, its config, glossary, locales and cache.

A workspace is a folder holding ``glossary/``, ``locales/`` or ``review-tool.toml`` (this
repository is one). As git finds its repository from the files it is given, a command finds
the workspace of each FILE: the nearest parent of the file that is one (``check
../proj/doc.fr.txt`` uses ../proj's glossary whatever the current folder), else the nearest
parent of the current folder; ``--workspace DIR`` overrides both.

Who writes (``Last-Translator``) is a person, never the tool: ``$REVIEW_TOOL_TRANSLATOR``,
else ``[user]`` in ``review-tool.toml``, else git's ``user.name``/``user.email``, else the
login name. A name with a control character (a newline would add a header line) is refused.
"""

from __future__ import annotations

import getpass
import os
import subprocess
import tomllib
import unicodedata
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

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    def review_setting(self, key: str, default: bool) -> bool:
        """A true/false setting of the review screen (``[review]`` in the config)."""
        table = self.config.get("review", {})
        value = table.get(key, default) if isinstance(table, dict) else default
        if not isinstance(value, bool):
            line = _config_line(self.config_path, "review", key)
            raise InputError(self.config_path, line, f"[review] {key} must be true or false")
        return value

    def translator(self) -> str:
        """``Last-Translator``: $REVIEW_TOOL_TRANSLATOR, else ``[user]`` name and email in
        the config, else git's user.name and user.email, else the login name."""
        env = os.environ.get("REVIEW_TOOL_TRANSLATOR", "").strip()
        if env:
            return _single_line(env, "REVIEW_TOOL_TRANSLATOR", None, "$REVIEW_TOOL_TRANSLATOR")
        user = self.config.get("user", {})
        if isinstance(user, dict) and user.get("name"):
            where = self.config_path
            name = _single_line(
                str(user["name"]), where, _config_line(where, "user", "name"), "[user] name"
            )
            email = user.get("email")
            if email:
                line = _config_line(where, "user", "email")
                email = _single_line(str(email), where, line, "[user] email")
                return f"{name} <{email}>"
            return name
        git = git_identity(self.root)
        if git is not None:
            return git
        return login_name()

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


def open_workspace(
    explicit: str | os.PathLike[str] | None = None, for_path: str | os.PathLike[str] | None = None
) -> Workspace:
    """The workspace ``--workspace`` names, else the one of ``for_path`` (the nearest parent
    of that file or folder that is a workspace), else the current folder's."""
    if explicit is not None:
        root = Path(explicit)
        if not root.is_dir():
            raise InputError(root, None, "workspace is not a folder")
    else:
        root = workspace_root(for_path)
    return _load(root)


def workspace_root(for_path: str | os.PathLike[str] | None = None) -> Path:
    """The nearest workspace above ``for_path`` (a file or folder), else above the current
    folder, else the current folder."""
    if for_path is not None:
        start = Path(for_path)
        found = find_root(start if start.is_dir() else start.parent)
        if found is not None:
            return found
    return find_root(Path.cwd()) or Path.cwd()


def group_by_workspace(
    paths: list[Path], explicit: str | os.PathLike[str] | None = None
) -> list[tuple[Workspace, list[Path]]]:
    """The files of one command, grouped by the workspace each belongs to (in the order the
    workspaces first appear), so a check over a monorepo uses each project's glossary."""
    if explicit is not None:
        return [(open_workspace(explicit), list(paths))]
    groups: dict[Path, list[Path]] = {}
    for path in paths:
        groups.setdefault(workspace_root(path), []).append(path)
    return [(_load(root), files) for root, files in groups.items()]


def _load(root: Path) -> Workspace:
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


def _single_line(value: str, where: str | Path, line: int | None, what: str) -> str:
    """``value`` if it holds no control character (a newline in a header value would write
    a second header line); else the one-line error naming where it came from."""
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            raise InputError(
                where, line, f"{what} holds a control character (U+{ord(ch):04X}): give one line"
            )
    return value.strip()


def _config_line(path: Path, table: str, key: str) -> int | None:
    """The line of ``key`` in ``[table]`` of a TOML file (for error messages)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    current = ""
    for n, raw in enumerate(lines, 1):
        text = raw.strip()
        if text.startswith("[") and text.endswith("]"):
            current = text.strip("[] ")
        elif current == table and text.split("=", 1)[0].strip() == key:
            return n
    return None


def _git_config(root: Path, key: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "config", "--get", key],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip() if done.returncode == 0 else ""
    return value or None


def git_identity(root: Path) -> str | None:
    """``Name <email>`` as git would sign a commit in ``root`` ($GIT_AUTHOR_NAME and
    $GIT_AUTHOR_EMAIL first, then ``git config``); None without a git user.name."""
    name = os.environ.get("GIT_AUTHOR_NAME", "").strip() or _git_config(root, "user.name")
    if not name:
        return None
    email = os.environ.get("GIT_AUTHOR_EMAIL", "").strip() or _git_config(root, "user.email")
    name = _single_line(name, root, None, "git user.name")
    if email:
        email = _single_line(email, root, None, "git user.email")
        return f"{name} <{email}>"
    return name


def login_name() -> str:
    """The login name ($LOGNAME, $USER, … then the password database)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return f"uid {os.getuid()}"
