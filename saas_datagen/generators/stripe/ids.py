"""Stripe-style object ids (`cus_…`, `in_…`), derived from internal integer keys.

The id is a bijective 64-bit mix of (seed, prefix, key) written in base 62, so ids look
random, never collide within a prefix, and every table renders the same id for the same key.
"""

from __future__ import annotations

import zlib

import numpy as np
import polars as pl

ALPHABET = np.frombuffer(
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", dtype=np.uint8
)
# 62**11 > 2**64, so eleven base-62 digits of the mixed key are unique; three more pad the
# id to Stripe's usual 14 characters after the prefix.
UNIQUE_DIGITS = 11
PAD_DIGITS = 3


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a bijection on uint64."""
    z = values.astype(np.uint64)
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _base62(values: np.ndarray, digits: int) -> np.ndarray:
    out = np.empty((len(values), digits), dtype=np.uint8)
    rest = values.copy()
    for position in range(digits - 1, -1, -1):
        out[:, position] = ALPHABET[(rest % np.uint64(62)).astype(np.intp)]
        rest //= np.uint64(62)
    return out


def stripe_ids(prefix: str, keys: np.ndarray | pl.Series, seed: int) -> pl.Series:
    """`<prefix>_` + 14 base-62 characters for each integer key (nulls stay null)."""
    series = keys if isinstance(keys, pl.Series) else pl.Series(keys)
    present = series.is_not_null().to_numpy()
    raw = series.fill_null(0).cast(pl.Int64).to_numpy().astype(np.uint64)
    salt = np.uint64((zlib.crc32(prefix.encode()) << 32) ^ (seed & 0xFFFFFFFF))
    mixed = _mix(raw ^ salt)
    chars = np.hstack([_base62(mixed, UNIQUE_DIGITS), _base62(_mix(mixed), PAD_DIGITS)])
    body = pl.Series(chars.view(f"S{UNIQUE_DIGITS + PAD_DIGITS}").ravel()).cast(pl.String)
    ids = f"{prefix}_" + body
    return ids.set(pl.Series(~present), None) if not present.all() else ids
