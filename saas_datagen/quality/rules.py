"""Each rule is a named SQL probe of one raw table returning pass/fail with evidence.

Generic rules (row-count contract, orphans, temporal order) are derived from the table
registry; business rules are listed once in BUSINESS_RULES. Dagster turns both into asset
checks; the CLI summary and the tests read the same outcomes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import psycopg
from psycopg import sql

from saas_datagen.config import distributions as d
from saas_datagen.config import go_to_market as g
from saas_datagen.config import thresholds as t
from saas_datagen.config.environments import size_for
from saas_datagen.generators.amplitude import APP_ID_BASE
from saas_datagen.generators.app_database import device_telemetry, tap_events
from saas_datagen.generators.app_database.account_plan import signed_up_share
from saas_datagen.quality.billing_rules import BILLING_RULES
from saas_datagen.quality.core import Outcome, Rule, Scope, fitted_at_story_end, scalar
from saas_datagen.quality.marketing_rules import MARKETING_RULES
from saas_datagen.registry import BY_NAME, TABLES
from saas_datagen.schema import ForeignKey, RowContract, TableSpec
from saas_datagen.warehouse.append import AppendPlan, appendable, settled_and_appended
from saas_datagen.warehouse.ddl import midnight, relation

# --- generic rules derived from the registry ------------------------------------------------


# At a cut-off before the story's end a table's contract follows the growth model, within at
# least this band (docs/timeline.md).
CUT_CONTRACT_TOLERANCE = 0.25


def contract_at(spec: TableSpec, scope: Scope) -> RowContract:
    """The table's row-count contract at the build's as_of. The environment's sizes hold at
    the story's end (and, for the event windows, over their days before the anchor); at an
    earlier cut-off a table holds the growth model's share of its rows (a fixed list, whose
    contract does not depend on the size, all of them), and an event window the days it has
    reached (a week of telemetry, always)."""
    size = size_for(scope.env)
    at_end = spec.contract(size)
    if scope.at_story_end:
        return at_end
    share = signed_up_share(scope.story_end, scope.as_of)
    past_anchor = (scope.as_of - scope.windows_end).days
    if spec.contract_at_cut is not None:
        return spec.contract_at_cut(size, share, past_anchor)
    tolerance = max(at_end.tolerance, CUT_CONTRACT_TOLERANCE)
    if at_end == spec.contract(size.scaled(2)):
        return RowContract(at_end.expected, tolerance)
    if spec.day_partitioned and spec.name != device_telemetry.TABLE:
        days = size.tap_history_days if spec.name == tap_events.TABLE else size.usage_history_days
        share = (days + past_anchor) / days
    return RowContract(round(at_end.expected * share), tolerance)


ROW_COUNT_RULE = "row_count_contract"


def row_count_rule(spec: TableSpec) -> Rule:
    def probe(conn: psycopg.Connection, scope: Scope) -> Outcome:
        rows = scalar(conn, sql.SQL("SELECT count(*) FROM {}").format(relation(spec.name)))
        contract = contract_at(spec, scope)
        return Outcome(contract.accepts(rows), {"rows": rows, "contract": contract.describe()})

    return Rule(
        ROW_COUNT_RULE, spec.name, "Row count matches the environment's size contract.", probe
    )


# In an advance that reuses the published build's verdicts (AppendPlan.same_pipeline), an event
# table's settled days are the very partitions the published build checked, attached
# unchanged, so the row-level rules read its new days in full and, of the settled days, only
# the rows whose parent changed between the two builds (parents are small tables; when none
# changed, which is the rule in a cut of one story, the settled days are not read at all).


def _scoped_to_new_days(spec: TableSpec, scope: Scope) -> AppendPlan | None:
    """The append whose published verdicts `spec`'s settled days keep, if any."""
    plan = scope.append
    if plan is None or not plan.same_pipeline or not appendable(spec):
        return None
    return plan


