"""Validation thresholds (DESIGN.md section 8), keyed by environment where size matters."""

from types import MappingProxyType

from saas_datagen.config.distributions import INDUSTRIES, TRIAL_SHARE_BOUNDS

TIER_SHARE_TOLERANCE = 0.05  # ± 5 percentage points
MIN_STATES = MappingProxyType({"test": 15, "dev": 25, "qa": 25, "prod": 25})
REQUIRED_INDUSTRIES = len(INDUSTRIES)
TRIAL_SHARE_RANGE = TRIAL_SHARE_BOUNDS
DEVICE_STATUS_TOLERANCE = 0.03
MIN_TAP_EVENTS = MappingProxyType(
    {"test": 40_000, "dev": 1_000_000, "qa": 1_000_000, "prod": 1_000_000}
)
MIN_ONLINE_DEVICE_TAP_COVERAGE = 0.95
# Percent of tap-event pages sampled when finding the busiest local hours (big tables).
PEAK_SAMPLE_PERCENT = MappingProxyType({"test": 100.0, "dev": 100.0, "qa": 2.0, "prod": 0.5})
# Share of chargeable invoices paid on the first attempt (target ~95%).
FIRST_ATTEMPT_PAID_RANGE = (0.90, 0.98)
MIN_CAMPAIGNS = MappingProxyType({"test": 20, "dev": 20, "qa": 20, "prod": 20})
MIN_AD_PLATFORMS = 3
FORM_MIX_TOLERANCE = 0.03
TRIAL_CONVERSION_TOLERANCE = 0.05
DEAL_WIN_RATE_RANGE = (0.20, 0.30)
# Average Google cost per click, USD (benchmark ~$4.66).
GOOGLE_CPC_RANGE = (3.0, 7.0)
