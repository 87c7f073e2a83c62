"""Billing rules: Stripe agrees with the app database and with itself.

Each probe is one SQL statement built on joins (hash joins on qa/prod sizes), returning
counts of offending rows as evidence.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import psycopg

from saas_datagen.config import distributions as d
from saas_datagen.config import thresholds as t
from saas_datagen.quality.core import Outcome, Rule, Scope, fitted_at_story_end

# Monthly recurring revenue in cents, per account, from each side (normalize_to_mrr in SQL).
# The app's MRR is its plans' and their recurring add-ons'.
_APP_MRR = """
    SELECT s.account_id,
           sum((s.amount_cents + coalesce(a.add_on_cents, 0))::numeric
               / CASE s.billing_interval WHEN 'year' THEN 12 * s.interval_count
                                         ELSE s.interval_count END) AS mrr
    FROM app_database_subscriptions s
    LEFT JOIN (SELECT subscription_id, sum(amount_cents) AS add_on_cents
               FROM app_database_subscription_add_ons GROUP BY 1) a USING (subscription_id)
    WHERE s.status IN ('active', 'past_due')
    GROUP BY 1
"""
# Plan prices are looked up as <tier>_<monthly|annual>; add-on prices by their own names.
_PLAN_PRICE = "p.lookup_key ~ '^({tiers})_(monthly|annual)$'".format(tiers="|".join(d.TIERS))
_STRIPE_MRR = """
    SELECT (c.metadata::json ->> 'account_id')::bigint AS account_id,
           sum(p.unit_amount::numeric * i.quantity
               / CASE p.recurring_interval WHEN 'year' THEN 12 * p.recurring_interval_count
                                            ELSE p.recurring_interval_count END) AS mrr
    FROM stripe_subscription_history s
    JOIN stripe_subscription_item i ON i.subscription_id = s.id
    JOIN stripe_price p ON p.id = i.plan_id
    JOIN stripe_customer c ON c.id = s.customer_id
    WHERE s._fivetran_active AND s.status IN ('active', 'past_due')
    GROUP BY 1
"""


def _row(conn: psycopg.Connection, query: str, params: tuple = ()) -> tuple:
    return conn.execute(query, params).fetchone()


def _mrr_matches(conn: psycopg.Connection, scope: Scope) -> Outcome:
    mismatched, accounts, app_total, stripe_total = _row(
        conn,
        f"""
        SELECT count(*) FILTER (WHERE round(coalesce(a.mrr, 0)) <> round(coalesce(s.mrr, 0))),
               count(*), round(coalesce(sum(a.mrr), 0)), round(coalesce(sum(s.mrr), 0))
        FROM ({_APP_MRR}) a FULL JOIN ({_STRIPE_MRR}) s USING (account_id)
        """,
    )
    return Outcome(
        mismatched == 0 and accounts > 0,
        {
            "accounts_with_mrr": accounts,
            "accounts_mismatched": mismatched,
            "app_mrr_cents": int(app_total),
            "stripe_mrr_cents": int(stripe_total),
        },
    )


def _active_customers_have_mrr(conn: psycopg.Connection, scope: Scope) -> Outcome:
    live, without = _row(
        conn,
        f"""
        SELECT count(*), count(*) FILTER (WHERE coalesce(m.mrr, 0) <= 0)
        FROM (SELECT DISTINCT (c.metadata::json ->> 'account_id')::bigint AS account_id
              FROM stripe_subscription_history s
              JOIN stripe_customer c ON c.id = s.customer_id
              WHERE s._fivetran_active AND s.status IN ('active', 'past_due')) live
        LEFT JOIN ({_STRIPE_MRR}) m USING (account_id)
        """,
    )
    return Outcome(live > 0 and without == 0, {"active_customers": live, "without_mrr": without})


def _subscriptions_agree(conn: psycopg.Connection, scope: Scope) -> Outcome:
    """Plan, quantity, status and current period of every app subscription match Stripe, and
    its recurring add-ons are Stripe's add-on items."""
    missing, status, plan, quantity, period, add_ons, add_on_items = _row(
        conn,
        f"""
        WITH stripe AS (
            SELECT (s.metadata::json ->> 'app_subscription_id')::bigint AS subscription_id,
                   s.status, s.quantity, i.quantity AS item_quantity,
                   s.current_period_start, s.current_period_end,
                   p.lookup_key
            FROM stripe_subscription_history s
            JOIN stripe_subscription_item i ON i.subscription_id = s.id
            JOIN stripe_price p ON p.id = i.plan_id
            WHERE s._fivetran_active AND {_PLAN_PRICE}
        )
        SELECT count(*) FILTER (WHERE s.subscription_id IS NULL),
               count(*) FILTER (WHERE s.status <> a.status),
               count(*) FILTER (WHERE s.lookup_key <> a.plan_tier || '_'
                                     || CASE a.billing_interval WHEN 'year' THEN 'annual'
                                                                 ELSE 'monthly' END),
               count(*) FILTER (WHERE a.quantity <> s.quantity OR a.quantity <> s.item_quantity),
               count(*) FILTER (WHERE a.status IN ('active', 'past_due')
                                  AND (s.current_period_start <> a.current_period_start
                                       OR s.current_period_end <> a.current_period_end)),
               (SELECT count(*) FROM app_database_subscription_add_ons),
               (SELECT count(*) FROM stripe_subscription_item i
                JOIN stripe_price p ON p.id = i.plan_id WHERE NOT {_PLAN_PRICE})
        FROM app_database_subscriptions a
        LEFT JOIN stripe s USING (subscription_id)
        """,
    )
    found = {
        "missing_in_stripe": missing,
        "status_differs": status,
        "plan_differs": plan,
        "quantity_differs": quantity,
        "period_differs": period,
        "add_on_items_differ": abs(add_ons - add_on_items),
    }
    return Outcome(not any(found.values()), {**found, "add_ons": add_ons})


