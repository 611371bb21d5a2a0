"""Expansion revenue warehouse: Python side (demo data generator, scoring, tools)."""
