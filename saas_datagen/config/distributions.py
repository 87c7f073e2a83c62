"""Business rules and distributions of the TapFlow story (DESIGN.md section 5).

Generators read every share, range and price from here; nothing is hard-coded in them.
"""

from __future__ import annotations

from types import MappingProxyType

# --- accounts -------------------------------------------------------------------------------
# Tier is size-based: accounts are ranked by a latent size and cut at these shares.
TIERS = ("starter", "professional", "business", "enterprise")
TIER_SHARES = MappingProxyType(
    {"starter": 0.70, "professional": 0.20, "business": 0.08, "enterprise": 0.02}
)
# Relative pull of each tier on extra locations, users and devices (bigger accounts have more).
TIER_WEIGHT = MappingProxyType(
    {"starter": 1.0, "professional": 2.5, "business": 6.0, "enterprise": 15.0}
)
EMPLOYEES_BY_TIER = MappingProxyType(
    {
        "starter": (5, 40),
        "professional": (25, 150),
        "business": (100, 600),
        "enterprise": (500, 5000),
    }
)

INDUSTRIES = ("restaurant", "bar", "hotel", "brewery", "stadium_venue")
INDUSTRY_SHARES = MappingProxyType(
    {"restaurant": 0.40, "bar": 0.30, "hotel": 0.15, "brewery": 0.10, "stadium_venue": 0.05}
)
# Added to the log of the latent size: hotels and stadiums are bigger operations.
INDUSTRY_SIZE_BOOST = MappingProxyType(
    {"restaurant": 0.0, "bar": -0.1, "hotel": 0.5, "brewery": 0.0, "stadium_venue": 0.9}
)
NAME_SUFFIX_BY_INDUSTRY = MappingProxyType(
    {
        "restaurant": ("Kitchen", "Bistro", "Grill", "Eatery", "Restaurant Group", "Trattoria"),
        "bar": ("Tavern", "Pub", "Taphouse", "Bar & Lounge", "Saloon", "Alehouse"),
        "hotel": ("Hotels", "Resorts", "Inn & Suites", "Hospitality", "Lodge"),
        "brewery": ("Brewing Co.", "Taproom", "Brewery", "Beer Works", "Craft Ales"),
        "stadium_venue": ("Arena", "Events", "Amphitheater", "Stadium Group", "Live"),
    }
)
# Accounts arrive through the seed-002 funnel paths.
ACQUISITION_PATH_SHARES = MappingProxyType({"self_service": 0.65, "sales_assisted": 0.35})

# Sign-ups grow ~40% a year over a five-year history ending at `as_of`.
HISTORY_YEARS = 5.0
ANNUAL_GROWTH = 0.40