def _stripe_trial_share(conn: psycopg.Connection, scope: Scope) -> Outcome:
    trialing, new = _row(
        conn,
        """
        SELECT count(*) FILTER (WHERE status = 'trialing'), count(*)
        FROM stripe_subscription_history
        WHERE _fivetran_active AND created >= %s::date - make_interval(days => %s)
        """,
        (scope.as_of, d.NEW_SUBSCRIPTION_WINDOW_DAYS),
    )
    share = trialing / new if new else 0.0
    low, high = t.TRIAL_SHARE_RANGE
    return Outcome(
        low <= share <= high,
        {"trialing": trialing, "new_subscriptions": new, "share": round(share, 4)},
    )


def _invoices_cover_periods(conn: psycopg.Connection, scope: Scope) -> Outcome:
    """Each live subscription is invoiced for its current period, with no gap since its
    first (trial) invoice: every invoice starts where the previous one ended. A period that
    began within FINALIZE_DELAY_HOURS of the cut-off may still be a draft, which the data
    does not show (ledger.invoices_at): at qa size a dozen subscriptions renew in a cut-off's
    last hour."""
    cutoff = datetime.combine(scope.as_of, time(), UTC)
    finalized_by = cutoff - timedelta(hours=d.FINALIZE_DELAY_HOURS)
    live, drafting, uncovered, gaps = _row(
        conn,
        """
        WITH live AS (
            SELECT id, current_period_start, current_period_end
            FROM stripe_subscription_history
            WHERE _fivetran_active AND status IN ('active', 'past_due')
        ), chain AS (
            SELECT period_start,
                   lag(period_end) OVER (PARTITION BY subscription_id
                                         ORDER BY period_start, created) AS previous_end
            FROM stripe_invoice
        ), uncovered AS (
            SELECT l.current_period_start >= %s AS drafting
            FROM live l
            WHERE NOT EXISTS (SELECT 1 FROM stripe_invoice i
                              WHERE i.subscription_id = l.id
                                AND i.period_start = l.current_period_start
                                AND i.period_end = l.current_period_end)
        )
        SELECT (SELECT count(*) FROM live),
               (SELECT count(*) FILTER (WHERE drafting) FROM uncovered),
               (SELECT count(*) FILTER (WHERE NOT drafting) FROM uncovered),
               (SELECT count(*) FROM chain WHERE previous_end <> period_start)
        """,
        (finalized_by,),
    )
    return Outcome(
        live > 0 and uncovered == 0 and gaps == 0,
        {
            "live_subscriptions": live,
            "without_current_invoice": uncovered,
            "renewed_in_the_last_hour_still_draft": drafting,
            "gaps": gaps,
        },
    )


def _charges_equal_paid(conn: psycopg.Connection, scope: Scope) -> Outcome:
    invoices, differ, paid_short, dangling = _row(
        conn,
        """
        WITH collected AS (
            SELECT invoice_id, sum(amount) FILTER (WHERE status = 'succeeded') AS amount
            FROM stripe_charge GROUP BY 1
        )
        SELECT count(*),
               count(*) FILTER (WHERE i.amount_paid <> coalesce(c.amount, 0)),
               count(*) FILTER (WHERE i.status = 'paid' AND i.amount_paid <> i.amount_due),
               count(*) FILTER (WHERE i.charge_id IS NOT NULL AND NOT EXISTS (
                   SELECT 1 FROM stripe_charge ch WHERE ch.id = i.charge_id))
        FROM stripe_invoice i LEFT JOIN collected c ON c.invoice_id = i.id
        """,
    )
    return Outcome(
        invoices > 0 and differ == 0 and paid_short == 0 and dangling == 0,
        {
            "invoices": invoices,
            "amount_paid_differs_from_charges": differ,
            "paid_but_not_in_full": paid_short,
            "charge_id_missing": dangling,
        },
    )


