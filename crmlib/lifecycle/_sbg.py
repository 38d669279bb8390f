"""The shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007).

Chapter 2, "The shifted-beta-geometric model" (notebook ch2_contractual_retention).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd
from scipy import optimize, special

from .._base import BaseModel
from .._errors import CRMLibError


class ShiftedBetaGeometric(BaseModel):
    """The shifted-beta-geometric (sBG) model of contractual retention.

    Each customer renews every period with a constant probability 1 - θ; the churn
    probability θ varies across customers as Beta(α, β). Because high-θ customers leave first,
    the *aggregate* retention rate rises over time even though no individual's does.

    Attributes
    ----------
    params_ : pandas.Series (``alpha``, ``beta``)
    log_likelihood_ : float
    survivors_ : pandas.Series, the counts the model was fitted to

    References
    ----------
    Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention.
    *Journal of Interactive Marketing* 21(1), 76-90.
    Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual setting:
    the perils of ignoring heterogeneity. *Marketing Science* 29(1), 85-93.

    Examples
    --------
    >>> sbg = ShiftedBetaGeometric().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> sbg.params_.round(3).to_dict()
    {'alpha': 0.704, 'beta': 1.182}
    """

    def __init__(self) -> None:
        pass

    @classmethod
    def from_params(cls, alpha: float, beta: float, cohort_size: float = 1000.0) -> "ShiftedBetaGeometric":
        """A model with given α, β (no fitting), e.g. for what-if projections.

        Examples
        --------
        >>> round(ShiftedBetaGeometric.from_params(1.0, 1.0).survival(1), 3)
        0.5
        """
        if alpha <= 0 or beta <= 0:
            raise CRMLibError("alpha and beta must be positive.")
        model = cls()
        model.params_ = pd.Series([float(alpha), float(beta)], index=["alpha", "beta"], name="estimate")
        model.survivors_ = pd.Series([float(cohort_size)], index=pd.RangeIndex(1, name="period"), name="survivors")
        return model

    def fit(self, survivors: Sequence[float] | pd.Series) -> "ShiftedBetaGeometric":
        """Fit α, β by maximum likelihood to survivor counts S(0) (cohort size), S(1), ...

        Those lost in period t contribute P(T = t); those still active at the end contribute
        S(last).
        """
        s = np.asarray(survivors, dtype=float)
        if s.ndim != 1 or s.size < 2:
            raise CRMLibError("Pass at least two survivor counts: the cohort size S(0) and S(1), ...")
        if np.any(np.diff(s) > 0) or s[0] <= 0:
            raise CRMLibError("Survivor counts must start positive and never increase.")
        # survivor counts are durations in disguise: -diff(s)[t-1] customers churned after t
        # periods, and s[-1] are still active (censored) after the last one
        t = np.arange(1, s.size, dtype=float)
        self._fit_weighted(np.r_[t, t[-1]], np.r_[np.ones(t.size), 0.0], np.r_[-np.diff(s), s[-1]])
        self.survivors_ = pd.Series(s, index=pd.RangeIndex(s.size, name="period"), name="survivors")
        return self

    def fit_durations(self, durations: Any, churned: Any) -> "ShiftedBetaGeometric":
        """Fit α, β to customer-level, right-censored data (several cohorts at once).

        A customer who churned after paying ``d`` periods contributes P(T = d); one still
        active after ``d`` periods contributes S(d). With a single fully observed cohort this
        gives the same estimates as :meth:`fit` on its survivor counts.

        Parameters
        ----------
        durations : periods paid (≥ 1 for churners).
        churned : 1/True if the churn was observed, 0/False if still active (censored).
        """
        d = np.asarray(durations, dtype=float)
        c = np.asarray(churned, dtype=float)
        if d.shape != c.shape or d.size == 0:
            raise CRMLibError("durations and churned must be non-empty and of the same length.")
        if np.any((c == 1) & (d < 1)):
            raise CRMLibError("A churned customer must have paid at least one period (duration >= 1).")
        uniq, counts = np.unique(np.column_stack([d, c]), axis=0, return_counts=True)
        self._fit_weighted(uniq[:, 0], uniq[:, 1], counts.astype(float))
        horizon = int(d.max())
        # naive counts (censored customers drop out of the later counts): used only for the cohort size
        self.survivors_ = pd.Series([float((d > t).sum()) if t else float(d.size) for t in range(horizon + 1)],
                                    index=pd.RangeIndex(horizon + 1, name="period"), name="survivors")
        return self

    def _fit_weighted(self, durations: np.ndarray, churned: np.ndarray, weights: np.ndarray) -> None:
        """The one sBG likelihood and optimiser behind :meth:`fit` and :meth:`fit_durations`.

        ``weights`` customers churned after ``durations`` periods (``churned`` 1, P(T = d))
        or are still active after them (``churned`` 0, S(d)).
        """
        def nll(theta: np.ndarray) -> float:
            a, b = np.exp(theta)
            base = special.betaln(a, b)
            lp = special.betaln(a + 1, b + np.maximum(durations, 1) - 1) - base
            ls = special.betaln(a, b + durations) - base
            return -float(weights @ np.where(churned == 1, lp, ls))

        res = optimize.minimize(nll, np.zeros(2), method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-10,
                                                                               "maxiter": 5000})
        self.params_ = pd.Series(np.exp(res.x), index=["alpha", "beta"], name="estimate")
        self.log_likelihood_ = float(-res.fun)

    def _ab(self) -> tuple[float, float]:
        self._check_fitted()
        return float(self.params_["alpha"]), float(self.params_["beta"])

    def survival(self, t: Any) -> Any:
        """S(t) = B(α, β + t) / B(α, β): share of a cohort still active after t periods."""
        a, b = self._ab()
        t = np.asarray(t, dtype=float)
        out = np.exp(special.betaln(a, b + t) - special.betaln(a, b))
        return out if out.ndim else float(out)

    def retention_rate(self, t: Any) -> Any:
        """r(t) = S(t) / S(t-1) = (β + t - 1) / (α + β + t - 1), rising in t."""
        a, b = self._ab()
        t = np.asarray(t, dtype=float)
        out = (b + t - 1) / (a + b + t - 1)
        return out if out.ndim else float(out)

    def churn_probability(self, t: Any) -> Any:
        """P(T = t) = B(α + 1, β + t - 1) / B(α, β): probability of leaving in period t."""
        a, b = self._ab()
        t = np.asarray(t, dtype=float)
        out = np.exp(special.betaln(a + 1, b + t - 1) - special.betaln(a, b))
        return out if out.ndim else float(out)

    def project(self, periods: int, cohort_size: float | None = None) -> pd.DataFrame:
        """Projected survivors and retention rates for periods 0..``periods``.

        Returns a DataFrame indexed by period with ``survival``, ``survivors`` (× cohort size,
        default the fitted S(0)) and ``retention_rate`` (NaN at 0).
        """
        n0 = float(self.survivors_.iloc[0]) if cohort_size is None else float(cohort_size)
        t = np.arange(periods + 1)
        s = self.survival(t)
        rr = np.r_[np.nan, self.retention_rate(t[1:])]
        return pd.DataFrame({"survival": s, "survivors": n0 * s, "retention_rate": rr},
                            index=pd.RangeIndex(periods + 1, name="period"))

    def derl(self, discount_rate: float, renewals: int = 0) -> float:
        """Discounted expected residual lifetime of a customer who has made ``renewals`` renewals.

        DERL(d | α, β, n-1 renewals) = (β + n - 1)/(α + β + n - 1) · ₂F₁(1, β + n; α + β + n; 1/(1+d))
        (Fader & Hardie 2010, eq. 6, with n = renewals + 1): the expected number of future
        payments, each discounted, the first at the coming renewal (undiscounted). Multiply by
        the margin per period for the residual value of the customer.
        """
        if discount_rate <= 0:
            raise CRMLibError("discount_rate must be positive (e.g. 0.1 for 10 % a period).")
        a, b = self._ab()
        n = renewals + 1
        return float((b + n - 1) / (a + b + n - 1) * special.hyp2f1(1, b + n, a + b + n, 1 / (1 + discount_rate)))

    def residual_value(self, margin: float, discount_rate: float, renewals: int = 0) -> float:
        """Expected discounted future margin of an active customer: ``margin × DERL``."""
        return float(margin) * self.derl(discount_rate, renewals)


def sbg_mean_churn(alpha: float, beta: float) -> float:
    """Mean churn probability of a new customer under the sBG model: E[θ] = α / (α + β).

    θ ~ Beta(α, β) is each customer's constant churn probability per period, so this is
    also the expected share of a new cohort lost in its first period, 1 − S(1).

    Examples
    --------
    >>> round(sbg_mean_churn(0.704, 1.182), 3)  # Fader & Hardie's "regular" customers
    0.373
    """
    if not (alpha > 0 and beta > 0):
        raise CRMLibError(f"alpha and beta must be positive, got alpha={alpha}, beta={beta}.")
    return float(alpha) / (float(alpha) + float(beta))
