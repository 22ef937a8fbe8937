"""The build configuration: defaults live here; a YAML file (``claimset.yaml``) only selects and overrides."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from builder.errors import ConfigError


class BuildConfig(BaseModel):
    """Everything a build reads. Relative paths are resolved against the config file's folder."""

    model_config = ConfigDict(extra="forbid")

    dataset_name: str = Field(default="claimset-de", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                              description="Name of the dataset; releases go to <releases>/<dataset_name>/<version>/.")
    input: Path = Field(default=Path("seeds"), description="Folder (or file) of articles: .txt, .jsonl, .html.")
    annotations: Path = Field(default=Path("annotations"), description="Folder of human annotations (<article_id>.yaml).")
    releases: Path = Field(default=Path("releases"), description="Folder that receives the releases.")
    languages: list[str] = Field(default=["de"], description="Languages kept; other articles are skipped with a reason.")
    max_file_bytes: int = Field(default=5_000_000, gt=0, description="Files larger than this are skipped.")
    clean: bool = Field(default=True, description="Remove boilerplate and redact personal data.")
    workers: int | None = Field(default=None, ge=1, description="Worker processes for cleaning and annotation (default: cores).")
    outlet: str | None = Field(default=None, description="Outlet name used when an article does not state one.")

    def resolved(self, base: Path) -> "BuildConfig":
        """A copy with every relative path made absolute against ``base``."""
        updates = {k: (base / getattr(self, k)).resolve() for k in ("input", "annotations", "releases")}
        return self.model_copy(update=updates)


def load_config(path: Path | None, overrides: dict | None = None) -> BuildConfig:
    """Read ``path`` (if given) over the defaults, then apply ``overrides``; paths resolve against the file's folder.

    Raises :class:`ConfigError` with one line naming the file and the problem.
    """
    data: dict = {}
    base = Path.cwd()
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ConfigError(f"{path}: cannot read config: {first}") from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"{path}: config must be a mapping of keys to values")
        data = loaded
        base = path.resolve().parent
    data.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        config = BuildConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path or 'config'}: {describe_validation_error(exc)}") from None
    return config.resolved(base)


def describe_validation_error(exc: ValidationError) -> str:
    """One line for the first problem pydantic found, naming the key."""
    err = exc.errors()[0]
    key = ".".join(str(p) for p in err["loc"]) or "(root)"
    if err["type"] == "extra_forbidden":
        return f"unknown config key '{key}'"
    return f"invalid value for '{key}': {err['msg']}"
