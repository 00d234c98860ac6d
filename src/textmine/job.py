"""The periodic job: scrape the configured sources, then process and index what is new.

Made for cron and systemd timers: one lock per corpus so runs never overlap, a log
file, and exit codes that mean something (:data:`EXIT_CODES`).

A job file is TOML::

    [job]
    db = "/var/lib/textmine/corpus.db"
    sources = ["botkyrka", "huddinge", "sh"]   # default: every shipped source
    log_file = "/var/log/textmine/job.log"     # default: DB.log beside the corpus
    stages = ["stories", "roles", "themes", "index"]   # default: all

    [http]                                     # any settings section overrides the defaults
    contact = "mailto:analys@example.se"

>>> report = run_job("job.toml")  # doctest: +SKIP
>>> report.exit_code  # doctest: +SKIP
0
"""

from __future__ import annotations

import os
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .build import STAGES, BuildReport, build
from .config import Settings, load_settings
from .errors import ConfigError, LockedError, TextmineError
from .scrape.lock import job_lock

__all__ = ["JobConfig", "JobReport", "read_job_config", "run_job", "EXIT_CODES"]

#: What the exit code of ``textmine run-job`` means.
EXIT_CODES = {
    0: "every source and stage succeeded",
    1: "a source failed as a whole, or a stage failed (see the log)",
    2: "the job file or an argument is wrong",
    75: "another run holds the lock (try again later)",
}


@dataclass(frozen=True)
class JobConfig:
    path: Path
    db: Path
    sources: tuple[str, ...]
    log_file: Path
    stages: tuple[str, ...]
    settings: Settings


@dataclass
class JobReport:
    config: JobConfig
    scrape: Any = None
    build: BuildReport | None = None
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 1
        if self.scrape is not None and not self.scrape.ok:
            return 1
        return 0


def read_job_config(path: str | Path) -> JobConfig:
    """Read and check a job file; relative paths are taken from the file's folder."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such job file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a valid TOML file: {exc}") from None
    job = data.pop("job", None)
    if not isinstance(job, dict) or not job.get("db"):
        raise ConfigError(f"{path}: needs a [job] table with db = \"PATH\"")
    base = path.resolve().parent
    db = (base / str(job["db"])).resolve()
    sources = job.get("sources", [])
    stages = job.get("stages", [name for name, _ in STAGES])
    for name, value in (("sources", sources), ("stages", stages)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: [job] {name} must be a list of names")
    unknown = set(stages) - {name for name, _ in STAGES}
    if unknown:
        raise ConfigError(f"{path}: unknown stage(s) {', '.join(sorted(unknown))}",
                          hint=f"stages are {', '.join(n for n, _ in STAGES)}")
    log_file = (base / str(job["log_file"])).resolve() if job.get("log_file") else Path(f"{db}.log")
    settings = load_settings(overrides=data)
    return JobConfig(path, db, tuple(sources), log_file, tuple(stages), settings)


def run_job(
    config: str | Path | JobConfig,
    *,
    progress: Callable[[str, int | None], Any] | None = None,
    log: Callable[[str], None] | None = None,
) -> JobReport:
    """Scrape the job's sources into its corpus, then run its stages over what changed.

    Raises :class:`LockedError` when another run of a job on the same corpus is under
    way. A failing source or stage is recorded in the report (and ``log``) and the
    job goes on with the rest.
    """
    from .scrape.job import scrape

    cfg = config if isinstance(config, JobConfig) else read_job_config(config)
    say = log or (lambda message: None)
    report = JobReport(cfg)
    started = time.perf_counter()
    if not cfg.db.parent.is_dir():
        raise ConfigError(f"{cfg.path}: the folder of db ({cfg.db.parent}) does not exist")
    with job_lock(f"{cfg.db}.job"):
        say(f"job {cfg.path} started (pid {os.getpid()}) on {cfg.db}")
        try:
            report.scrape = scrape(
                cfg.db, list(cfg.sources), settings=cfg.settings, progress=progress,
                on_source=lambda r: say(_source_line(r)),
            )
        except LockedError:
            raise
        except TextmineError as exc:
            report.errors.append(f"scrape: {exc}")
            say(f"scrape failed: {exc}")
        try:
            report.build = build(
                cfg.db, stages=list(cfg.stages), settings=cfg.settings, progress=progress,
                on_stage=lambda r: say(
                    f"{r.name}: "
                    + ", ".join(f"{k} {v}" for k, v in r.summary.items()
                                if isinstance(v, (int, float, str)))
                    + f" ({r.seconds:.1f} s)"
                ),
            )
        except TextmineError as exc:
            report.errors.append(f"stages: {exc}")
            say(f"stages failed: {exc}")
    report.seconds = time.perf_counter() - started
    say(f"job finished in {report.seconds:.1f} s with exit code {report.exit_code}")
    return report


def _source_line(result: Any) -> str:
    if result.error:
        return f"source {result.name}: FAILED: {result.error}"
    return (f"source {result.name}: new {result.new}, changed {result.changed}, "
            f"unchanged {result.unchanged}, failed {result.failed}")