# --- locations ------------------------------------------------------------------------------
# (state, population in millions, timezone); locations are placed by population weight.
STATES = (
    ("CA", 39.5, "America/Los_Angeles"),
    ("TX", 29.1, "America/Chicago"),
    ("FL", 21.5, "America/New_York"),
    ("NY", 20.2, "America/New_York"),
    ("PA", 13.0, "America/New_York"),
    ("IL", 12.8, "America/Chicago"),
    ("OH", 11.8, "America/New_York"),
    ("GA", 10.7, "America/New_York"),
    ("NC", 10.4, "America/New_York"),
    ("MI", 10.1, "America/Detroit"),
    ("NJ", 9.3, "America/New_York"),
    ("VA", 8.6, "America/New_York"),
    ("WA", 7.7, "America/Los_Angeles"),
    ("AZ", 7.2, "America/Phoenix"),
    ("MA", 7.0, "America/New_York"),
    ("TN", 6.9, "America/Chicago"),
    ("IN", 6.8, "America/Indiana/Indianapolis"),
    ("MD", 6.2, "America/New_York"),
    ("MO", 6.2, "America/Chicago"),
    ("WI", 5.9, "America/Chicago"),
    ("CO", 5.8, "America/Denver"),
    ("MN", 5.7, "America/Chicago"),
    ("SC", 5.1, "America/New_York"),
    ("AL", 5.0, "America/Chicago"),
    ("LA", 4.7, "America/Chicago"),
    ("KY", 4.5, "America/New_York"),
    ("OR", 4.2, "America/Los_Angeles"),
    ("OK", 4.0, "America/Chicago"),
    ("CT", 3.6, "America/New_York"),
    ("UT", 3.3, "America/Denver"),
    ("IA", 3.2, "America/Chicago"),
    ("NV", 3.1, "America/Los_Angeles"),
    ("AR", 3.0, "America/Chicago"),
    ("MS", 3.0, "America/Chicago"),
    ("KS", 2.9, "America/Chicago"),
    ("NM", 2.1, "America/Denver"),
    ("NE", 2.0, "America/Chicago"),
    ("ID", 1.8, "America/Boise"),
    ("WV", 1.8, "America/New_York"),
    ("HI", 1.5, "Pacific/Honolulu"),
    ("NH", 1.4, "America/New_York"),
    ("ME", 1.4, "America/New_York"),
    ("RI", 1.1, "America/New_York"),
    ("MT", 1.1, "America/Denver"),
    ("DE", 1.0, "America/New_York"),
    ("SD", 0.9, "America/Chicago"),
    ("ND", 0.8, "America/Chicago"),
    ("AK", 0.7, "America/Anchorage"),
    ("DC", 0.7, "America/New_York"),
    ("VT", 0.6, "America/New_York"),
    ("WY", 0.6, "America/Denver"),
)
# Full names of the states above (LinkedIn reports member regions by name).
STATE_NAMES = MappingProxyType(
    {
        "CA": "California",
        "TX": "Texas",
        "FL": "Florida",
        "NY": "New York",
        "PA": "Pennsylvania",
        "IL": "Illinois",
        "OH": "Ohio",
        "GA": "Georgia",
        "NC": "North Carolina",
        "MI": "Michigan",
        "NJ": "New Jersey",
        "VA": "Virginia",
        "WA": "Washington",
        "AZ": "Arizona",
        "MA": "Massachusetts",
        "TN": "Tennessee",
        "IN": "Indiana",
        "MD": "Maryland",
        "MO": "Missouri",
        "WI": "Wisconsin",
        "CO": "Colorado",
        "MN": "Minnesota",
        "SC": "South Carolina",
        "AL": "Alabama",
        "LA": "Louisiana",
        "KY": "Kentucky",
        "OR": "Oregon",
        "OK": "Oklahoma",
        "CT": "Connecticut",
        "UT": "Utah",
        "IA": "Iowa",
        "NV": "Nevada",
        "AR": "Arkansas",
        "MS": "Mississippi",
        "KS": "Kansas",
        "NM": "New Mexico",
        "NE": "Nebraska",
        "ID": "Idaho",
        "WV": "West Virginia",
        "HI": "Hawaii",
        "NH": "New Hampshire",
        "ME": "Maine",
        "RI": "Rhode Island",
        "MT": "Montana",
        "DE": "Delaware",
        "SD": "South Dakota",
        "ND": "North Dakota",
        "AK": "Alaska",
        "DC": "District of Columbia",
        "VT": "Vermont",
        "WY": "Wyoming",
    }
)
# Each account has one main location; further ones are branches or franchises.
EXTRA_LOCATION_TYPE_SHARES = MappingProxyType({"branch": 0.75, "franchise": 0.25})
# Seats by venue type (uniform range); used by later IoT volume rules as well.
SEATING_BY_INDUSTRY = MappingProxyType(
    {
        "restaurant": (40, 220),
        "bar": (30, 180),
        "hotel": (60, 400),
        "brewery": (40, 250),
        "stadium_venue": (800, 20000),
    }
)
# Share of a location's devices installed within this many days of it going live.
INITIAL_INSTALL_WINDOW_DAYS = 21

