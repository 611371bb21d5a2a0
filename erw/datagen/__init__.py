"""Deterministic demo raw-data generator (billing, product usage, CRM, finance)."""

from .generator import generate
from .params import DEFAULT, Params

__all__ = ["DEFAULT", "Params", "generate"]
