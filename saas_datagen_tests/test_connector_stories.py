"""The connector tables added for the Fivetran packages tell one consistent story: every
breakdown adds up to the totals, payouts carry exactly the money that became available, and
email recipients, lists and unsubscribes agree with the events."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from saas_datagen.config import distributions as d
from saas_datagen.generators.context import MICROS_PER_DAY, GenerationContext
from saas_datagen.generators.go_to_market.ads import split_stats
from saas_datagen.registry import BY_NAME
from saas_datagen_tests.conftest import AS_OF, SEED

GOOGLE_METRICS = ["impressions", "clicks", "conversions", "cost_micros"]
LINKEDIN_METRICS = ["impressions", "clicks", "landing_page_clicks", "cost_in_usd"]


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    ctx = GenerationContext(seed=SEED, env="dev", as_of=AS_OF)
    wanted = [
        name
        for name in BY_NAME
        if name.startswith(
            (
                "google_ads",
                "linkedin_ads",
                "facebook_ads",
                "iterable",
                "stripe",
                "hubspot",
                "pipedrive",
            )
        )
    ]
    return {name: pl.concat(list(BY_NAME[name].frames(ctx))) for name in wanted}


def _totals(frame: pl.DataFrame, metrics: list[str]) -> tuple:
    return frame.select(pl.col(metrics).sum()).row(0)


@pytest.mark.parametrize(
    "table",
    ["account_stats", "ad_group_stats", "ad_stats", "keyword_stats", "search_term_keyword_stats"],
)
def test_every_google_ads_report_adds_up_to_the_campaign_stats(tables, table):
    campaign = tables["google_ads_campaign_stats"]
    part = tables[f"google_ads_{table}"]
    assert _totals(part, GOOGLE_METRICS) == _totals(campaign, GOOGLE_METRICS)
    assert part.filter(
        (pl.col("clicks") > pl.col("impressions")) | (pl.col("conversions") > pl.col("clicks"))
    ).is_empty()


def test_google_ad_group_stats_split_each_campaign_day_exactly(tables):
    key = ["date", "ad_network_type", "device"]
    campaign = tables["google_ads_campaign_stats"].rename({"id": "campaign_id"})
    groups = (
        tables["google_ads_ad_group_stats"]
        .group_by("campaign_id", *key)
        .agg(pl.col(GOOGLE_METRICS).sum())
    )
    joined = campaign.join(groups, on=["campaign_id", *key], how="full", suffix="_groups")
    for metric in GOOGLE_METRICS:
        assert (joined[metric] == joined[f"{metric}_groups"]).all(), metric


def test_split_stats_keeps_sums_exact_and_never_charges_a_child_without_impressions():
    rng = np.random.default_rng(3)
    n = 2_000
    impressions = rng.integers(0, 50, n)
    clicks = rng.binomial(impressions, 0.2)
    parents = pl.DataFrame(
        {
            "impressions": impressions,
            "clicks": clicks,
            "conversions": rng.binomial(clicks, 0.3),
            "cost_micros": rng.integers(0, 10_000_000, n) * (impressions > 0),
        }
    )
    split = split_stats(rng, parents, np.array([0.5, 0.3, 0.2]))
    for metric, values in split.items():
        assert (values.sum(axis=1) == parents[metric].to_numpy()).all(), metric
    assert (split["clicks"] <= split["impressions"]).all()
    assert (split["conversions"] <= split["clicks"]).all()
    assert (split["cost_micros"][split["impressions"] == 0] == 0).all()


@pytest.mark.parametrize(
    "table",
    [
        "ad_analytics_by_creative",
        "monthly_ad_analytics_by_member_country",
        "monthly_ad_analytics_by_member_region",
    ],
)
def test_every_linkedin_report_adds_up_to_the_campaign_analytics(tables, table):
    campaign = _totals(tables["linkedin_ads_ad_analytics_by_campaign"], LINKEDIN_METRICS)
    part = _totals(tables[f"linkedin_ads_{table}"], LINKEDIN_METRICS)
    assert part[:3] == campaign[:3]
    assert part[3] == pytest.approx(campaign[3], abs=0.01)


def test_meta_pixel_leads_are_the_leads_and_are_valued(tables):
    actions = tables["facebook_ads_basic_ad_actions"]
    leads = actions.filter(pl.col("action_type") == "lead")["value"].sum()
    pixel = actions.filter(pl.col("action_type") == "offsite_conversion.fb_pixel_lead")
    assert leads > 0 and pixel["value"].sum() == leads
    values = tables["facebook_ads_basic_ad_action_values"]
    assert values["value"].sum() == pytest.approx(leads * 25.0)
    creatives = tables["facebook_ads_creative_history"]
    assert creatives["url_tags"].str.contains('"utm_source"').all()


def test_each_payout_pays_out_exactly_the_net_of_the_transactions_it_carried(tables):
    txns = tables["stripe_balance_transaction"]
    carried = (
        tables["stripe_payout_balance_transaction"]
        .join(txns, left_on="balance_transaction_id", right_on="id")
        .group_by("payout_id")
        .agg(net=pl.col("net").sum(), latest_available=pl.col("available_on").max())
    )
    payouts = tables["stripe_payout"].join(carried, left_on="id", right_on="payout_id")
    assert payouts.height == tables["stripe_payout"].height > 0
    assert (payouts["amount"] == payouts["net"]).all()
    assert (payouts["amount"] > 0).all()
    assert (payouts["created"] >= payouts["latest_available"]).all()
    own = payouts.join(txns, left_on="balance_transaction_id", right_on="id", suffix="_txn")
    assert (own["amount_txn"] == -own["amount"]).all()
    assert (own["type_txn"] == "payout").all()


def test_only_recent_money_is_still_waiting_for_a_payout(tables):
    txns = tables["stripe_balance_transaction"].filter(pl.col("type") != "payout")
    waiting = txns.filter(pl.col("payout_id").is_null())
    horizon = GenerationContext(seed=SEED, env="dev", as_of=AS_OF).horizon
    oldest = waiting["created"].min()
    assert oldest is None or (horizon - oldest).days <= d.PAYOUT_DELAY_DAYS + 3


def test_payment_methods_follow_the_configured_mix_and_charges_point_to_the_card(tables):
    methods = tables["stripe_payment_method"]
    share = (methods["type"] == "card").mean()
    assert share == pytest.approx(d.PAYMENT_METHOD_SHARES["card"], abs=0.01)
    cards = tables["stripe_card"]
    charges = tables["stripe_charge"].join(
        methods.select("id", "type"), left_on="payment_method_id", right_on="id"
    )
    by_card = charges.filter(pl.col("type") == "card")
    assert by_card["card_id"].is_in(cards["id"].implode()).all()
    ach = charges.filter(pl.col("type") == "us_bank_account")
    assert ach["card_id"].is_null().all() and ach["bank_account_id"].is_not_null().all()


def test_iterable_recipients_lists_and_unsubscribes_agree_with_the_events(tables):
    events = tables["iterable_event"]
    users = tables["iterable_user_history"]
    assert set(events["_fivetran_user_id"]) == set(users["_fivetran_id"])
    latest = users.sort("updated_at").group_by("_fivetran_id").last()
    members = (
        tables["iterable_list_user"]
        .group_by("_fivetran_id")
        .agg(pl.col("list_id").sort().cast(pl.String).str.join(","))
        .with_columns(pl.format("[{}]", "list_id").alias("lists"))
    )
    joined = latest.join(members, on="_fivetran_id")
    assert joined.height == latest.height
    assert (joined["email_list_ids"] == joined["lists"]).all()
    unsubscribed = pl.concat(
        [
            tables["iterable_user_unsubscribed_channel"].select("email"),
            tables["iterable_user_unsubscribed_message_type"].select("email"),
        ]
    )
    assert unsubscribed["email"].is_unique().all()
    unsub_events = events.filter(pl.col("event_name") == "emailUnSubscribe")
    assert set(unsubscribed["email"]) == set(unsub_events["email"])
    assert (users["signup_date"] <= users["updated_at"]).all()
    first_event = events.group_by("email").agg(pl.col("created_at").min())
    signed = users.group_by("email").agg(pl.col("signup_date").min()).join(first_event, on="email")
    assert (signed["signup_date"] < signed["created_at"]).all()
    assert (signed["created_at"] - signed["signup_date"]).max().total_seconds() <= (
        61 * MICROS_PER_DAY / 1e6
    )


def test_hubspot_associations_and_owners_point_at_real_records(tables):
    engagements = tables["hubspot_engagement"]
    associated = tables["hubspot_engagement_contact"]
    assert set(associated["engagement_id"]) == set(engagements["id"])
    tasks = tables["hubspot_engagement_task"]
    assert set(tasks["engagement_id"]) == set(engagements.filter(pl.col("type") == "TASK")["id"])
    owners = tables["hubspot_owner"]
    assert set(owners["active_user_id"]) == set(tables["hubspot_users"]["id"])
    assert set(tables["hubspot_ticket_company"]["ticket_id"]) == set(tables["hubspot_ticket"]["id"])


def test_ticket_history_ends_in_the_stage_the_ticket_is_in(tables):
    history = tables["hubspot_ticket_property_history"].filter(
        pl.col("name") == "hs_pipeline_stage"
    )
    latest = history.sort("_fivetran_start").group_by("ticket_id").last()
    tickets = tables["hubspot_ticket"].join(latest, left_on="id", right_on="ticket_id")
    assert tickets.height == tables["hubspot_ticket"].height
    assert (tickets["property_hs_pipeline_stage"] == tickets["value"]).all()
    stages = set(tables["hubspot_ticket_pipeline_stage"]["stage_id"])
    assert set(history["value"]) <= stages


def test_deal_stage_history_and_property_history_agree(tables):
    stages = tables["hubspot_deal_stage"].select("deal_id", "value", at="_fivetran_start")
    changes = (
        tables["hubspot_deal_property_history"]
        .filter(pl.col("name") == "dealstage")
        .select("deal_id", "value", at="timestamp")
    )
    assert stages.sort(stages.columns).equals(changes.sort(changes.columns))


def test_every_email_event_type_happens_and_follows_its_send(tables):
    events = tables["hubspot_email_event"]
    kinds = {
        "SENT", "DELIVERED", "OPEN", "CLICK", "BOUNCE", "DROPPED", "DEFERRED", "FORWARD",
        "PRINT", "SPAMREPORT", "STATUSCHANGE",
    }  # fmt: skip
    assert set(events["type"]) == kinds
    sent = events.filter(pl.col("type") == "SENT").select("id", sent_at="created")
    later = events.filter(pl.col("type") != "SENT").join(sent, left_on="sent_by_id", right_on="id")
    assert later.height == events.height - sent.height
    assert (later["created"] >= later["sent_at"]).all()
    for table, kind in (("open", "OPEN"), ("print", "PRINT"), ("status_change", "STATUSCHANGE")):
        ids = set(tables[f"hubspot_email_event_{table}"]["id"])
        assert ids == set(events.filter(pl.col("type") == kind)["id"]), table
    clicks = events.filter(pl.col("type") == "CLICK").height
    opens = events.filter(pl.col("type") == "OPEN").height
    assert 0 < clicks < opens


def test_contacts_are_listed_by_lifecycle_stage(tables):
    members = tables["hubspot_contact_list_member"].join(
        tables["hubspot_contact"].select("id", "property_lifecyclestage"),
        left_on="contact_id",
        right_on="id",
    )
    customers = members.filter(pl.col("contact_list_id") == 403)
    assert customers.height > 0
    assert (customers["property_lifecyclestage"] == "customer").all()
    assert members["contact_id"].is_unique().all()


def test_lead_scores_rise_through_the_funnel_and_history_ends_at_the_current_score(tables):
    contacts = tables["hubspot_contact"]
    scores = contacts["property_hubspotscore"]
    assert scores.min() >= 0 and scores.max() <= 100 and scores.n_unique() > 20
    mean = dict(
        contacts.group_by("property_lifecyclestage")
        .agg(pl.col("property_hubspotscore").mean())
        .iter_rows()
    )
    assert mean["lead"] < mean["marketingqualifiedlead"] < mean["customer"]
    history = tables["hubspot_contact_property_history"].filter(pl.col("name") == "hubspotscore")
    last = history.sort("timestamp").group_by("contact_id").agg(pl.col("value").last())
    joined = contacts.join(last, left_on="id", right_on="contact_id")
    assert joined.height == contacts.height
    assert (joined["property_hubspotscore"].cast(pl.String) == joined["value"]).all()


def test_pipedrive_deal_history_walks_the_pipeline_and_ends_in_the_deal_status(tables):
    history = tables["pipedrive_deal_history"]
    deals = tables["pipedrive_deal"]
    current = history.filter("_fivetran_active").join(deals, on="id", suffix="_deal")
    assert current.height == deals.height
    assert (current["status"] == current["status_deal"]).all()
    walked = history.group_by("id").agg(pl.len(), pl.col("_fivetran_start").sort())
    sales = deals.filter(pl.col("trial_path") == "sales_assisted").select("id")
    days = (
        walked.join(sales, on="id")
        .filter(pl.col("len") >= 5)
        .select(
            offsets=pl.col("_fivetran_start").list.eval(
                (pl.element() - pl.element().first()).dt.total_days()
            )
        )
    )
    assert days.height > 0
    assert days["offsets"].list.slice(0, 4).to_list()[0] == [0, 5, 9, 12]


def test_hubspot_sales_assisted_deals_walk_the_stages(tables):
    stages = tables["hubspot_deal_stage"].group_by("deal_id").agg(pl.len())
    assert stages["len"].max() >= 5
    assert (stages["len"] >= 1).all()