# --- users ----------------------------------------------------------------------------------
ROLE_SHARES = MappingProxyType({"admin": 0.10, "manager": 0.30, "staff": 0.60})
# The first user of an account (who signed up) is an admin or a manager.
FIRST_USER_ADMIN_SHARE = 0.30
# What each role may do in the app: (permission, description); a role has every permission
# listed for it (admins all of them).
PERMISSIONS = MappingProxyType(
    {
        "view_live_taps": "See live pours and tap status",
        "view_reports": "Open pour-cost, inventory and sales reports",
        "manage_kegs": "Record keg changes and inventory counts",
        "acknowledge_alerts": "Acknowledge device and pour alerts",
        "manage_products": "Edit the menu: products, prices, pour sizes",
        "manage_devices": "Install, move and retire tap devices",
        "manage_locations": "Add and edit locations and their hours",
        "manage_users": "Invite users and change their roles",
        "manage_integrations": "Connect the POS and other integrations",
        "manage_billing": "Change the plan, payment method and billing details",
    }
)
ROLE_PERMISSIONS = MappingProxyType(
    {
        "admin": tuple(PERMISSIONS),
        "manager": (
            "view_live_taps",
            "view_reports",
            "manage_kegs",
            "acknowledge_alerts",
            "manage_products",
            "manage_devices",
            "manage_users",
        ),
        "staff": ("view_live_taps", "manage_kegs", "acknowledge_alerts"),
    }
)
# Users who never logged in (the time since a user's last login follows from their session
# rate: generators/app_database/users.py).
NEVER_LOGGED_IN_SHARE = 0.04

# --- devices --------------------------------------------------------------------------------
# Bars and stadiums pour more: more taps per location.
DEVICE_WEIGHT_BY_INDUSTRY = MappingProxyType(
    {"restaurant": 1.0, "bar": 1.6, "hotel": 1.2, "brewery": 1.8, "stadium_venue": 3.0}
)
# Status of the devices of live (not churned) accounts; a churned account's devices are offline.
DEVICE_STATUS_SHARES = MappingProxyType({"online": 0.85, "offline": 0.10, "maintenance": 0.05})
# (model, share, first firmware release year offset from the history start)
DEVICE_MODELS = MappingProxyType(
    {
        "TapFlow Sense S1": 0.35,
        "TapFlow Sense S2": 0.40,
        "TapFlow Pro P1": 0.20,
        "TapFlow Pro P2 Max": 0.05,
    }
)
FIRMWARE_VERSIONS = ("3.2.1", "3.4.0", "4.0.2", "4.1.0", "4.2.3")

# --- subscriptions --------------------------------------------------------------------------
TRIAL_DAYS = 14
# Trialing subscriptions are this share of subscriptions started in the trailing window.
TRIAL_SHARE_OF_NEW = 0.125
TRIAL_SHARE_BOUNDS = (0.10, 0.15)
NEW_SUBSCRIPTION_WINDOW_DAYS = 90
# Annual churn hazard, skewed to small single-location accounts.
ANNUAL_CHURN_RATE = 0.10
CHURN_MULTIPLIER_BY_TIER = MappingProxyType(
    {"starter": 1.3, "professional": 0.8, "business": 0.5, "enterprise": 0.3}
)
SINGLE_LOCATION_CHURN_MULTIPLIER = 1.4
PAST_DUE_SHARE_OF_ACTIVE = 0.03
ANNUAL_BILLING_SHARE_BY_TIER = MappingProxyType(
    {"starter": 0.25, "professional": 0.35, "business": 0.50, "enterprise": 0.65}
)
# Kinds of plan change that open a new subscription, with relative frequency.
PLAN_CHANGE_SHARES = MappingProxyType({"upgrade": 0.55, "downgrade": 0.15, "quantity_change": 0.30})
# List price per location per month, in cents; annual plans cost ten months.
MONTHLY_PRICE_CENTS = MappingProxyType(
    {"starter": 7_900, "professional": 19_900, "business": 44_900, "enterprise": 89_900}
)
ANNUAL_PRICE_MONTHS = 10
# Recurly's B2B benchmark: ~28% of churn is involuntary (1.38 of 4.91 points a month).
INVOLUNTARY_CHURN_SHARE = 0.28

