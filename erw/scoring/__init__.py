"""Account scores for the expansion revenue warehouse: plain pandas/numpy, no dbt inside.

The dbt Python models (models/marts/scores/fct_*.py) load their inputs and the scoring seeds,
call one function from here and return its frame; pytest exercises the same functions directly.
"""

from erw.scoring.scores import (
    cross_sell_propensity,
    expansion_readiness,
    health_score,
    points_model,
    pqa_score,
    whitespace,
    win_back_score,
)

__all__ = [
    "cross_sell_propensity",
    "expansion_readiness",
    "health_score",
    "points_model",
    "pqa_score",
    "whitespace",
    "win_back_score",
]
