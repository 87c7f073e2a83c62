"""Go-to-market rules (seed 002 funnel, DESIGN.md section 5): campaigns, traffic, forms,
trial paths, leads, CRM activity. Generators read every share and rate from here."""

from __future__ import annotations

from types import MappingProxyType

# --- campaigns ------------------------------------------------------------------------------
PLATFORM_SHARES = MappingProxyType(
    {"google_ads": 0.40, "facebook_ads": 0.30, "linkedin_ads": 0.20, "iterable": 0.10}
)
# (utm name stem, objective, targeting, share of campaigns). Re-engagement only targets
# returning users.
CAMPAIGN_THEMES = (
    ("acq-trial-signup", "acquisition", "new_users", 0.35),
    ("acq-demo-request", "acquisition", "new_users", 0.20),
    ("acq-brand-awareness", "acquisition", "new_users", 0.15),
    ("acq-pricing-retarget", "acquisition", "new_users", 0.10),
    ("reeng-lapsed-users", "reengagement", "returning_users", 0.12),
    ("reeng-feature-launch", "reengagement", "returning_users", 0.08),
)
# Where each theme's ads send people (ad final URLs, LinkedIn click URIs, Meta links).
SITE = "https://tapflow.io"
THEME_LANDING_PATHS = MappingProxyType(
    {
        "acq-trial-signup": "/signup",
        "acq-demo-request": "/demo",
        "acq-brand-awareness": "/product/tap-monitoring",
        "acq-pricing-retarget": "/pricing",
        "reeng-lapsed-users": "/product/tap-monitoring",
        "reeng-feature-launch": "/blog/draft-beer-line-cleaning",
    }
)
AUDIENCES = ("bars", "restaurants", "hotels", "breweries", "venues", "multi-location")
# Days a campaign runs (uniform range); history versions: created, budget changes, end.
CAMPAIGN_DAYS = (180, 480)
BUDGET_CHANGES = (1, 3)
# Per platform: click-through rate, cost per click in dollars, share of clicks that land
# as a tracked session, form-fill rate per session (seed: WordStream/LinkedIn benchmarks).
PLATFORM_METRICS = MappingProxyType(
    {
        "google_ads": {"ctr": 0.064, "cpc": 4.66, "landing": 0.88},
        "facebook_ads": {"ctr": 0.016, "cpc": 0.83, "landing": 0.80},
        "linkedin_ads": {"ctr": 0.0055, "cpc": 7.50, "landing": 0.85},
        "iterable": {"ctr": 0.10, "cpc": 0.0, "landing": 0.90},
    }
)
# What the ad platforms are told a form fill is worth (conversions_value).
CONVERSION_VALUE_USD = 25.0
# Budget pacing: daily spend as a share of the daily budget.
PACING = (0.70, 1.00)
GOOGLE_NETWORKS = MappingProxyType({"SEARCH": 0.8, "SEARCH_PARTNERS": 0.2})
DEVICES = MappingProxyType({"DESKTOP": 0.45, "MOBILE": 0.48, "TABLET": 0.07})
FACEBOOK_AD_SETS_PER_CAMPAIGN = 2
FACEBOOK_ADS_PER_AD_SET = 2
# Google Ads structure under each campaign: ad groups (by intent), responsive search ads per
# ad group and keywords per ad group, each with its share of the parent's traffic; every
# level's stats split the level above exactly.
GOOGLE_AD_GROUPS = MappingProxyType({"core": 0.55, "competitor": 0.25, "long-tail": 0.20})
GOOGLE_ADS_PER_AD_GROUP = MappingProxyType({"a": 0.6, "b": 0.4})
GOOGLE_KEYWORDS = MappingProxyType(
    {
        "core": ("beer tap monitoring", "draft beer management system", "bar pour tracking"),
        "competitor": ("bevspot alternative", "barvision alternative", "keg monitoring software"),
        "long-tail": (
            "keg level sensor for bars",
            "reduce beer waste restaurant",
            "tap line sensor",
        ),
    }
)
GOOGLE_KEYWORD_SHARES = (0.5, 0.3, 0.2)
GOOGLE_MATCH_TYPES = ("PHRASE", "EXACT", "BROAD")
# Search terms that matched a keyword: the keyword itself or it with a modifier.
GOOGLE_SEARCH_TERM_MODIFIERS = MappingProxyType({"": 0.6, " cost": 0.25, " reviews": 0.15})
LINKEDIN_CAMPAIGN_GROUPS = 3
EMAIL_BLAST_EVERY_DAYS = 14
EMAIL_OPEN_RATE = (0.25, 0.40)
EMAIL_CLICK_TO_OPEN = (0.08, 0.12)
# Iterable workspace: channels (id, name, type, medium), message types (id, name, channel) and
# lists (id, name, type, description); each objective's blasts use a message type and a list,
# acquisition blasts suppress the current customers list.
ITERABLE_CHANNELS = (
    (1001, "Marketing Email", "Marketing", "Email"),
    (1002, "Transactional Email", "Transactional", "Email"),
)
ITERABLE_MESSAGE_TYPES = (
    (2001, "Product News", 1001),
    (2002, "Win-back", 1001),
    (2003, "Account Notices", 1002),
)
ITERABLE_LISTS = (
    (3001, "Newsletter subscribers", "Standard", "Signed up on the website or at events"),
    (3002, "Lapsed trial users", "Dynamic", "Trials that ended without converting"),
    (3003, "Current customers", "Dynamic", "Users of paying accounts"),
)
ITERABLE_OBJECTIVE_SETUP = MappingProxyType(
    {"acquisition": (2001, 3001, 3003), "reengagement": (2002, 3002, None)}
)
# Opens that end in an unsubscribe: from the message type, or from all marketing email.
EMAIL_UNSUBSCRIBE_PER_OPEN = 0.02
EMAIL_UNSUBSCRIBE_CHANNEL_SHARE = 0.3