def _day_at_least(spec: TableSpec, alias: str, day: date) -> sql.Composed:
    return sql.SQL("{}.{} >= {}").format(
        sql.Identifier(alias), sql.Identifier(spec.freshness_column), sql.Literal(midnight(day))
    )


def _day_before(spec: TableSpec, alias: str, day: date) -> sql.Composed:
    return sql.SQL("{}.{} < {}").format(
        sql.Identifier(alias), sql.Identifier(spec.freshness_column), sql.Literal(midnight(day))
    )


def changed_parents(
    conn: psycopg.Connection, fk: ForeignKey, plan: AppendPlan, time_column: str | None = None
) -> sql.Composed | None:
    """A query of the parent keys of `fk` whose row the published build had and this one has
    not, or has with another `time_column`; None if there are none. A parent that is itself
    an appendable table is compared on its days from the first new one (its settled days are
    the same partitions in both)."""
    parent = BY_NAME[fk.parent]
    columns = sql.SQL(", ").join(
        sql.Identifier(c) for c in (fk.parent_column, *([time_column] if time_column else []))
    )
    recent = (
        sql.SQL(" WHERE {}").format(_day_at_least(parent, "p", plan.first_new_day))
        if appendable(parent)
        else sql.SQL("")
    )
    changed = sql.SQL(
        "SELECT {columns} FROM {published} p{recent} "
        "EXCEPT SELECT {columns} FROM {current} p{recent}"
    ).format(
        columns=columns,
        published=sql.Identifier(plan.source_schema, fk.parent),
        current=relation(fk.parent),
        recent=recent,
    )
    if not scalar(conn, sql.SQL("SELECT EXISTS ({})").format(changed)):
        return None
    return sql.SQL("SELECT {} FROM ({}) changed").format(sql.Identifier(fk.parent_column), changed)


def _count_by_part(
    conn: psycopg.Connection,
    spec: TableSpec,
    query: sql.Composable,
    fk: ForeignKey,
    scope: Scope,
    time_column: str | None = None,
) -> tuple[int, str]:
    """`query` (a count over the table aliased `c`, ending in a WHERE clause) over every row;
    or, in an advance reusing the published verdicts, over the new days and the settled rows
    of changed parents. Returns the count and which rows it read."""
    plan = _scoped_to_new_days(spec, scope)
    if plan is None:
        return scalar(conn, query), "every row"
    found = scalar(
        conn, sql.SQL("{} AND {}").format(query, _day_at_least(spec, "c", plan.first_new_day))
    )
    changed = changed_parents(conn, fk, plan, time_column)
    if changed is None:
        return found, "the new days"
    settled = sql.SQL("{} AND {} AND c.{} IN ({})").format(
        query, _day_before(spec, "c", plan.first_new_day), sql.Identifier(fk.column), changed
    )
    return found + scalar(conn, settled), "the new days and the settled rows of changed parents"


def orphan_rule(spec: TableSpec) -> Rule:
    def probe(conn: psycopg.Connection, scope: Scope) -> Outcome:
        orphans, read = {}, {}
        for fk in spec.foreign_keys:
            query = sql.SQL(
                "SELECT count(*) FROM {child} c WHERE c.{col} IS NOT NULL AND NOT EXISTS "
                "(SELECT 1 FROM {parent} p WHERE p.{pcol} = c.{col})"
            ).format(
                child=relation(spec.name),
                col=sql.Identifier(fk.column),
                parent=relation(fk.parent),
                pcol=sql.Identifier(fk.parent_column),
            )
            orphans[fk.column], read[fk.column] = _count_by_part(conn, spec, query, fk, scope)
        return Outcome(
            not any(orphans.values()),
            {
                **{f"orphans.{k}": v for k, v in orphans.items()},
                **{f"rows_read.{k}": v for k, v in read.items() if v != "every row"},
            },
        )

    return Rule(
        "no_orphans", spec.name, "Every foreign key points at an existing parent row.", probe
    )


