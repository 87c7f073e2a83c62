"""Environments as static partitions: the same asset graph at dev, qa and prod sizes."""

import dagster as dg

from saas_datagen.config.environments import ENVIRONMENTS

ENV_PARTITIONS = dg.StaticPartitionsDefinition(list(ENVIRONMENTS))
