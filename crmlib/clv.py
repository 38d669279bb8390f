"""Purchase models for non-contractual customers: BG/NBD, Gamma-Gamma and model-based CLV.

In a *non-contractual* setting (a shop, a CD retailer) nobody tells the firm when they
stop buying; "churn" is never observed. The BG/NBD model (Fader, Hardie & Lee 2005)
explains each customer's repeat purchases with two hidden quantities:

* while alive, a customer buys at a Poisson rate λ, with λ ~ Gamma(r, α) across customers;
* after every purchase the customer may drop out with probability p, p ~ Beta(a, b).

The Gamma-Gamma model (Fader, Hardie & Lee 2005b) adds the value of a purchase, and the
two combine into a customer lifetime value (CLV, 客户终身价值).

The input is a per-customer summary with ``frequency`` (x, repeat purchases), ``recency``
(t_x, first to last purchase) and ``T`` (first purchase to end of observation), as made by
:func:`crmlib.summary.customer_summary` or :func:`crmlib.datasets.load_cdnow_summary`.

Both models are fitted by maximum likelihood on the analytic log-likelihood, with
log-parameters, an analytic gradient, and identical customers collapsed into weighted rows,
so that a million customers fit in about a second.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, special

from ._base import BaseModel
from ._errors import CRMLibError, DataFormatError

__all__ = ["BetaGeo", "GammaGamma", "customer_lifetime_value", "predicted_vs_actual"]

_FREQ_PER_MONTH = {"D": 30.0, "W": 4.345, "M": 1.0}


def _summary_arrays(summary: pd.DataFrame, columns: tuple[str, ...]) -> list[np.ndarray]:
    if not isinstance(summary, pd.DataFrame):
        raise DataFormatError(
            f"Expected a pandas DataFrame summary with columns {', '.join(columns)}; got {type(summary).__name__}. "
            "Make one with crmlib.summary.customer_summary(transactions)."
        )
    missing = [c for c in columns if c not in summary.columns]
    if missing:
        raise DataFormatError(
            f"The summary has no column(s) {', '.join(missing)} (columns: {', '.join(map(str, summary.columns))}). "
            "Make one with crmlib.summary.customer_summary(transactions)."
        )
    out = [summary[c].to_numpy(dtype=float) for c in columns]
    for name, arr in zip(columns, out):
        if np.isnan(arr).any():
            raise DataFormatError(f"Column {name!r} has missing values; drop or fill those customers first.")
        if (arr < 0).any():
            raise DataFormatError(f"Column {name!r} has negative values; summaries count forward in time.")
    return out


def _table_counts(summary: Any, columns: tuple[str, ...], where: Any = None) -> tuple[list[np.ndarray], np.ndarray]:
    """Distinct rows of ``columns`` with their customer counts, computed in a Polars, DuckDB or
    Spark table and collected: the fitting input stays small (a few thousand rows) at any scale.
    """
    import narwhals as nw  # noqa: PLC0415

    from ._frames import collect_pandas, to_narwhals  # noqa: PLC0415

    frame = to_narwhals(summary, "fit")
    names = list(frame.collect_schema().names())
    missing = [c for c in columns if c not in names]
    if missing:
        raise DataFormatError(
            f"The summary has no column(s) {', '.join(missing)} (columns: {', '.join(names)}). "
            "Make one with crmlib.summary.customer_summary(transactions)."
        )
    frame = frame.select(*[nw.col(c).cast(nw.Float64) for c in columns])
    if where is not None:
        frame = frame.filter(where)
    counts = collect_pandas(frame.group_by(*columns).agg(nw.len().alias("_n")))
    if counts[list(columns)].isna().any().any():
        raise DataFormatError("The summary has missing values; drop or fill those customers first.")
    counts = counts.sort_values(list(columns), kind="stable")
    arrays = [counts[c].to_numpy(dtype=float) for c in columns]
    for name, arr in zip(columns, arrays):
        if (arr < 0).any():
            raise DataFormatError(f"Column {name!r} has negative values; summaries count forward in time.")
    return arrays, counts["_n"].to_numpy(dtype=float)


def _collapse(*arrays: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Unique rows of the given columns and how many customers share each (hash-based)."""
    frame = pd.DataFrame({i: arr for i, arr in enumerate(arrays)})
    counts = frame.value_counts(sort=False)
    idx = counts.index
    return [idx.get_level_values(i).to_numpy(dtype=float) for i in range(len(arrays))], counts.to_numpy(dtype=float)