def temporal_rule(spec: TableSpec) -> Rule:
    def probe(conn: psycopg.Connection, scope: Scope) -> Outcome:
        found, read = {}, {}
        for rule in spec.temporal_rules:
            fk = spec.foreign_key_for(rule.via)
            query = sql.SQL(
                "SELECT count(*) FROM {child} c JOIN {parent} p ON p.{pcol} = c.{via} "
                "WHERE c.{col} < p.{ptime}"
            ).format(
                child=relation(spec.name),
                parent=relation(fk.parent),
                pcol=sql.Identifier(fk.parent_column),
                via=sql.Identifier(rule.via),
                col=sql.Identifier(rule.column),
                ptime=sql.Identifier(rule.parent_column),
            )
            name = f"{rule.column}<{fk.parent}.{rule.parent_column}"
            found[name], read[name] = _count_by_part(
                conn, spec, query, fk, scope, rule.parent_column
            )
        return Outcome(
            not any(found.values()),
            {
                **{f"paradoxes.{k}": v for k, v in found.items()},
                **{f"rows_read.{k}": v for k, v in read.items() if v != "every row"},
            },
        )

    return Rule(
        "no_temporal_paradoxes",
        spec.name,
        "No row happens before the parent it belongs to was created.",
        probe,
    )


# --- business rules -------------------------------------------------------------------------


def _shares(conn: psycopg.Connection, table: str, column: str) -> dict[str, float]:
    rows = conn.execute(
        sql.SQL("SELECT {c}, count(*) FROM {t} GROUP BY 1").format(
            c=sql.Identifier(column), t=relation(table)
        )
    ).fetchall()
    total = sum(n for _, n in rows) or 1
    return {str(k): n / total for k, n in rows}


def _tier_shares(conn: psycopg.Connection, scope: Scope) -> Outcome:
    shares = _shares(conn, "app_database_accounts", "account_tier")
    off = {tier: abs(shares.get(tier, 0.0) - want) for tier, want in d.TIER_SHARES.items()}
    passed = len(shares) == len(d.TIERS) and max(off.values()) <= t.TIER_SHARE_TOLERANCE
    return Outcome(passed, {f"share.{k}": round(v, 4) for k, v in shares.items()})


def _industries(conn: psycopg.Connection, scope: Scope) -> Outcome:
    shares = _shares(conn, "app_database_accounts", "industry")
    passed = set(shares) == set(d.INDUSTRIES)
    return Outcome(
        passed,
        {"industries": len(shares), **{f"share.{k}": round(v, 4) for k, v in shares.items()}},
    )


def _states(conn: psycopg.Connection, scope: Scope) -> Outcome:
    states = scalar(
        conn,
        sql.SQL("SELECT count(DISTINCT state) FROM {}").format(relation("app_database_locations")),
    )
    return Outcome(
        states >= t.MIN_STATES[scope.env], {"states": states, "minimum": t.MIN_STATES[scope.env]}
    )


def _device_status(conn: psycopg.Connection, scope: Scope) -> Outcome:
    rows = conn.execute(
        sql.SQL(
            "SELECT d.device_status, count(*), bool_or(a.account_status = 'churned') "
            "FROM {devices} d JOIN {accounts} a USING (account_id) "
            "GROUP BY 1, a.account_status = 'churned'"
        ).format(
            devices=relation("app_database_devices"), accounts=relation("app_database_accounts")
        )
    ).fetchall()
    live = {status: n for status, n, churned in rows if not churned}
    churned_not_offline = sum(n for status, n, churned in rows if churned and status != "offline")
    total = sum(live.values()) or 1
    shares = {k: v / total for k, v in live.items()}
    off = max(abs(shares.get(k, 0.0) - v) for k, v in d.DEVICE_STATUS_SHARES.items())
    # The shares are a quota the device story fits at its end (core.fitted_at_story_end).
    shares_ok = off <= t.DEVICE_STATUS_TOLERANCE or not scope.at_story_end
    return Outcome(
        shares_ok and churned_not_offline == 0,
        {
            "churned_accounts_devices_not_offline": churned_not_offline,
            **{f"live_share.{k}": round(v, 4) for k, v in shares.items()},
            **({} if scope.at_story_end else {"shares_enforced": "at the story's end only"}),
        },
    )


