"""Deterministic demo raw-data generator (billing, product usage, CRM, finance)."""

from .generator import generate

__all__ = ["generate"]