# --- web traffic ----------------------------------------------------------------------------
# Non-paid traffic: (source, medium, share of non-paid sessions).
ORGANIC_CHANNELS = (
    ("google", "organic", 0.45),
    ("(direct)", "(none)", 0.35),
    ("bing", "organic", 0.05),
    ("g2.com", "referral", 0.08),
    ("partner-site", "referral", 0.07),
)
PAID_SOURCE_MEDIUM = MappingProxyType(
    {
        "google_ads": ("google", "cpc"),
        "facebook_ads": ("facebook", "paid_social"),
        "linkedin_ads": ("linkedin", "paid_social"),
        "iterable": ("iterable", "email"),
    }
)
# Landing page types and their bounce rates (paid social bounces most).
LANDING_PAGES = MappingProxyType(
    {"home": 0.42, "pricing": 0.35, "product": 0.38, "blog": 0.62, "demo": 0.30, "signup": 0.25}
)
LANDING_PAGE_SHARES = MappingProxyType(
    {"home": 0.30, "pricing": 0.15, "product": 0.18, "blog": 0.22, "demo": 0.07, "signup": 0.08}
)
PAID_SOCIAL_BOUNCE_BONUS = 0.12
# Sessions a converting visitor had before the form fill (incl. it): 1 + geometric.
JOURNEY_EXTRA_SESSIONS_MEAN = 2.4
ATTRIBUTION_LOOKBACK_DAYS = 30
TIME_DECAY_HALF_LIFE_DAYS = 7.0
ATTRIBUTION_MODELS = ("first_touch", "last_touch", "linear", "time_decay", "position_based")

# --- forms, leads and trials ----------------------------------------------------------------
# (form type, share of form fills, amplitude event, lifecycle stage, MQL weight)
FORM_TYPES = (
    ("trial_signup", 0.35, "trial_started", "trial", 0.6),
    ("demo_request", 0.25, "demo_request_submit", "sales_qualified", 1.0),
    ("pricing_inquiry", 0.15, "pricing_form_submit", "marketing_qualified", 0.8),
    ("contact_us", 0.15, "contact_form_submit", "lead", 0.5),
    ("whitepaper_download", 0.07, "whitepaper_download", "subscriber", 0.2),
    ("newsletter_signup", 0.03, "newsletter_signup", "subscriber", 0.05),
)
# Trial paths: share of trials is the accounts' acquisition path; conversion rate and day.
TRIAL_PATHS = MappingProxyType(
    {
        "self_service": {"conversion": 0.28, "day": 12.0},
        "sales_assisted": {"conversion": 0.45, "day": 14.0},
    }
)
CONVERSION_DAY_SD = 1.5
# Purchased (cold) leads, as a share of form-fill leads.
PURCHASED_LEAD_SHARE = 0.20
# CRM activities per lead: (min, max) by path or form type.
ACTIVITIES = MappingProxyType(
    {
        "self_service": (1, 1),
        "sales_assisted": (10, 12),
        "demo_request": (8, 8),
        "purchased": (1, 2),
        "newsletter_signup": (1, 1),
        "pricing_inquiry": (2, 4),
        "contact_us": (2, 3),
        "whitepaper_download": (1, 1),
    }
)
ACTIVITY_TYPES = MappingProxyType({"call": 0.35, "email": 0.40, "meeting": 0.15, "task": 0.10})
# Deals: sales-assisted trials open a deal at trial start, self-service ones at conversion
# (won), demo/pricing leads open one a few days later; the rest of the pipeline is lost.
DEAL_FROM_DEMO_SHARE = 0.75
DEAL_FROM_PRICING_SHARE = 0.55
DEAL_DEMO_DELAY_DAYS = (3, 4)
# Stages of the sales pipeline and the day a sales-assisted deal reaches them.
DEAL_STAGES = (
    ("qualification", 0, 0.10),
    ("needs_analysis", 5, 0.25),
    ("proposal", 9, 0.50),
    ("negotiation", 12, 0.75),
    ("closed_won", 14, 1.00),
    ("closed_lost", 14, 0.00),
)
OPEN_DEAL_SHARE_OF_RECENT = 0.5