# --- product usage (app activity) ----------------------------------------------------------
# Relative sessions per day by role; scaled so the environment hits its session target.
SESSION_RATE_BY_ROLE = MappingProxyType({"admin": 1.6, "manager": 1.1, "staff": 0.6})
# Spread of account engagement (log-normal sigma) and the pull of account status on it.
ENGAGEMENT_SIGMA = 0.45
ENGAGEMENT_BY_STATUS = MappingProxyType(
    {"trialing": 1.4, "active": 1.0, "past_due": 0.5, "churned": 0.8}
)
# Churning accounts fade out over this many days before they leave, down to this share of
# their usual usage: app sessions and their venues' pours alike. A quarter: disengagement
# shows in the quarter before a cancellation (the horizon a churn model is asked about).
CHURN_FADE_DAYS = 90
CHURN_FADE_FLOOR = 0.15
WEEKEND_USAGE_FACTOR = 0.55
# Local working-hours curve of sessions (0..23).
SESSION_HOUR_WEIGHTS = (
    1,
    0,
    0,
    0,
    0,
    1,
    2,
    4,
    7,
    9,
    10,
    10,
    9,
    9,
    9,
    8,
    8,
    7,
    6,
    5,
    4,
    3,
    2,
    1,
)
DEVICE_TYPE_BY_ROLE = MappingProxyType(
    {
        "admin": {"desktop": 0.70, "mobile": 0.20, "tablet": 0.10},
        "manager": {"desktop": 0.50, "mobile": 0.35, "tablet": 0.15},
        "staff": {"desktop": 0.15, "mobile": 0.65, "tablet": 0.20},
    }
)
SESSION_MINUTES_MEDIAN_BY_ROLE = MappingProxyType({"admin": 14.0, "manager": 9.0, "staff": 4.0})
PAGES_PER_SESSION_EXTRA_MEAN = 4.0
FEATURES_PER_SESSION_MEAN = 3.0
# (page path, weight); every session enters on the dashboard.
PAGES = (
    ("/dashboard", 0.0),
    ("/taps/live", 0.20),
    ("/inventory/kegs", 0.14),
    ("/reports/pour-cost", 0.12),
    ("/devices", 0.12),
    ("/alerts", 0.10),
    ("/locations", 0.08),
    ("/menu/products", 0.08),
    ("/team", 0.05),
    ("/billing", 0.04),
    ("/integrations/pos", 0.04),
    ("/settings", 0.03),
)
# (feature key, name, category, minimum tier, days after history start released, beta days,
#  popularity, error rate)
FEATURES = (
    ("live_pour_monitor", "Live pour monitor", "monitoring", "starter", 0, 0, 1.0, 0.01),
    ("keg_levels", "Keg level tracking", "inventory", "starter", 0, 0, 0.8, 0.01),
    ("pour_cost_report", "Pour cost report", "reporting", "starter", 120, 30, 0.6, 0.02),
    ("temperature_alerts", "Temperature alerts", "monitoring", "starter", 200, 45, 0.7, 0.01),
    (
        "line_cleaning_scheduler",
        "Line cleaning scheduler",
        "maintenance",
        "professional",
        420,
        60,
        0.4,
        0.02,
    ),
    ("pos_sync", "POS integration sync", "integrations", "professional", 600, 90, 0.5, 0.05),
    (
        "multi_location_dashboard",
        "Multi-location dashboard",
        "reporting",
        "business",
        800,
        60,
        0.5,
        0.02,
    ),
    (
        "variance_analytics",
        "Pour variance analytics",
        "analytics",
        "business",
        1100,
        60,
        0.35,
        0.03,
    ),
    ("demand_forecast", "Demand forecasting", "analytics", "enterprise", 1400, 90, 0.3, 0.06),
    ("api_access", "Public API", "integrations", "enterprise", 1500, 30, 0.2, 0.04),
    ("mobile_quick_actions", "Mobile quick actions", "mobile", "starter", 1650, 45, 0.6, 0.03),
    ("ai_pour_insights", "AI pour insights", "analytics", "professional", 1790, 60, 0.45, 0.08),
)
# Adoption after release: logistic ramp with this midpoint and scale (days).
ADOPTION_MIDPOINT_DAYS = 30.0
ADOPTION_SCALE_DAYS = 10.0