def _first_attempt_share(conn: psycopg.Connection, scope: Scope) -> Outcome:
    chargeable, first_try, late, failed = _row(
        conn,
        """
        SELECT count(*),
               count(*) FILTER (WHERE status = 'paid' AND attempt_count = 1),
               count(*) FILTER (WHERE status = 'paid' AND attempt_count > 1),
               count(*) FILTER (WHERE status <> 'paid')
        FROM stripe_invoice WHERE amount_due > 0
        """,
    )
    share = first_try / chargeable if chargeable else 0.0
    low, high = t.FIRST_ATTEMPT_PAID_RANGE
    return Outcome(
        low <= share <= high and late > 0 and failed > 0,
        {
            "chargeable_invoices": chargeable,
            "paid_first_attempt_share": round(share, 4),
            "paid_late": late,
            "open_or_uncollectible": failed,
        },
    )


def _events_follow_objects(conn: psycopg.Connection, scope: Scope) -> Outcome:
    """Events happen when their object changed, in a coherent order, one per change."""
    off_invoice, off_charge, before_customer, paid_first, invoices_without = _row(
        conn,
        """
        WITH per_invoice AS (
            SELECT object_id,
                   min(created) FILTER (WHERE type = 'invoice.created') AS created_at,
                   min(created) FILTER (WHERE type = 'invoice.paid') AS paid_at
            FROM stripe_event WHERE type LIKE 'invoice.%%' GROUP BY 1
        )
        SELECT
            (SELECT count(*) FROM per_invoice e JOIN stripe_invoice i ON i.id = e.object_id
             WHERE e.created_at IS DISTINCT FROM i.created),
            (SELECT count(*) FROM stripe_event e JOIN stripe_charge c ON c.id = e.object_id
             WHERE e.type IN ('charge.succeeded', 'charge.failed') AND e.created <> c.created),
            (SELECT count(*) FROM stripe_event e
             JOIN stripe_customer c ON c.id = e.object_id WHERE e.created < c.created),
            (SELECT count(*) FROM per_invoice WHERE paid_at < created_at),
            (SELECT count(*) FROM stripe_invoice i
             WHERE NOT EXISTS (SELECT 1 FROM per_invoice e WHERE e.object_id = i.id))
        """,
    )
    found = {
        "invoice_created_event_off": off_invoice,
        "charge_event_off": off_charge,
        "event_before_customer": before_customer,
        "paid_before_created": paid_first,
        "invoices_without_events": invoices_without,
    }
    return Outcome(not any(found.values()), found)


BILLING_RULES: tuple[Rule, ...] = (
    Rule(
        "stripe_trials_share_of_new_subscriptions",
        "stripe_subscription_history",
        "Trialing subscriptions are 10-15% of Stripe subscriptions created in the last 90 days.",
        fitted_at_story_end(_stripe_trial_share),
    ),
    Rule(
        "app_and_stripe_subscriptions_agree",
        "stripe_subscription_item",
        "Every app subscription has a Stripe one with the same plan, quantity, status, period.",
        _subscriptions_agree,
    ),
    Rule(
        "app_mrr_equals_stripe_mrr",
        "stripe_subscription_item",
        "Per account, app MRR equals Stripe MRR to the cent.",
        _mrr_matches,
    ),
    Rule(
        "active_customers_have_mrr",
        "stripe_subscription_item",
        "Every customer with an active or past-due subscription has MRR > 0.",
        _active_customers_have_mrr,
    ),
    Rule(
        "invoices_cover_active_periods",
        "stripe_invoice",
        "Every live subscription is invoiced for every period, the current one included.",
        _invoices_cover_periods,
    ),
    Rule(
        "charges_equal_amount_paid",
        "stripe_charge",
        "Each invoice's amount_paid equals the sum of its succeeded charges.",
        _charges_equal_paid,
    ),
    Rule(
        "most_invoices_paid_first_attempt",
        "stripe_charge",
        "~95% of invoices are paid on the first attempt; some are late, some fail.",
        _first_attempt_share,
    ),
    Rule(
        "events_follow_their_objects",
        "stripe_event",
        "Events match their objects' timestamps and order; every invoice has its events.",
        _events_follow_objects,
    ),
)
