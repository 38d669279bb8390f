"""Synthetic subscription (contractual) data with a known shifted-beta-geometric truth."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._deprecate import renamed_arguments
from .._errors import CRMLibError

__all__ = ["make_subscriptions"]


@renamed_arguments(seed="random_state", horizon="periods", since="0.2", removed_in="0.3")
def make_subscriptions(
    n_customers: int = 5000,
    random_state: int = 2026,
    *,
    n_cohorts: int = 12,
    alpha: float = 0.7,
    beta: float = 1.2,
    periods: int | None = None,
    monthly_fee: float = 30.0,
    return_info: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, dict]:
    """A subscription business: monthly acquisition cohorts, each customer with an sBG lifetime.

    Every customer gets a churn probability θ ~ Beta(``alpha``, ``beta``) and then renews each
    month with probability 1 - θ, so lifetimes are shifted-geometric given θ (Fader & Hardie
    2007). Customers join in one of ``n_cohorts`` monthly cohorts (cohort 0 is the oldest)
    and are observed until the end of month ``periods`` (default ``n_cohorts``), so later
    cohorts are right-censored earlier — the shape of real subscription data.

    Parameters
    ----------
    n_customers : number of customers, spread evenly over the cohorts.
    random_state : random seed (numpy ``default_rng``; the retired name is ``seed``).
    n_cohorts : number of monthly acquisition cohorts.
    alpha, beta : the true Beta(α, β) heterogeneity of the churn probability.
    periods : months observed from the start of cohort 0 (the retired name is ``horizon``).
    monthly_fee : fee per active month (for revenue).
    return_info : also return the generating values, ``(subs, info)``.

    Returns
    -------
    DataFrame with one row per customer: ``customer_id``, ``cohort`` (0..n_cohorts-1),
    ``theta`` (true churn probability), ``lifetime`` (true months paid, uncensored),
    ``tenure`` (months observed paying, ≤ periods - cohort), ``churned`` (1 if the churn was
    observed), ``revenue``. With ``return_info=True``, ``(subs, info)``: ``info["params"]``
    holds the truth (alpha, beta, periods, n_cohorts, monthly_fee, random_state). ``attrs``
    repeat *info* for one release (removed in 0.3), a convenience no crmlib code reads.

    Examples
    --------
    >>> subs, info = make_subscriptions(1000, random_state=1, return_info=True)
    >>> info["params"]["alpha"], len(subs)
    (0.7, 1000)
    >>> bool((subs["tenure"] <= subs["lifetime"]).all())
    True
    """
    if n_customers < 1 or n_cohorts < 1:
        raise CRMLibError("n_customers and n_cohorts must be positive.")
    if alpha <= 0 or beta <= 0:
        raise CRMLibError("alpha and beta must be positive (they are Beta-distribution shapes).")
    periods = n_cohorts if periods is None else int(periods)
    if periods < n_cohorts:
        raise CRMLibError("periods must be at least n_cohorts so that every cohort is observed.")
    rng = np.random.default_rng(random_state)
    cohort = np.arange(n_customers) % n_cohorts
    theta = rng.beta(alpha, beta, n_customers)
    theta = np.clip(theta, 1e-12, 1.0)
    lifetime = rng.geometric(theta)  # months paid, >= 1
    window = periods - cohort
    tenure = np.minimum(lifetime, window)
    churned = (lifetime <= window).astype(int)
    frame = pd.DataFrame({
        "customer_id": np.arange(1, n_customers + 1),
        "cohort": cohort,
        "theta": theta,
        "lifetime": lifetime,
        "tenure": tenure,
        "churned": churned,
        "revenue": tenure * float(monthly_fee),
    })
    info = {"params": {"alpha": alpha, "beta": beta, "periods": periods, "n_cohorts": n_cohorts,
                       "monthly_fee": monthly_fee, "random_state": random_state}}
    frame.attrs["params"] = dict(info["params"])  # deprecated convenience (removed in 0.3)
    return (frame, info) if return_info else frame
