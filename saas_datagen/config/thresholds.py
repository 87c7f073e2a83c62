"""Validation thresholds (DESIGN.md section 8), keyed by environment where size matters."""

from types import MappingProxyType

from saas_datagen.config.distributions import INDUSTRIES, TRIAL_SHARE_BOUNDS

TIER_SHARE_TOLERANCE = 0.05  # ± 5 percentage points
MIN_STATES = MappingProxyType({"test": 15, "dev": 25, "qa": 25, "prod": 25})
REQUIRED_INDUSTRIES = len(INDUSTRIES)
TRIAL_SHARE_RANGE = TRIAL_SHARE_BOUNDS
DEVICE_STATUS_TOLERANCE = 0.03