def _numeric_hessian(grad, theta: np.ndarray) -> np.ndarray:
    """Central-difference Hessian of a function given its analytic gradient."""
    k = theta.size
    hess = np.empty((k, k))
    for i in range(k):
        h = 1e-5 * max(1.0, abs(theta[i]))
        up, down = theta.copy(), theta.copy()
        up[i] += h
        down[i] -= h
        hess[:, i] = (grad(up) - grad(down)) / (2 * h)
    return (hess + hess.T) / 2


def _hyp2f1(a, b, c, z):
    return special.hyp2f1(a, b, c, z)


# ---------------------------------------------------------------------------------------
# BG/NBD
# ---------------------------------------------------------------------------------------

class _BGData:
    """The data of a BG/NBD fit, with everything that does not depend on the parameters precomputed.

    Functions of x alone (gammaln, digamma) are evaluated once per *distinct* x and broadcast,
    so each likelihood evaluation costs a few logs and exps per row.
    """

    def __init__(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray) -> None:
        self.ux, self.inv = np.unique(x, return_inverse=True)
        self.x, self.tx, self.T, self.w = x, tx, T, w
        self.pos = x > 0
        self.w_by_x = np.bincount(self.inv, weights=w, minlength=self.ux.size)
        self.n = w.sum()

    def terms(self, params: np.ndarray, with_grad: bool = False):
        """Per-row log-likelihood and, optionally, the weighted gradient (sum over rows)."""
        r, alpha, a, b = params
        ux, inv, x = self.ux, self.inv, self.x
        gl = special.gammaln
        # functions of x only
        a1x = gl(r + ux) - gl(r) + r * np.log(alpha)
        a2x = gl(a + b) + gl(b + ux) - gl(b) - gl(a + b + ux)
        log_bx1 = np.log(np.where(ux > 0, b + ux - 1, 1.0))
        a3 = -(r + x) * np.log(alpha + self.T)
        a4 = np.where(self.pos, np.log(a) - log_bx1[inv] - (r + x) * np.log(alpha + self.tx), -np.inf)
        lse = np.logaddexp(a3, a4)
        ll = (a1x + a2x)[inv] + lse
        if not with_grad:
            return ll, None
        w = self.w
        w4 = np.exp(a4 - lse)
        w3 = 1.0 - w4
        ww3, ww4 = w * w3, w * w4
        psi = special.digamma
        lg_T, lg_tx = np.log(alpha + self.T), np.log(alpha + self.tx)
        wx = self.w_by_x
        g_r = wx @ (psi(r + ux) - psi(r) + np.log(alpha)) - ww3 @ lg_T - ww4 @ lg_tx
        g_alpha = self.n * r / alpha - (ww3 * (r + x)) @ (1 / (alpha + self.T)) - (ww4 * (r + x)) @ (1 / (alpha + self.tx))
        g_a = wx @ (psi(a + b) - psi(a + b + ux)) + ww4.sum() / a
        inv_bx1 = np.where(ux > 0, 1 / np.where(ux > 0, b + ux - 1, 1.0), 0.0)
        g_b = wx @ (psi(a + b) + psi(b + ux) - psi(b) - psi(a + b + ux)) - ww4 @ inv_bx1[inv]
        return ll, np.array([g_r, g_alpha, g_a, g_b])