def _trial_share(conn: psycopg.Connection, scope: Scope) -> Outcome:
    query = sql.SQL(
        "SELECT count(*) FILTER (WHERE status = 'trialing'), count(*) FROM {} "
        "WHERE started_at >= %s::date - make_interval(days => %s)"
    ).format(relation("app_database_subscriptions"))
    trialing, new = conn.execute(query, (scope.as_of, d.NEW_SUBSCRIPTION_WINDOW_DAYS)).fetchone()
    share = trialing / new if new else 0.0
    low, high = t.TRIAL_SHARE_RANGE
    return Outcome(
        low <= share <= high,
        {"trialing": trialing, "new_subscriptions": new, "share": round(share, 4)},
    )


def _enough_tap_events(conn: psycopg.Connection, scope: Scope) -> Outcome:
    rows = scalar(
        conn, sql.SQL("SELECT count(*) FROM {}").format(relation("app_database_tap_events"))
    )
    minimum = t.MIN_TAP_EVENTS[scope.env]
    return Outcome(rows >= minimum, {"tap_events": rows, "minimum": minimum})


def _online_device_coverage(conn: psycopg.Connection, scope: Scope) -> Outcome:
    # One pass over the events (hash of distinct devices), not a lookup per device: the
    # events table has no index on device_id.
    query = sql.SQL(
        "SELECT count(t.device_id), count(*) FROM {devices} d "
        "LEFT JOIN (SELECT DISTINCT device_id FROM {taps}) t USING (device_id) "
        "WHERE d.device_status = 'online'"
    ).format(taps=relation("app_database_tap_events"), devices=relation("app_database_devices"))
    covered, online = conn.execute(query).fetchone()
    share = covered / online if online else 0.0
    return Outcome(
        share >= t.MIN_ONLINE_DEVICE_TAP_COVERAGE,
        {"online_devices": online, "with_taps": covered, "share": round(share, 4)},
    )


def sampled(table: str, alias: str, percent: float, scope: Scope) -> sql.Composable:
    """`table AS alias` in a FROM clause, `percent` of its pages sampled (TABLESAMPLE SYSTEM).
    In an advance an event table is a view of the published settled days and the new ones
    (warehouse/append.py), and only tables can be sampled: then each of the two is."""
    if percent >= 100:
        return sql.SQL("{} {}").format(relation(table), sql.Identifier(alias))
    sample = sql.SQL("TABLESAMPLE SYSTEM ({})").format(sql.Literal(percent))
    spec = BY_NAME[table]
    if scope.append is None or not appendable(spec):
        return sql.SQL("{} {} {}").format(relation(table), sql.Identifier(alias), sample)
    return sql.SQL("({}) {}").format(
        settled_and_appended(spec, scope.append, sample), sql.Identifier(alias)
    )


def _evening_peak(conn: psycopg.Connection, scope: Scope) -> Outcome:
    percent = t.PEAK_SAMPLE_PERCENT[scope.env]
    query = sql.SQL(
        "SELECT extract(hour FROM t.tapped_at AT TIME ZONE l.timezone)::int, count(*) "
        "FROM {taps} JOIN {locations} l USING (location_id) GROUP BY 1"
    ).format(
        taps=sampled("app_database_tap_events", "t", percent, scope),
        locations=relation("app_database_locations"),
    )
    per_hour = [0] * 24
    for hour, n in conn.execute(query).fetchall():
        per_hour[hour] = n
    start, end = d.PEAK_HOURS
    width = end - start
    windows = {h: sum(per_hour[(h + i) % 24] for i in range(width)) for h in range(24)}
    busiest = max(windows, key=windows.get)
    total = sum(per_hour) or 1
    return Outcome(
        busiest == start,
        {"busiest_window_start": busiest, "peak_share": round(windows[start] / total, 4)},
    )