# --- HubSpot --------------------------------------------------------------------------------
OWNERS = 12
ENGAGEMENT_TYPES = MappingProxyType(
    {"CALL": 0.27, "EMAIL": 0.36, "MEETING": 0.11, "NOTE": 0.16, "TASK": 0.10}
)
TICKET_PRIORITIES = MappingProxyType({"LOW": 0.40, "MEDIUM": 0.38, "HIGH": 0.17, "URGENT": 0.05})
# Median hours to resolve, by priority.
TICKET_RESOLUTION_HOURS = MappingProxyType({"LOW": 72, "MEDIUM": 36, "HIGH": 12, "URGENT": 4})
TICKET_CATEGORIES = ("device_offline", "billing", "integration", "onboarding", "feature_request")
# Tickets lean on accounts in trouble: weight multiplier for past-due and churned accounts.
TICKET_TROUBLE_WEIGHT = 3.0

# --- HubSpot workspace ----------------------------------------------------------------------
HUBSPOT_PORTAL_ID = 7_654_321
# Teams (id, name, role id, role name) the owners belong to, by their crm team.
HUBSPOT_TEAMS = MappingProxyType(
    {
        "sales": (501, "Sales", 601, "Sales Rep"),
        "customer_success": (502, "Customer Success", 602, "CS Manager"),
    }
)
# Marketing emails: a newsletter every month and a product announcement every quarter, each
# sent to a share of the contacts that exist by then; what happens to each email.
HUBSPOT_NEWSLETTER_EVERY_DAYS = 30
HUBSPOT_ANNOUNCEMENT_EVERY_DAYS = 91
HUBSPOT_EMAIL_AUDIENCE_SHARE = 0.25
HUBSPOT_EMAIL_OUTCOMES = MappingProxyType(
    {
        "bounce": 0.02,  # of sends, instead of a delivery
        "dropped": 0.01,  # of sends, instead of a delivery
        "deferred": 0.03,  # of deliveries, a first attempt deferred
        "open": 0.24,  # of deliveries
        "click": 0.14,  # of opens
        "forward": 0.01,  # of opens
        "print": 0.005,  # of opens
        "spamreport": 0.001,  # of deliveries
        "statuschange": 0.004,  # of deliveries: an unsubscribe
    }
)
# Contact lists and the lifecycle stages that put a contact on them.
HUBSPOT_CONTACT_LISTS = (
    (401, "Newsletter audience", False, ("subscriber", "lead", "marketingqualifiedlead")),
    (402, "Active opportunities", True, ("opportunity", "salesqualifiedlead")),
    (403, "Customers", True, ("customer",)),
)

# --- HubSpot lead score (hubspotscore, 0-100) -----------------------------------------------
# A contact starts from its form's intent, gains points when marketing qualifies it, when it
# becomes an opportunity and when it becomes a customer (each with noise), and a lead that
# never qualifies decays after 90 days.
LEAD_SCORE_BY_FORM = MappingProxyType(
    {
        "demo_request": 35,
        "pricing_inquiry": 30,
        "trial_signup": 25,
        "contact_us": 20,
        "whitepaper_download": 12,
        "newsletter_signup": 8,
    }
)
LEAD_SCORE_NO_FORM = 5
LEAD_SCORE_STEPS = MappingProxyType(
    {"marketingqualifiedlead": 25, "opportunity": 20, "customer": 25, "decayed": -10}
)
LEAD_SCORE_NOISE = 6.0
LEAD_SCORE_DECAY_DAYS = 90

# --- Amplitude behavioural stream -----------------------------------------------------------
# The app's Amplitude SDK went live this many days before as_of: customers' sessions before
# it are only in the app database. Page views and feature clicks mirror the app's rows.
AMPLITUDE_APP_TRACKING_DAYS = 14
# Per app session (customers) or trial login: chance of a search, of an explicit logout.
AMPLITUDE_SEARCH_SHARE = 0.22
AMPLITUDE_LOGOUT_SHARE = 0.35
# Per session of a customer below the top tier: chance of clicking "upgrade" (admins and
# managers only), and of a business-tier admin clicking "contact sales" about Enterprise.
AMPLITUDE_UPGRADE_CLICK_SHARE = 0.012
AMPLITUDE_CONTACT_SALES_SHARE = 0.004
# A trial login: pages seen (1 + Poisson) and buttons clicked (Poisson), minutes spent.
AMPLITUDE_TRIAL_EXTRA_PAGES_MEAN = 2.5
AMPLITUDE_TRIAL_CLICKS_MEAN = 1.5
AMPLITUDE_TRIAL_SESSION_MINUTES = 9.0
# What a trial user clicks (the setup steps of a new account) and searches for.
AMPLITUDE_TRIAL_BUTTONS = (
    "add_device",
    "invite_user",
    "connect_pos",
    "create_product",
    "view_report",
)
AMPLITUDE_SEARCH_TERMS = ("ipa", "lager", "keg", "line 3", "stout", "happy hour", "cider", "kölsch")
# Platform Amplitude reports for each app device type.
AMPLITUDE_PLATFORM = MappingProxyType({"desktop": "Web", "mobile": "iOS", "tablet": "Android"})