# --- billing (Stripe) -----------------------------------------------------------------------
PRODUCT_NAMES = MappingProxyType(
    {
        "starter": "TapFlow Starter",
        "professional": "TapFlow Professional",
        "business": "TapFlow Business",
        "enterprise": "TapFlow Enterprise",
    }
)
# One-time add-ons billed on a new customer's first paid invoice:
# (name, unit amount in cents, share of new subscriptions buying it).
ADD_ONS = (
    ("On-site installation", 24_900, 0.30),
    ("Flow sensor kit", 14_900, 0.20),
    ("Keg level sensor", 9_900, 0.15),
    ("Staff onboarding workshop", 49_900, 0.05),
)
# Recurring add-ons, billed per location with the plan (annual = ten months, like plans):
# (name, monthly cents per location, share of subscriptions carrying it by tier). An account
# decides once, so an upgrade keeps its add-ons; Enterprise includes both in the plan.
RECURRING_ADD_ONS = (
    (
        "Keg inventory analytics",
        1_900,
        MappingProxyType(
            {"starter": 0.08, "professional": 0.25, "business": 0.40, "enterprise": 0.0}
        ),
    ),
    (
        "POS integration",
        2_900,
        MappingProxyType(
            {"starter": 0.05, "professional": 0.20, "business": 0.35, "enterprise": 0.0}
        ),
    ),
)
# Invoices finalise (and the first payment attempt runs) about an hour after creation.
FINALIZE_DELAY_HOURS = 1
FIRST_ATTEMPT_SUCCESS_SHARE = 0.95
# Smart-retry gaps in days after a failed attempt; the final retry of a live subscription
# succeeds, so dunning ends in a late payment, not a silent debt.
RETRY_GAP_DAYS = (3, 5, 7)
RETRY_SUCCESS_SHARE = 0.6
# Attempts on the invoice of an involuntarily churned subscription (all fail).
INVOLUNTARY_ATTEMPTS = 4
# What the settings above add up to: failed charges per payment intent (mean over seeds 0-11
# at dev size: 0.084). Only the charge table's size contract reads it.
FAILED_CHARGES_PER_PAYMENT = 0.084
FAILURE_CODES = MappingProxyType(
    {
        "card_declined": 0.45,
        "insufficient_funds": 0.35,
        "expired_card": 0.12,
        "processing_error": 0.08,
    }
)
REFUND_SHARE_OF_CHARGES = 0.015
# Chargebacks: a share of succeeded charges disputed (B2B card payments rarely are), at least
# one in every environment; opened 5-60 days after the charge, decided 70 days after opening;
# Stripe's dispute fee; the share the merchant wins (with evidence: the signed order form).
DISPUTE_SHARE_OF_CHARGES = 0.001
DISPUTE_OPENED_DAYS = (5, 60)
DISPUTE_DECIDED_DAYS = 70
DISPUTE_FEE_CENTS = 1500
DISPUTE_WIN_SHARE = 0.4
DISPUTE_REASONS = MappingProxyType(
    {"fraudulent": 0.3, "subscription_canceled": 0.4, "product_unacceptable": 0.2, "general": 0.1}
)
REFUND_FULL_SHARE = 0.4
REFUND_MAX_DAYS_AFTER_CHARGE = 20
REFUND_REASONS = MappingProxyType(
    {"requested_by_customer": 0.75, "duplicate": 0.15, "fraudulent": 0.10}
)
STRIPE_FEE_PERCENT = 2.9
STRIPE_FEE_FIXED_CENTS = 30
PAYOUT_DELAY_DAYS = 2
# Automatic daily payouts: created early on the day funds become available, in the bank the
# next day.
PAYOUT_HOUR_UTC = 5
PAYOUT_TRANSIT_DAYS = 1
# How customers pay (one default payment method per customer): cards, or ACH debit from a US
# bank account, which larger B2B customers prefer (Stripe's B2B mix).
PAYMENT_METHOD_SHARES = MappingProxyType({"card": 0.8, "us_bank_account": 0.2})
CARD_BRANDS = MappingProxyType({"visa": 0.48, "mastercard": 0.26, "amex": 0.21, "discover": 0.05})
CARD_FUNDING = MappingProxyType({"credit": 0.82, "debit": 0.18})
# Issuing country of the cards (business cards of US venues, a few issued abroad).
CARD_COUNTRIES = MappingProxyType({"US": 0.97, "CA": 0.02, "GB": 0.01})
# TapFlow's own Stripe account.
STRIPE_ACCOUNT = MappingProxyType(
    {
        "business_profile_name": "TapFlow",
        "business_profile_mcc": "5734",  # computer software stores
        "company_name": "TapFlow, Inc.",
        "email": "billing@tapflow.io",
        "company_address_line_1": "548 Market St",
        "company_address_city": "San Francisco",
        "company_address_state": "CA",
        "company_address_postal_code": "94104",
        "company_phone": "+14155550134",
    }
)
# (coupon id, name, percent off, amount off in cents, duration, months, share of new trials).
# Only once/repeating coupons: by Stripe's definition they do not change MRR, so app MRR and
# Stripe MRR agree to the cent.
COUPONS = (
    ("LAUNCH20", "Launch offer 20% x 3 months", 20.0, None, "repeating", 3, 0.08),
    ("WELCOME50", "Welcome $50 off", None, 5_000, "once", None, 0.05),
    ("TAPFEST15", "Tap Fest 15% x 2 months", 15.0, None, "repeating", 2, 0.03),
    ("PARTNER10", "Partner referral 10% first invoice", 10.0, None, "once", None, 0.02),
)
STRIPE_API_VERSION = "2024-06-20"