def _amplitude_mirrors_the_app(conn: psycopg.Connection, scope: Scope) -> Outcome:
    """Since Amplitude went in, each app page view and feature use is an Amplitude event of
    the same session, by the same user."""
    days = min(g.AMPLITUDE_APP_TRACKING_DAYS, size_for(scope.env).usage_history_days)
    start = datetime.combine(scope.windows_end - timedelta(days=days), time(), UTC)
    app = f"e.event_id >= {APP_ID_BASE}"
    row = conn.execute(
        f"""
        WITH tracked AS (
            SELECT session_id, user_id FROM app_database_user_sessions WHERE started_at >= %s
        )
        SELECT
          (SELECT count(*) FROM amplitude_events e WHERE {app} AND event_type = 'page_view'),
          (SELECT count(*) FROM app_database_page_views JOIN tracked USING (session_id)),
          (SELECT count(*) FROM amplitude_events e WHERE {app} AND event_type = 'button_click'),
          (SELECT count(*) FROM app_database_feature_usage JOIN tracked USING (session_id)),
          (SELECT count(*) FROM amplitude_events e
             LEFT JOIN tracked t USING (session_id)
             LEFT JOIN app_database_users u ON u.user_id = t.user_id
           WHERE {app} AND u.email IS DISTINCT FROM e.user_id)
        """,
        (start,),
    ).fetchone()
    pages, app_pages, clicks, app_uses, strangers = row
    return Outcome(
        pages == app_pages and clicks == app_uses and strangers == 0 and pages > 0,
        {
            "amplitude_page_views": pages,
            "app_page_views": app_pages,
            "amplitude_clicks": clicks,
            "app_feature_uses": app_uses,
            "events_not_of_their_session_user": strangers,
        },
    )


def _usage_follows_accounts(conn: psycopg.Connection, scope: Scope) -> Outcome:
    """Churned accounts stop using the app; no session runs past as_of (its page views and
    feature uses would happen after it); a user's last session is their last login;
    healthy (active) accounts use the app more than past-due ones, per seat-day of the
    window weighted by role (an admin signs in ~3x as often as staff: with three past-due
    users in dev, a raw per-user average measured who the users were, not account health)."""
    roles = sql.SQL(", ").join(
        sql.SQL("({}, {})").format(sql.Literal(role), sql.Literal(weight))
        for role, weight in d.SESSION_RATE_BY_ROLE.items()
    )
    window_days = size_for(scope.env).usage_history_days
    query = sql.SQL(
        """
        WITH per_user AS (
            SELECT user_id, max(started_at) AS last_session, count(*) AS sessions
            FROM app_database_user_sessions GROUP BY 1
        ), role_weight(role, weight) AS (VALUES {roles}
        ), rates AS (
            SELECT a.account_status,
                   sum(coalesce(p.sessions, 0))::float / nullif(sum(w.weight * greatest(0,
                       extract(epoch FROM u.last_login_at
                              - greatest(u.created_at, usage_window.starts)) / 86400)), 0)
                       AS per_seat_day
            FROM app_database_users u
            JOIN app_database_accounts a USING (account_id)
            JOIN role_weight w ON w.role = u.role
            CROSS JOIN (SELECT ({windows_end}::timestamp AT TIME ZONE 'UTC')
                               - make_interval(days => {days}) AS starts) usage_window
            LEFT JOIN per_user p USING (user_id)
            GROUP BY 1
        )
        SELECT
          (SELECT count(*) FROM app_database_user_sessions s
           JOIN app_database_accounts a USING (account_id)
           WHERE a.churned_at IS NOT NULL AND s.started_at > a.churned_at),
          (SELECT count(*) FROM per_user p JOIN app_database_users u USING (user_id)
           WHERE p.last_session IS DISTINCT FROM u.last_login_at),
          (SELECT per_seat_day FROM rates WHERE account_status = 'active'),
          (SELECT per_seat_day FROM rates WHERE account_status = 'past_due'),
          (SELECT count(*) FROM app_database_user_sessions
           WHERE ended_at > ({as_of}::timestamp AT TIME ZONE 'UTC'))
        """
    ).format(
        roles=roles,
        as_of=sql.Literal(scope.as_of),
        windows_end=sql.Literal(scope.windows_end),
        days=sql.Literal(window_days),
    )
    after_churn, last_login_off, active_rate, past_due_rate, past_as_of = conn.execute(
        query
    ).fetchone()
    passed = (
        after_churn == 0
        and last_login_off == 0
        and past_as_of == 0
        and (past_due_rate is None or (active_rate or 0) > past_due_rate)
    )
    return Outcome(
        passed,
        {
            "sessions_after_churn": after_churn,
            "sessions_ending_after_as_of": past_as_of,
            "last_session_not_last_login": last_login_off,
            "sessions_per_seat_day.active": round(active_rate or 0, 3),
            "sessions_per_seat_day.past_due": round(past_due_rate or 0, 3),
        },
    )