def _bg_loglik_terms(params: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Per-customer BG/NBD log-likelihood (equation 6 of FHL 2005)."""
    return _BGData(x, tx, T, np.ones_like(x)).terms(np.asarray(params, float))[0]


class BetaGeo(BaseModel):
    """The beta-geometric/negative binomial distribution (BG/NBD) model.

    Parameters
    ----------
    penalizer : float, default 0
        L2 penalty on the parameters (as in lifetimes' ``penalizer_coef``); 0 gives the
        maximum-likelihood estimates of the paper.
    collapse : bool, default True
        Fit on the unique (frequency, recency, T) rows weighted by their counts.

    Attributes
    ----------
    params_ : pandas.Series
        ``r``, ``alpha`` (purchase rate ~ Gamma(r, alpha)), ``a``, ``b`` (drop-out ~ Beta(a, b)).
    standard_errors_ : pandas.Series
        From the inverse Hessian of the negative log-likelihood at the estimate.
    log_likelihood_ : float
        The maximised log-likelihood (summed over customers).
    n_customers_ : int
    n_unique_ : int
        Distinct (frequency, recency, T) rows the likelihood was evaluated on.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way:
    an alternative to the Pareto/NBD model. *Marketing Science* 24(2), 275-284.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlib.clv import BetaGeo
    >>> bg = BetaGeo()
    >>> bg.params_ = pd.Series({"r": 0.2426, "alpha": 4.4136, "a": 0.7929, "b": 2.4259})
    >>> round(float(bg.conditional_expected_purchases(39, 2, 30.43, 38.86)), 3)
    1.226
    >>> round(float(bg.p_alive(2, 30.43, 38.86)), 3)
    0.727
    """

    _names = ("r", "alpha", "a", "b")

    def __init__(self, penalizer: float = 0.0, collapse: bool = True) -> None:
        self.penalizer = penalizer
        self.collapse = collapse

    @classmethod
    def from_params(cls, r: float, alpha: float, a: float, b: float) -> "BetaGeo":
        """A model with given parameters (no fitting), e.g. the published estimates.

        Examples
        --------
        >>> round(BetaGeo.from_params(0.2426, 4.4136, 0.7929, 2.4259).expected_purchases(39), 3)
        1.195
        """
        if min(r, alpha, a, b) <= 0:
            raise CRMLibError("All BG/NBD parameters must be positive.")
        model = cls()
        model.params_ = pd.Series([r, alpha, a, b], index=list(cls._names), dtype=float, name="estimate")
        return model

    def fit(self, summary: pd.DataFrame, initial: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)) -> "BetaGeo":
        """Estimate r, alpha, a, b by maximum likelihood.

        Parameters
        ----------
        summary : DataFrame with ``frequency``, ``recency`` and ``T`` (one row per customer), or
            such a table in Polars, DuckDB or Spark (e.g. ``customer_summary(spark_df)``): then the
            distinct (frequency, recency, T) rows and their customer counts are computed in the
            engine and only they are collected. They stay small at any scale (frequency and the
            day counts are bounded by the observation window: CDNow's 23,570 customers collapse
            to a few thousand rows), and the likelihood on them is the same sum, so the
            estimates equal those of a fit on the pandas summary.
        initial : starting values of (r, alpha, a, b).

        Returns
        -------
        self
        """
        w = None
        if isinstance(summary, pd.DataFrame):
            x, tx, T = _summary_arrays(summary, ("frequency", "recency", "T"))
        else:  # a Polars/DuckDB/Spark summary: collapse in the engine, collect the distinct rows
            (x, tx, T), w = _table_counts(summary, ("frequency", "recency", "T"))
        if (tx > T + 1e-9).any():
            raise DataFormatError("Some customers have recency > T; recency runs from first to last purchase, T to the end.")
        if ((x == 0) & (tx > 0)).any():
            raise DataFormatError("Customers with frequency 0 must have recency 0 (no repeat purchase).")
        if w is not None:
            pass
        elif self.collapse:
            (x, tx, T), w = _collapse(x, tx, T)
        else:
            w = np.ones_like(x)
        data = _BGData(x, tx, T, w)
        n = data.n
        pen = float(self.penalizer)

        def nll(theta: np.ndarray) -> tuple[float, np.ndarray]:
            params = np.exp(theta)
            ll, g = data.terms(params, with_grad=True)
            value = -(w @ ll) / n + pen * np.sum(params**2)
            if not np.isfinite(value):
                return 1e10, np.zeros(4)
            return value, -g / n * params + pen * 2 * params**2

        res = optimize.minimize(nll, np.log(np.asarray(initial, float)), jac=True, method="BFGS",
                                options={"gtol": 1e-9, "maxiter": 2000})
        params = np.exp(res.x)
        if not np.all(np.isfinite(params)):
            raise CRMLibError("BG/NBD fit failed to converge; try other initial values or a small penalizer (0.001).")
        self.params_ = pd.Series(params, index=list(self._names), name="estimate")
        self.log_likelihood_ = float(w @ data.terms(params)[0])

        def grad_natural(p: np.ndarray) -> np.ndarray:
            return -data.terms(p, with_grad=True)[1] + 2 * pen * n * p

        hess = _numeric_hessian(grad_natural, params)
        with np.errstate(invalid="ignore"):
            se = np.sqrt(np.diag(np.linalg.pinv(hess)))
        self.standard_errors_ = pd.Series(se, index=list(self._names), name="std_error")
        self.n_customers_ = int(n)
        self.n_unique_ = int(x.size)
        self.converged_ = bool(res.success)
        return self

    def summary(self) -> pd.DataFrame:
        """Estimates with standard errors and 95 % Wald intervals."""
        self._check_fitted()
        out = pd.DataFrame({"estimate": self.params_, "std_error": self.standard_errors_})
        out["lower_95"] = out["estimate"] - 1.96 * out["std_error"]
        out["upper_95"] = out["estimate"] + 1.96 * out["std_error"]
        return out

    def _p(self) -> tuple[float, float, float, float]:
        self._check_fitted()
        return tuple(float(v) for v in self.params_[list(self._names)])  # type: ignore[return-value]

    def expected_purchases(self, t: Any) -> Any:
        """E[X(t)]: expected repeat purchases of a new customer in a period of length *t*.

        Equation (7) of Fader, Hardie & Lee (2005).
        """
        r, alpha, a, b = self._p()
        t = np.asarray(t, dtype=float)
        z = t / (alpha + t)
        out = (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * _hyp2f1(r, b, a + b - 1, z))
        return out if out.ndim else float(out)

    def conditional_expected_purchases(self, t: Any, frequency: Any, recency: Any, T: Any) -> Any:
        """E[Y(t) | x, t_x, T]: expected purchases in the next *t* periods (equation 10)."""
        r, alpha, a, b = self._p()
        t, x, tx, T = (np.asarray(v, dtype=float) for v in (t, frequency, recency, T))
        z = t / (alpha + T + t)
        head = (a + b + x - 1) / (a - 1)
        body = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * _hyp2f1(r + x, b + x, a + b + x - 1, z)
        out = head * body / self._denominator(x, tx, T)
        return out if out.ndim else float(out)

    def _denominator(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray) -> np.ndarray:
        r, alpha, a, b = self._p()
        xb = np.where(x > 0, x, 1.0)
        ratio = np.where(x > 0, a / (b + xb - 1) * ((alpha + T) / (alpha + tx)) ** (r + x), 0.0)
        return 1 + ratio

    def p_alive(self, frequency: Any, recency: Any, T: Any) -> Any:
        """P(alive | x, t_x, T): probability the customer has not yet dropped out.

        A customer with no repeat purchase (x = 0) is alive with probability 1, because in the
        BG/NBD a drop-out can only happen right after a purchase.
        """
        x, tx, T = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
        out = 1.0 / self._denominator(x, tx, T)
        return out if out.ndim else float(out)

    def probability_of_purchases(self, x: int, t: float) -> float:
        """P(X(t) = x) for a newly acquired customer (equation 8)."""
        r, alpha, a, b = self._p()
        x = int(x)
        lead = special.betaln(a, b + x) - special.betaln(a, b)
        term = np.exp(lead + special.gammaln(r + x) - special.gammaln(r) - special.gammaln(x + 1)
                      + r * np.log(alpha / (alpha + t)) + x * np.log(t / (alpha + t)))
        extra = 0.0
        if x > 0:
            j = np.arange(x)
            s = np.exp(special.gammaln(r + j) - special.gammaln(r) - special.gammaln(j + 1)
                       + j * np.log(t / (alpha + t)))
            extra = np.exp(special.betaln(a + 1, b + x - 1) - special.betaln(a, b)) * (
                1 - (alpha / (alpha + t)) ** r * s.sum()
            )
        return float(term + extra)

    def predict(self, summary: pd.DataFrame, t: float) -> pd.DataFrame:
        """Per-customer predictions: P(alive) and expected purchases in the next *t* periods.

        Returns a new DataFrame (same index) with ``p_alive`` and ``expected_purchases``.
        """
        x, tx, T = _summary_arrays(summary, ("frequency", "recency", "T"))
        return pd.DataFrame(
            {"p_alive": self.p_alive(x, tx, T), "expected_purchases": self.conditional_expected_purchases(t, x, tx, T)},
            index=summary.index,
        )


# ---------------------------------------------------------------------------------------
# Gamma-Gamma
# ---------------------------------------------------------------------------------------

class _GGData:
    """Gamma-Gamma fit data; gammaln/digamma evaluated once per distinct frequency."""

    def __init__(self, x: np.ndarray, m: np.ndarray, w: np.ndarray) -> None:
        self.ux, self.inv = np.unique(x, return_inverse=True)
        self.x, self.m, self.w = x, m, w
        self.log_m, self.log_x = np.log(m), np.log(x)
        self.w_by_x = np.bincount(self.inv, weights=w, minlength=self.ux.size)
        self.n = w.sum()

    def terms(self, params: np.ndarray, with_grad: bool = False):
        p, q, g = params
        ux, x, gl = self.ux, self.x, special.gammaln
        pux = p * ux
        per_x = gl(pux + q) - gl(pux) - gl(q) + q * np.log(g)
        log_gxm = np.log(g + x * self.m)
        px = p * x
        ll = per_x[self.inv] + (px - 1) * self.log_m + px * self.log_x - (px + q) * log_gxm
        if not with_grad:
            return ll, None
        psi, w, wx = special.digamma, self.w, self.w_by_x
        g_p = wx @ (ux * (psi(pux + q) - psi(pux))) + (w * x) @ (self.log_m + self.log_x - log_gxm)
        g_q = wx @ (psi(pux + q) - psi(q)) + self.n * np.log(g) - w @ log_gxm
        g_g = self.n * q / g - w @ ((px + q) / (g + x * self.m))
        return ll, np.array([g_p, g_q, g_g])


class GammaGamma(BaseModel):
    """The Gamma-Gamma model of average transaction value.

    A customer's purchase values are Gamma(p, ν) around the customer's own mean p/ν, and
    ν ~ Gamma(q, γ) across customers. Fitted on repeat buyers only (``frequency > 0``) with
    ``monetary`` the mean value of their repeat purchases. It assumes spend is independent
    of purchase frequency — check the correlation before using it.

    Parameters
    ----------
    collapse : bool, default True
        Fit on unique (frequency, monetary) rows weighted by their counts.

    Attributes
    ----------
    params_ : pandas.Series  (``p``, ``q``, ``gamma``)
    standard_errors_ : pandas.Series
    log_likelihood_ : float
    n_customers_ : int  (repeat buyers used)

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves
    for customer base analysis. *Journal of Marketing Research* 42(4), 415-430.
    Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value. Note.

    Examples
    --------
    >>> import pandas as pd
    >>> gg = GammaGamma()
    >>> gg.params_ = pd.Series({"p": 6.25, "q": 3.74, "gamma": 15.44})
    >>> round(float(gg.expected_average_spend(2, 22.35)), 2)
    24.66
    """

    _names = ("p", "q", "gamma")

    def __init__(self, collapse: bool = True) -> None:
        self.collapse = collapse

    def fit(self, summary: pd.DataFrame, initial: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> "GammaGamma":
        """Estimate p, q, gamma on the customers with ``frequency > 0``; returns self.

        ``summary`` is a pandas DataFrame with ``frequency`` and ``monetary``, or such a table in
        Polars, DuckDB or Spark: the distinct (frequency, monetary) rows of the repeat buyers
        and their counts are then computed in the engine and collected (at most one row per
        repeat buyer, usually far fewer), giving the same estimates as the pandas fit.
        """
        w = None
        if isinstance(summary, pd.DataFrame):
            x, m = _summary_arrays(summary, ("frequency", "monetary"))
        else:  # a Polars/DuckDB/Spark summary: collapse in the engine, collect the distinct rows
            import narwhals as nw  # noqa: PLC0415

            (x, m), w = _table_counts(summary, ("frequency", "monetary"), where=nw.col("frequency") > 0)
        keep = x > 0
        x, m = x[keep], m[keep]
        if w is not None:
            w = w[keep]
        if x.size == 0:
            raise CRMLibError("No repeat buyers (frequency > 0): the Gamma-Gamma model needs some.")
        if (m <= 0).any():
            raise DataFormatError(
                "Some repeat buyers have monetary <= 0; the Gamma-Gamma model needs positive spend. "
                "Drop returns/refunds first, e.g. summary[summary['monetary'] > 0]."
            )
        if w is not None:
            pass
        elif self.collapse:
            (x, m), w = _collapse(x, m)
        else:
            w = np.ones_like(x)
        data = _GGData(x, m, w)
        n = data.n

        def nll(theta: np.ndarray) -> tuple[float, np.ndarray]:
            params = np.exp(theta)
            ll, g = data.terms(params, with_grad=True)
            value = -(w @ ll) / n
            if not np.isfinite(value):
                return 1e10, np.zeros(3)
            return value, -g / n * params

        res = optimize.minimize(nll, np.log(np.asarray(initial, float)), jac=True, method="BFGS",
                                options={"gtol": 1e-9, "maxiter": 2000})
        params = np.exp(res.x)
        self.params_ = pd.Series(params, index=list(self._names), name="estimate")
        self.log_likelihood_ = float(w @ data.terms(params)[0])
        hess = _numeric_hessian(lambda p: -data.terms(p, with_grad=True)[1], params)
        with np.errstate(invalid="ignore"):
            self.standard_errors_ = pd.Series(np.sqrt(np.diag(np.linalg.pinv(hess))), index=list(self._names),
                                              name="std_error")
        self.n_customers_ = int(n)
        self.converged_ = bool(res.success)
        return self

    def expected_average_spend(self, frequency: Any, monetary: Any) -> Any:
        """E[Z | x, z-bar] = (p(γ + x z-bar)) / (p x + q - 1): a weighted mean of the population
        mean p γ / (q - 1) and the customer's own mean z-bar. Customers with x = 0 get the
        population mean."""
        self._check_fitted()
        p, q, g = (float(v) for v in self.params_)
        x, m = np.asarray(frequency, float), np.asarray(monetary, float)
        out = p * (g + x * m) / (p * x + q - 1)
        return out if out.ndim else float(out)

    def population_mean_spend(self) -> float:
        """E[Z] = p γ / (q - 1), the mean spend of a randomly chosen customer."""
        self._check_fitted()
        p, q, g = (float(v) for v in self.params_)
        return p * g / (q - 1)


def customer_lifetime_value(
    bg: BetaGeo,
    summary: pd.DataFrame,
    spend: Any = None,
    time: int = 12,
    discount_rate: float = 0.01,
    freq: str = "W",
    gamma_gamma: GammaGamma | None = None,
) -> pd.Series:
    """Model-based CLV: discounted expected purchases times expected spend per purchase.

    The method is lifetimes' ``customer_lifetime_value``: the horizon is cut into ``time``
    months; for month i the expected purchases in that month,
    E[Y(i·f) | x, t_x, T] - E[Y((i-1)·f) | x, t_x, T] with f the periods per month
    (4.345 weeks, 30 days), are multiplied by the expected spend and divided by
    (1 + discount_rate)^i, and the months are summed.

    Parameters
    ----------
    bg : a fitted :class:`BetaGeo`.
    summary : per-customer ``frequency``, ``recency``, ``T`` (and ``monetary`` when
        ``gamma_gamma`` is given).
    spend : expected spend per purchase (scalar or per customer). Default: from ``gamma_gamma``.
    time : months in the horizon.
    discount_rate : monthly discount rate (0.01 = 1 % a month, about 12.7 % a year).
    freq : time unit of the summary: ``"W"`` (weeks), ``"D"`` (days) or ``"M"`` (months).
    gamma_gamma : a fitted :class:`GammaGamma` giving the expected spend.

    Returns
    -------
    pandas.Series ``clv`` indexed like ``summary``.

    References
    ----------
    Fader, Hardie & Lee (2005b), *JMR* 42(4); Davidson-Pilon, C. lifetimes, ``utils._customer_lifetime_value``.

    Examples
    --------
    >>> import pandas as pd
    >>> bg = BetaGeo(); bg.params_ = pd.Series({"r": 0.2426, "alpha": 4.4136, "a": 0.7929, "b": 2.4259})
    >>> s = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]})
    >>> round(float(customer_lifetime_value(bg, s, spend=25.0, time=12, discount_rate=0.01).iloc[0]), 2)
    36.78
    """
    if freq not in _FREQ_PER_MONTH:
        raise CRMLibError(f"freq={freq!r}: use 'W' (weeks), 'D' (days) or 'M' (months), the summary's time unit.")
    x, tx, T = _summary_arrays(summary, ("frequency", "recency", "T"))
    if spend is None:
        if gamma_gamma is None:
            raise CRMLibError("Pass spend=<value per purchase> or gamma_gamma=<a fitted GammaGamma>.")
        (m,) = _summary_arrays(summary, ("monetary",))
        spend = gamma_gamma.expected_average_spend(x, m)
    spend = np.broadcast_to(np.asarray(spend, float), x.shape)
    f = _FREQ_PER_MONTH[freq]
    clv = np.zeros_like(x)
    previous = np.zeros_like(x)
    for i in range(1, int(time) + 1):
        current = bg.conditional_expected_purchases(i * f, x, tx, T)
        clv += spend * (current - previous) / (1 + discount_rate) ** i
        previous = current
    return pd.Series(clv, index=summary.index, name="clv")


def predicted_vs_actual(bg: BetaGeo, cal_holdout: pd.DataFrame, max_frequency: int = 7) -> pd.DataFrame:
    """Mean holdout purchases, actual and predicted, by number of calibration repeat purchases.

    The check of Figure 4 in Fader, Hardie & Lee (2005): group customers by ``frequency_cal``
    (censored at ``max_frequency``+) and compare the mean ``frequency_holdout`` with the mean
    conditional expectation over ``duration_holdout``.

    Parameters
    ----------
    bg : fitted BetaGeo (on the calibration columns).
    cal_holdout : output of :func:`crmlib.summary.calibration_holdout`.
    max_frequency : the last group collects everyone with at least this many repeat purchases.

    Returns
    -------
    DataFrame indexed by ``frequency_cal`` with ``n``, ``actual``, ``predicted``.
    """
    need = ("frequency_cal", "recency_cal", "T_cal", "frequency_holdout", "duration_holdout")
    x, tx, T, y, dur = _summary_arrays(cal_holdout, need)
    pred = bg.conditional_expected_purchases(dur, x, tx, T)
    group = np.minimum(x, max_frequency).astype(int)
    frame = pd.DataFrame({"frequency_cal": group, "actual": y, "predicted": pred})
    out = frame.groupby("frequency_cal").agg(n=("actual", "size"), actual=("actual", "mean"),
                                              predicted=("predicted", "mean"))
    return out