# --- IoT: tap events and telemetry ----------------------------------------------------------
# Pours per location per day by venue type (uniform range per location).
TAPS_PER_LOCATION_DAY = MappingProxyType(
    {
        "restaurant": (50, 200),
        "bar": (100, 400),
        "hotel": (80, 250),
        "brewery": (120, 350),
        "stadium_venue": (250, 900),
    }
)
# Local-hour weights (0..23) by venue: quiet mornings, lunch bump, peak 18:00-22:00.
_EVENING = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 4, 4, 3, 3, 4, 7, 12, 14, 14, 13, 11, 5)
_BAR = (3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 4, 7, 11, 13, 14, 14, 13, 9)
HOURLY_WEIGHTS = MappingProxyType(
    {
        "restaurant": _EVENING,
        "bar": _BAR,
        "hotel": _EVENING,
        "brewery": _EVENING,
        "stadium_venue": (
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            1,
            2,
            3,
            3,
            4,
            6,
            12,
            15,
            15,
            13,
            8,
            3,
        ),
    }
)
PEAK_HOURS = (18, 22)  # local [start, end)
# Monday..Sunday multipliers and January..December seasonality.
WEEKDAY_FACTOR = (0.75, 0.8, 0.9, 1.0, 1.35, 1.45, 1.1)
MONTH_FACTOR = (0.85, 0.88, 0.97, 1.0, 1.05, 1.12, 1.15, 1.12, 1.02, 0.98, 0.95, 1.1)
# (product, share, pour ml mean, ml sd, flow ml/s, temperature C, pressure psi)
PRODUCTS = (
    ("lager", 0.34, 473.0, 25.0, 72.0, 3.0, 12.0),
    ("ipa", 0.24, 473.0, 25.0, 68.0, 3.5, 12.5),
    ("stout", 0.09, 568.0, 30.0, 55.0, 5.5, 30.0),
    ("wheat", 0.08, 473.0, 25.0, 70.0, 3.5, 12.0),
    ("cider", 0.07, 473.0, 25.0, 75.0, 3.0, 11.0),
    ("wine", 0.12, 150.0, 12.0, 40.0, 9.0, 8.0),
    ("cold_brew", 0.06, 355.0, 20.0, 60.0, 4.0, 10.0),
)
# Faulty devices: gaps (days with no pours) and temperature/pressure anomalies.
FAULTY_DEVICE_SHARE = 0.08
FAULTY_SHARE_OF_OFFLINE_OR_MAINTENANCE = 0.4
FAULTY_GAP_DAY_SHARE = 0.25
FAULTY_ANOMALY_SHARE = 0.15
HEALTHY_ANOMALY_SHARE = 0.005
# Telemetry: one reading every this many hours over the trailing days.
TELEMETRY_INTERVAL_HOURS = 3
TELEMETRY_DAYS = 7
# Standard UTC offset (hours) per timezone; DST adds one hour from mid-March to early November.
UTC_OFFSET_HOURS = MappingProxyType(
    {
        "America/New_York": -5,
        "America/Detroit": -5,
        "America/Indiana/Indianapolis": -5,
        "America/Chicago": -6,
        "America/Denver": -7,
        "America/Boise": -7,
        "America/Phoenix": -7,
        "America/Los_Angeles": -8,
        "America/Anchorage": -9,
        "Pacific/Honolulu": -10,
    }
)
NO_DST_TIMEZONES = ("America/Phoenix", "Pacific/Honolulu")
DST_DAY_OF_YEAR = (70, 308)
