"""Small Faker-built pools (names, streets, cities) that generators sample from.

Faker is slow per call, so it only builds a few hundred values per pool, seeded from the
context; rows then index into the pool with numpy.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from faker import Faker

POOL_SIZE = 600


@cache
def _faker(seed: int, stream: str) -> Faker:
    fake = Faker("en_US")
    fake.seed_instance(f"{seed}:{stream}")
    return fake


@cache
def pool(seed: int, kind: str) -> np.ndarray:
    fake = _faker(seed, kind)
    makers = {
        "first_name": fake.first_name,
        "last_name": fake.last_name,
        "company_word": lambda: (
            fake.last_name()
            if fake.random.random() < 0.6
            else fake.word(ext_word_list=COMPANY_WORDS).title()
        ),
        "street": fake.street_address,
        "city": fake.city,
    }
    return np.array([makers[kind]() for _ in range(POOL_SIZE)])


def sample(rng: np.random.Generator, seed: int, kind: str, n: int) -> np.ndarray:
    values = pool(seed, kind)
    return values[rng.integers(0, len(values), n)]


COMPANY_WORDS = (
    "copper",
    "oak",
    "harbor",
    "summit",
    "maple",
    "anchor",
    "granite",
    "golden",
    "silver",
    "river",
    "lantern",
    "cedar",
    "meridian",
    "union",
    "liberty",
    "north",
    "fox",
    "raven",
    "barrel",
    "hop",
    "crown",
    "iron",
    "willow",
    "lucky",
    "blue",
    "red",
    "stone",
    "pine",
)
