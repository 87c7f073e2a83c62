"""The warehouse resource: generation settings and the PostgreSQL connection."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache

import dagster as dg

from saas_datagen.defs import builds
from saas_datagen.defs.partitions import partition_of
from saas_datagen.errors import UserFacingError
from saas_datagen.generators.context import GenerationContext
from saas_datagen.warehouse import server, versions
from saas_datagen.warehouse.append import AppendPlan, plan_append

DEFAULT_SEED = 42
AS_OF_TAG = "saas_datagen/as_of"
# A run's story, when the nightly schedule advances a cut (defs/schedules.py): the resource's
# own values, where set, come first.
SEED_TAG = "saas_datagen/seed"
STORY_END_TAG = "saas_datagen/story_end"
ANCHOR_TAG = "saas_datagen/anchor"
APPEND_TAG = "saas_datagen/append"


def parse_as_of(value: str) -> date:
    if not value:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserFacingError(f"as_of must be a date like 2026-11-22, got {value!r}") from None


@cache
def _context(
    seed: int,
    env: str,
    as_of: date,
    inject_anomalies: bool,
    story_end: date | None = None,
    anchor: date | None = None,
) -> GenerationContext:
    # One context per (seed, env, as_of ...) per process, so parent frames are generated once.
    return GenerationContext(
        seed=seed,
        env=env,
        as_of=as_of,
        inject_anomalies=inject_anomalies,
        story_end=story_end,
        anchor=anchor,
    )


@dataclass(frozen=True)
class BuildTarget:
    """What one step of a build works on: settled once per run, passed down as a value."""

    env: str
    url: str  # the environment's database
    build: versions.Build
    generation: GenerationContext
    # `advance`: the published build's settled event days this build attaches (warehouse/append.py).
    append_plan: AppendPlan | None = None


class WarehouseResource(dg.ConfigurableResource):
    """Seed, as_of and database of a build. Empty values mean: as_of the day the run was
    created (UTC), the server from DATABASE_URL, else the project's embedded PostgreSQL."""

    seed: int = DEFAULT_SEED
    as_of: str = ""
    database_url: str = ""
    # Where the published build's alerts (mart.alerts) are POSTed as JSON; empty: the
    # TAPFLOW_ALERT_WEBHOOK environment variable, else no notification (the default).
    alert_webhook: str = ""
    # Inject labelled anomalies into the daily KPIs (truth.injected_metric_anomalies).
    inject_anomalies: bool = False
    # The PostgreSQL sink on Dask (sinks/postgres.py): the stream tables' parts COPYed by a
    # LocalCluster of this many workers, or by the cluster at `dask_scheduler` (empty:
    # $TAPFLOW_DASK_SCHEDULER); neither: every table loads in this process (the default).
    dask_workers: int = 0
    dask_scheduler: str = ""
    # The timeline (docs/timeline.md): the day the stories run to, of which as_of is a cut,
    # and the first as_of the event windows hold their days before. Empty: the story ends
    # at as_of (a build as it always was).
    story_end: str = ""
    anchor: str = ""
    # `advance`: copy the published build's settled event days instead of generating them,
    # when it is a cut of the same story made by the same code (warehouse/append.py).
    append: bool = False

    def dask_client(self):
        """The Dask client the stream tables load through, or None (load in process)."""
        from saas_datagen.sinks import scale_out

        scheduler = scale_out.scheduler_address(self.dask_scheduler or None)
        if not (self.dask_workers or scheduler):
            return None
        return scale_out.shared_client(self.dask_workers, scheduler or "")

    def alert_webhook_url(self) -> str:
        return self.alert_webhook or os.environ.get("TAPFLOW_ALERT_WEBHOOK", "")

    def generation_context(
        self, env: str, as_of: date, tags: Mapping[str, str] | None = None
    ) -> GenerationContext:
        """The run's settings: this resource's, else the run's tags (a scheduled advance)."""
        tags = tags or {}
        story_end = self.story_end or tags.get(STORY_END_TAG, "")
        anchor = self.anchor or tags.get(ANCHOR_TAG, "")
        return _context(
            int(tags.get(SEED_TAG, self.seed)),
            env,
            as_of,
            self.inject_anomalies,
            parse_as_of(story_end) if story_end else None,
            parse_as_of(anchor) if anchor else None,
        )

    def appends(self, tags: Mapping[str, str]) -> bool:
        return self.append or tags.get(APPEND_TAG) == "true"

    def env_url(self, env: str) -> str:
        """URL of the environment's database, created on first use."""
        return _env_url(self.database_url, env)

    def run_as_of(self, context: dg.AssetExecutionContext) -> date:
        """as_of for the whole run: the day of its partition (defs/partitions.py), so a run
        that crosses midnight UTC keeps one date. A configured as_of must agree with it."""
        _, day = partition_of(context)
        if self.as_of and parse_as_of(self.as_of) != day:
            raise UserFacingError(
                f"the run's partition is as of {day} but the warehouse resource says "
                f"{self.as_of}: launch the partition of the day you mean"
            )
        return day

    def target(self, context: dg.AssetExecutionContext) -> BuildTarget:
        """The build this step belongs to; the first step in a process begins it."""
        env, _ = partition_of(context)
        as_of = self.run_as_of(context)
        url = self.env_url(env)
        build = builds.build_of(context.run)
        generation = self.generation_context(env, as_of, context.run.tags)
        appends = self.appends(context.run.tags)
        plan = self._append_plan(context, url, build, generation) if appends else None
        builds.begin(context, url, build, generation)
        return BuildTarget(env, url, build, generation, plan)

    def _append_plan(
        self,
        context: dg.AssetExecutionContext,
        url: str,
        build: versions.Build,
        generation: GenerationContext,
    ) -> AppendPlan | None:
        """Decided once per build, from the build published when it began."""
        if build.build_id not in _append_plans:
            published = versions.published_build(url)
            plan, why = plan_append(published, generation)
            context.log.info(
                f"appending to the published build {published['build_id']}: its event days "
                f"before {plan.first_new_day} are attached, the rest generated"
                + (
                    ""
                    if plan.same_pipeline
                    else "; its dbt project or checks differ from this "
                    "build's, so every model is built whole and every day tested"
                )
                if plan
                else f"generating every day (no append: {why})"
            )
            _append_plans[build.build_id] = plan
        return _append_plans[build.build_id]


_append_plans: dict[str, AppendPlan | None] = {}


@cache
def _env_url(database_url: str, env: str) -> str:
    # Once per process: checking the server and the database for every asset cost seconds.
    return server.ensure_database(
        server.server_url(database_url or None), server.database_name(env)
    )