BUSINESS_RULES: tuple[Rule, ...] = (
    Rule(
        "four_tiers_at_configured_shares",
        "app_database_accounts",
        "4 tiers at 70/20/8/2 (±5 points).",
        _tier_shares,
    ),
    Rule("five_industries", "app_database_accounts", "All 5 industries are present.", _industries),
    Rule(
        "enough_states", "app_database_locations", "Locations span at least 25 US states.", _states
    ),
    Rule(
        "device_status_mix",
        "app_database_devices",
        "Live accounts' devices online/offline/maintenance near 85/10/5; churned ones offline.",
        _device_status,
    ),
    Rule(
        "trials_share_of_new_subscriptions",
        "app_database_subscriptions",
        "Trialing subscriptions are 10-15% of those started in the last 90 days.",
        fitted_at_story_end(_trial_share),
    ),
    Rule(
        "at_least_a_million_tap_events",
        "app_database_tap_events",
        "At least 1,000,000 tap events in every environment.",
        _enough_tap_events,
    ),
    Rule(
        "taps_on_online_devices",
        "app_database_tap_events",
        "At least 95% of online devices have tap events.",
        _online_device_coverage,
    ),
    Rule(
        "amplitude_mirrors_app_usage",
        "amplitude_events",
        "Since tracking began, app page views and feature uses are Amplitude events of the "
        "same session and user.",
        _amplitude_mirrors_the_app,
    ),
    Rule(
        "usage_follows_account_health",
        "app_database_user_sessions",
        "No sessions after churn or running past as_of; last session = last login; active "
        "accounts use more than past-due ones.",
        _usage_follows_accounts,
    ),
    Rule(
        "evening_peak_is_busiest",
        "app_database_tap_events",
        "Local 18:00-22:00 is the busiest 4-hour window of pours.",
        _evening_peak,
    ),
)


def rules_for(table: str) -> tuple[Rule, ...]:
    spec = BY_NAME[table]
    generic = [row_count_rule(spec)]
    if spec.foreign_keys:
        generic.append(orphan_rule(spec))
    if spec.temporal_rules:
        generic.append(temporal_rule(spec))
    return (
        *generic,
        *(r for r in (*BUSINESS_RULES, *BILLING_RULES, *MARKETING_RULES) if r.table == table),
    )


def all_rules() -> tuple[Rule, ...]:
    return tuple(rule for spec in TABLES for rule in rules_for(spec.name))
