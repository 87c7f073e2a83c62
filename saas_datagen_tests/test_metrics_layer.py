"""The metrics layer answers what the marts say: every metric is queried through MetricFlow on a
built dev warehouse and compared with the mart (or entity) it summarises, computed here in SQL."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from saas_datagen.metrics import MetricQuery, MetricsLayer
from saas_datagen.warehouse import server

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture(scope="module")
def layer(dev_build) -> MetricsLayer:
    return MetricsLayer("dev")


def sql(url: str, query: str) -> list[tuple]:
    with server.connect(url) as conn:
        return [tuple(_num(v) for v in row) for row in conn.execute(query).fetchall()]


def _num(value: object) -> object:
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else value


def by_key(records: list[dict], *keys: str) -> dict:
    return {tuple(r[k] for k in keys) if len(keys) > 1 else r[keys[0]]: r for r in records}


def close(a: object, b: object, tol: float = 1e-6) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=tol, abs_tol=tol)


def test_the_layer_defines_every_metric_the_teams_need_each_with_a_label_and_definition(layer):
    metrics = {m.name: m for m in layer.list_metrics()}
    required = {
        "mrr", "arr", "new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr",
        "net_revenue_retention", "gross_revenue_retention", "logo_churn_rate",
        "trial_conversion_rate", "cac", "roas", "ltv", "ltv_to_cac", "pipeline_value",
        "win_rate", "sales_cycle_days", "dau", "wau", "mau", "stickiness",
        "feature_adoption_rate", "avg_health_score", "customers_at_risk", "device_uptime",
        "pours_per_location_day", "litres_poured", "ticket_volume", "avg_resolution_hours",
    }  # fmt: skip
    assert required <= set(metrics), required - set(metrics)
    assert len(metrics) >= 25
    for m in metrics.values():
        assert m.label and m.label != m.name, m.name
        assert len(m.description) > 20, m.name


def test_every_metric_answers_over_the_whole_history(layer):
    names = tuple(m.name for m in layer.list_metrics())
    for name in names:
        result = layer.query(MetricQuery(metrics=(name,)))
        assert result.columns == (name,)
        assert len(result.rows) == 1, name


def test_mrr_bridge_by_month_equals_the_finance_mrr_summary_mart(layer, dev_url):
    metrics = (
        "mrr", "opening_mrr", "new_mrr", "expansion_mrr", "reactivation_mrr",
        "contraction_mrr", "churned_mrr", "paying_customers", "new_customers",
        "churned_customers", "arr",
    )  # fmt: skip
    got = by_key(
        layer.query(MetricQuery(metrics=metrics, group_by=("metric_time__month",))).records(),
        "metric_time__month",
    )
    mart = sql(
        dev_url,
        """select month_start, closing_mrr, opening_mrr, coalesce(new_mrr, 0),
                  coalesce(expansion_mrr, 0), coalesce(reactivation_mrr, 0),
                  coalesce(contraction_mrr, 0), coalesce(churned_mrr, 0), paying_customers,
                  new_customers, churned_customers, closing_arr
           from mart.finance_mrr_summary order by 1""",
    )
    assert len(got) == len(mart) > 24
    for month, *values in mart:
        row = got[month]
        for name, expected in zip(metrics, values, strict=True):
            assert close(row[name], expected, 1e-9), (month, name, row[name], expected)


MOVEMENT_COLUMNS = ("month", "opening", "expansion", "contraction", "churned", "lost", "at_start")


def test_retention_and_churn_rates_follow_their_definitions_month_by_month(layer, dev_url):
    got = layer.query(
        MetricQuery(
            metrics=("net_revenue_retention", "gross_revenue_retention", "logo_churn_rate"),
            group_by=("metric_time__month",),
        )
    ).records()
    movements = by_key(
        [
            dict(zip(MOVEMENT_COLUMNS, r, strict=True))
            for r in sql(
                dev_url,
                """select month_start, sum(previous_mrr),
                          sum(mrr_change) filter (where movement = 'expansion'),
                          -sum(mrr_change) filter (where movement = 'contraction'),
                          -sum(mrr_change) filter (where movement = 'churn'),
                          count(*) filter (where movement = 'churn'),
                          count(*) filter (where previous_mrr > 0)
                   from mart.finance_mrr_movements group by 1""",
            )
        ],
        "month",
    )  # fmt: skip
    checked = 0
    for row in got:
        m = movements[row["metric_time__month"]]
        opening = m["opening"] or 0
        exp, con, chu = (m[k] or 0 for k in ("expansion", "contraction", "churned"))
        if opening == 0:
            assert row["net_revenue_retention"] is None
            continue
        assert close(row["net_revenue_retention"], (opening + exp - con - chu) / opening)
        assert close(row["gross_revenue_retention"], (opening - con - chu) / opening)
        assert close(row["logo_churn_rate"], m["lost"] / m["at_start"])
        checked += 1
    assert checked > 24
    # Some month lost a customer, so the churn metrics are not trivially zero.
    assert any(r["logo_churn_rate"] for r in got if r["logo_churn_rate"] is not None)


def test_a_coarser_grain_takes_stocks_at_the_period_end_and_adds_up_flows(layer):
    months = layer.query(
        MetricQuery(metrics=("mrr", "new_mrr", "opening_mrr"), group_by=("metric_time__month",))
    ).records()
    quarters = by_key(
        layer.query(
            MetricQuery(
                metrics=("mrr", "new_mrr", "opening_mrr"), group_by=("metric_time__quarter",)
            )
        ).records(),
        "metric_time__quarter",
    )
    for quarter, row in quarters.items():
        inside = [m for m in months if _quarter(m["metric_time__month"]) == quarter]
        inside.sort(key=lambda m: m["metric_time__month"])
        assert close(row["mrr"], inside[-1]["mrr"])
        assert close(row["opening_mrr"], inside[0]["opening_mrr"])
        assert close(row["new_mrr"], sum(m["new_mrr"] for m in inside))


def _quarter(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def test_sales_metrics_by_month_and_source_equal_the_sales_pipeline_mart(layer, dev_url):
    metrics = (
        "deals_created",
        "deals_won",
        "win_rate",
        "won_mrr",
        "pipeline_value",
        "sales_cycle_days",
    )
    got = by_key(
        layer.query(
            MetricQuery(metrics=metrics, group_by=("metric_time__month", "deal__deal_source"))
        ).records(),
        "metric_time__month",
        "deal__deal_source",
    )
    mart = sql(
        dev_url,
        """select month_start, deal_source, deals, won, win_rate, coalesce(won_mrr_usd, 0),
                  coalesce(open_pipeline_mrr_usd, 0), avg_days_to_win
           from mart.sales_pipeline""",
    )
    assert len(got) == len(mart) > 10
    for month, source, deals, won, win_rate, won_mrr, pipeline, days in mart:
        row = got[(month, source)]
        assert row["deals_created"] == deals and row["deals_won"] == won
        assert close(row["win_rate"], win_rate, 1e-4)
        assert close(row["won_mrr"], won_mrr) and close(row["pipeline_value"], pipeline)
        assert (days is None and row["sales_cycle_days"] is None) or abs(
            row["sales_cycle_days"] - days
        ) <= 0.051


def test_ticket_metrics_by_month_and_priority_equal_the_tickets_mart(layer, dev_url):
    metrics = ("ticket_volume", "open_tickets", "avg_resolution_hours", "median_resolution_hours")
    got = by_key(
        layer.query(
            MetricQuery(metrics=metrics, group_by=("metric_time__month", "ticket__priority"))
        ).records(),
        "metric_time__month",
        "ticket__priority",
    )
    mart = sql(
        dev_url,
        """select month_start, priority, tickets, open_tickets, avg_hours_to_close,
                  median_hours_to_close from mart.customer_success_tickets""",
    )
    assert len(got) == len(mart) > 10
    for month, priority, tickets, open_tickets, avg_hours, median_hours in mart:
        row = got[(month, priority)]
        assert row["ticket_volume"] == tickets and row["open_tickets"] == open_tickets
        for name, expected in (
            ("avg_resolution_hours", avg_hours),
            ("median_resolution_hours", median_hours),
        ):
            if expected is None:
                assert row[name] is None
            else:
                assert abs(row[name] - expected) <= 0.051


def test_active_users_equal_distinct_users_counted_from_the_user_days(layer, dev_url):
    last_day = sql(dev_url, "select max(date_day) from entity.entity_users_daily")[0][0]
    got = by_key(
        layer.query(
            MetricQuery(
                metrics=("dau", "wau", "mau", "stickiness"),
                group_by=("metric_time__day", "customer__customer_tier"),
                start=last_day,
                end=last_day,
            )
        ).records(),
        "customer__customer_tier",
    )
    expected = sql(
        dev_url,
        f"""select c.customer_tier,
                   count(distinct u.user_id) filter (where u.date_day = date '{last_day}'),
                   count(distinct u.user_id) filter (where u.date_day > date '{last_day}' - 7),
                   count(distinct u.user_id)
            from entity.entity_users_daily u
            join entity.entity_customers c on c.customer_id = u.account_id
            where u.sessions > 0 and u.date_day > date '{last_day}' - 30
            group by 1""",
    )
    assert len(expected) == 4
    for tier, dau, wau, mau in expected:
        row = got[tier]
        assert (row["dau"], row["wau"], row["mau"]) == (dau, wau, mau), tier
        assert close(row["stickiness"], dau / mau)
    # MAU by tier is what the product engagement mart reports (its 30 days end on as_of,
    # the last day with sessions is as_of - 1).
    engagement = dict(
        sql(dev_url, "select customer_tier, monthly_active_users from mart.product_engagement")
    )
    assert {t: r["mau"] for t, r in got.items()} == engagement


def test_dau_over_a_month_is_the_average_of_its_days(layer):
    days = layer.query(MetricQuery(metrics=("dau",), group_by=("metric_time__day",))).records()
    months = by_key(
        layer.query(MetricQuery(metrics=("dau",), group_by=("metric_time__month",))).records(),
        "metric_time__month",
    )
    for month, row in months.items():
        inside = [d["dau"] for d in days if d["metric_time__day"].replace(day=1) == month]
        assert close(row["dau"], sum(inside) / len(inside))


def test_marketing_metrics_equal_spend_funnel_and_new_customers(layer, dev_url):
    spend = by_key(
        layer.query(
            MetricQuery(
                metrics=("ad_spend", "ad_clicks", "ad_impressions"),
                group_by=("campaign__platform",),
            )
        ).records(),
        "campaign__platform",
    )
    for platform, dollars, clicks, impressions in sql(
        dev_url,
        """select platform, sum(spend_usd), sum(clicks), sum(impressions)
           from entity.entity_campaigns group by 1""",
    ):
        assert close(spend[platform]["ad_spend"], dollars, 1e-9)
        assert spend[platform]["ad_clicks"] == clicks
        assert spend[platform]["ad_impressions"] == impressions

    yearly = layer.query(
        MetricQuery(
            metrics=("cac", "roas", "ad_spend", "new_customers", "new_mrr"),
            group_by=("metric_time__year",),
        )
    ).records()
    checked = 0
    for row in yearly:
        if row["ad_spend"] and row["new_customers"]:
            assert close(row["cac"], row["ad_spend"] / row["new_customers"])
            assert close(row["roas"], 12 * row["new_mrr"] / row["ad_spend"])
            checked += 1
    assert checked >= 3

    paths = by_key(
        layer.query(
            MetricQuery(
                metrics=("trials", "trial_conversion_rate"), group_by=("trial__trial_path",)
            )
        ).records(),
        "trial__trial_path",
    )
    expected = sql(
        dev_url,
        """select trial_path, count(*), avg(became_customer::int)
           from intermediate.int_sales__leads where trial_path is not null group by 1""",
    )
    assert len(expected) == 2
    for path, trials, rate in expected:
        assert paths[path]["trials"] == trials
        assert close(paths[path]["trial_conversion_rate"], rate)  # fmt: skip


def test_fleet_and_customer_metrics_equal_the_entities(layer, dev_url):
    pours = layer.query(
        MetricQuery(metrics=("pours", "litres_poured", "pours_per_location_day"))
    ).records()[0]
    taps, litres, equipped = sql(
        dev_url,
        """select sum(tap_events), sum(litres_poured), count(*) filter (where devices_installed > 0)
           from entity.entity_locations_daily""",
    )[0]
    assert pours["pours"] == taps and close(pours["litres_poured"], litres, 1e-9)
    assert close(pours["pours_per_location_day"], taps / equipped)

    uptime = by_key(
        layer.query(
            MetricQuery(metrics=("device_uptime",), group_by=("device__device_model",))
        ).records(),
        "device__device_model",
    )
    for model, ratio in sql(
        dev_url, "select device_model, avg(uptime_ratio) from entity.entity_devices group by 1"
    ):
        assert close(uptime[model]["device_uptime"], ratio)

    health = by_key(
        layer.query(
            MetricQuery(
                metrics=("avg_health_score", "customers_at_risk", "live_customers"),
                group_by=("customer__customer_tier",),
            )
        ).records(),
        "customer__customer_tier",
    )
    for tier, score, at_risk, live in sql(
        dev_url,
        """select customer_tier, avg(health_score), count(*) filter (where churn_alert), count(*)
           from mart.customer_success_health group by 1""",
    ):
        assert close(health[tier]["avg_health_score"], score)
        assert health[tier]["customers_at_risk"] == at_risk
        assert health[tier]["live_customers"] == live

    adoption = by_key(
        layer.query(
            MetricQuery(metrics=("feature_adoption_rate",), group_by=("feature__feature_name",))
        ).records(),
        "feature__feature_name",
    )
    for name, rate in sql(
        dev_url, "select feature_name, adoption_rate_30d from entity.entity_features"
    ):
        assert abs(adoption[name]["feature_adoption_rate"] - rate) <= 0.00005, name  # fmt: skip


def test_metrics_cli_lists_and_queries_and_explains_bad_input_in_one_line(dev_build, capsys):
    from saas_datagen.cli import main

    assert main(["metrics", "list"]) == 0
    listing = capsys.readouterr().out
    assert "net_revenue_retention" in listing and "metrics;" in listing

    assert (
        main(["metrics", "query", "--metrics", "mrr", "--group-by", "metric_time__month", "--csv"])
        == 0
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "metric_time__month,mrr" and len(lines) > 24

    assert main(["metrics", "query", "--metrics", "mrrr"]) == 2
    err = capsys.readouterr().err
    assert "does not exactly match any known metrics" in err and "mrr" in err
    assert "Traceback" not in err

    assert main(["metrics", "query", "--metrics", "mrr", "--group-by", "deal__deal_source"]) == 2
    assert "Traceback" not in capsys.readouterr().err

    assert main(["metrics", "list", "--metric", "win_rate"]) == 0
    assert "deal__rep_name" in capsys.readouterr().out


def test_every_team_exercise_has_an_answer_and_the_metrics_layer_gives_the_same(layer):
    from saas_datagen import exercises

    answered = exercises.answer_all("dev")
    teams = {s.team for s, _ in answered}
    assert teams == {"executive", "sales", "customer_success", "marketing", "product", "operations"}
    for exercise_set, answers in answered:
        assert len(answers) >= 4, exercise_set.team
        for a in answers:
            assert a.result.rows, a.exercise.id
            assert a.agrees, (a.exercise.id, a.disagreements)
        assert sum(a.metric_result is not None for a in answers) >= 3, exercise_set.team
    key = exercises.render(answered, with_answers=True)
    assert key.count("Metrics layer (agrees)") == sum(
        a.metric_result is not None for _, answers in answered for a in answers
    )


def test_an_exercise_whose_sql_measures_something_else_is_caught(layer, dev_url):
    from saas_datagen import exercises

    wrong = exercises.Exercise(
        id="wrong",
        question="Win rate by source, counting open deals as lost (not what win_rate means)",
        hint="",
        sql="""select deal_source, avg((deal_status = 'won')::int) as win_rate
               from mart.sales_deals group by 1 order by 1""",
        metric=MetricQuery(metrics=("win_rate",), group_by=("deal__deal_source",)),
    )
    answer = exercises.answer(wrong, dev_url, layer)
    assert not answer.agrees and "win_rate" in answer.disagreements[0]
