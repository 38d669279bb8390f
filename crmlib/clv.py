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
from ._deprecate import renamed_arguments, warn_deprecated
from ._errors import CRMLibError, DataFormatError
from ._validate import summary_arrays

__all__ = ["BetaGeo", "GammaGamma", "customer_lifetime_value", "predicted_vs_actual", "bgnbd_data_facts",
           "bgnbd_diagnosis", "p_alive_diagnosis"]

_FREQ_PER_MONTH = {"D": 30.0, "W": 4.345, "M": 1.0}


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


def _log_standard_errors(hess: np.ndarray, params: np.ndarray) -> tuple[np.ndarray, str]:
    """Standard errors of log-parameters from the Hessian of the negative log-likelihood.

    The Hessian in log-parameters is ``D H D`` with ``D = diag(params)`` (the gradient term
    vanishes at the optimum). Returns ``(se_log, "")``, or NaNs and the reason when they cannot
    be computed: a Hessian that is not finite, or singular / not positive definite (the
    likelihood is flat in some direction, so the data do not pin down every parameter).
    """
    nan = np.full(len(params), np.nan)
    h = params[:, None] * hess * params[None, :]
    if not np.all(np.isfinite(h)):
        return nan, "the Hessian of the log-likelihood is not finite at the estimate"
    try:
        np.linalg.cholesky(h)
        cond = np.linalg.cond(h)
    except np.linalg.LinAlgError:
        return nan, ("the Hessian of the log-likelihood is singular or not positive definite at the estimate "
                     "(the likelihood is flat in some direction: the data do not pin down every parameter)")
    if not np.isfinite(cond) or cond > 1e12:
        return nan, (f"the Hessian of the log-likelihood is nearly singular (condition number {cond:.1e}): "
                     "the data do not pin down every parameter")
    return np.sqrt(np.diag(np.linalg.inv(h))), ""


def _estimate_table(params: pd.Series, se_log: np.ndarray, note: str) -> pd.DataFrame:
    """Estimates, delta-method standard errors and 95 % intervals exp(log θ ± 1.96 se_log),
    which stay positive like the parameters."""
    out = pd.DataFrame({"estimate": params.to_numpy(dtype=float)}, index=params.index)
    out["std_error"] = out["estimate"] * se_log
    out["lower_95"] = out["estimate"] * np.exp(-1.96 * se_log)
    out["upper_95"] = out["estimate"] * np.exp(1.96 * se_log)
    out["note"] = note if note else ""
    return out


def bgnbd_data_facts(summary: pd.DataFrame) -> dict[str, float]:
    """What in a (frequency, recency, T) summary decides whether a BG/NBD can be fitted.

    ``customers``; ``repeat_buyers`` (frequency > 0); ``lapsed``: repeat buyers silent for
    more than twice their own mean time between purchases (``T - recency > 2 recency /
    frequency``), the only visible evidence of drop-out; ``median_T`` (window per customer)
    and ``median_interval`` (mean time between purchases of the median repeat buyer), in the
    summary's time unit.

    Examples
    --------
    >>> s = pd.DataFrame({"frequency": [0, 2, 3], "recency": [0, 10, 30], "T": [40, 40, 31]})
    >>> bgnbd_data_facts(s)
    {'customers': 3, 'repeat_buyers': 2, 'lapsed': 1, 'median_T': 40.0, 'median_interval': 7.5}
    """
    x, tx, T = summary_arrays(summary, ("frequency", "recency", "T"))
    rep = x > 0
    interval = tx[rep] / x[rep]
    lapsed = int(((T[rep] - tx[rep]) > 2 * interval).sum())
    return {"customers": int(x.size), "repeat_buyers": int(rep.sum()), "lapsed": lapsed,
            "median_T": float(np.median(T)) if x.size else 0.0,
            "median_interval": float(np.median(interval)) if rep.any() else float("nan")}


def bgnbd_diagnosis(summary: pd.DataFrame) -> str:
    """Why BG/NBD estimates from *summary* are unreliable, in one or two sentences ("" if nothing stands out).

    Checks, in order: too few repeat buyers (fewer than 10, or under 5 % of the customers);
    nobody has lapsed (no repeat buyer silent for more than twice their usual interval, so the
    data show no drop-out and P(alive) comes out near 1 for everyone); too short a window (the
    median customer is observed for less than three of the typical intervals between purchases).

    Examples
    --------
    >>> s = pd.DataFrame({"frequency": [3, 4, 5], "recency": [30, 38, 40], "T": [32, 40, 41]})
    >>> bgnbd_diagnosis(s).split(":")[0]
    'Too few repeat buyers'
    """
    f = bgnbd_data_facts(summary)
    n, k = f["customers"], f["repeat_buyers"]
    if k < 10 or k < 0.05 * n:
        return (f"Too few repeat buyers: {k} of {n:,} customers bought more than once, too few to estimate "
                "how often customers buy and when they drop out.")
    if f["lapsed"] == 0:
        return (f"Nobody has lapsed: none of the {k:,} repeat buyers has been silent for more than twice their "
                "usual time between purchases, so the data show no drop-out; the model then puts P(alive) near "
                "1 for everyone.")
    if f["median_T"] < 3 * f["median_interval"]:
        return (f"The window is short: the median customer is observed for {f['median_T']:.0f} time units, under "
                f"three times the typical {f['median_interval']:.0f} between purchases, so drop-out is hard to see.")
    return ""


def _runaway_reason(params: np.ndarray) -> str:
    """What a BG/NBD fit that ran off says about the data ("" when it says nothing clear)."""
    r, alpha, a, b = params
    reasons = []
    if r > 1e5 and alpha > 1e5:
        reasons.append(f"the customers' purchase rates hardly differ (r and alpha grow without bound while r/alpha "
                       f"stays at {r / alpha:.3g} purchases per time unit), so there is no spread of rates to estimate")
    if a < 1e-5 or b > 1e5:
        reasons.append("no drop-out is visible, so the drop-out probability runs to 0")
    return ("In these data " + "; and ".join(reasons) + ".") if reasons else ""


_WHAT_TO_DO = ("Use the rfm template instead (it needs no model), or a longer observation window with more "
               "customers and repeat purchases.")


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
        Delta-method standard errors from the inverse Hessian of the negative log-likelihood
        in log-parameters; missing (NaN) when that Hessian is singular, not finite or not
        positive definite, which happens when the data do not pin down every parameter.
    standard_errors_note_ : str
        Why the standard errors are missing (``""`` when they are not).
    converged_ : bool
        The optimiser's own verdict. ``fit`` raises :class:`CRMLibError` (with the cause in the
        data, see :func:`bgnbd_diagnosis`) when the purchase-rate parameters run off
        (r or alpha beyond 1e6/1e8 or below 1e-5) or the optimiser stops with a non-zero
        gradient; a fit that stops at the edge of a, b (no visible drop-out) is kept, with
        ``converged_`` False and the reason in ``standard_errors_note_``.
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
            x, tx, T = summary_arrays(summary, ("frequency", "recency", "T"))
        else:  # a Polars/DuckDB/Spark summary: collapse in the engine, collect the distinct rows
            (x, tx, T), w = _table_counts(summary, ("frequency", "recency", "T"))
        if (tx > T + 1e-9).any():
            raise DataFormatError("Some customers have recency > T; recency runs from first to last purchase, T to the end.")
        if ((x == 0) & (tx > 0)).any():
            raise DataFormatError("Customers with frequency 0 must have recency 0 (no repeat purchase).")
        if not (x > 0).any():
            n_customers = x.size if w is None else int(round(float(np.sum(w))))  # w: customers per distinct row
            raise CRMLibError(
                f"The BG/NBD model cannot be estimated: none of the {n_customers:,} customers bought more than once, so "
                f"there is no repeat buying to learn from. {_WHAT_TO_DO}")
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
        # r and alpha (the purchase rates) are pinned down by any repeat buying; a and b may run to the
        # edge when nobody has lapsed (no drop-out seen), which is an answer, reported with its diagnosis
        degenerate = (not np.all(np.isfinite(params)) or not 1e-5 < params[0] < 1e6 or not 1e-5 < params[1] < 1e8
                      or (not res.success and np.linalg.norm(res.jac) > 1e-4))
        if degenerate:
            if not isinstance(summary, pd.DataFrame):  # an engine table: diagnose its collected distinct rows
                counts = np.rint(w).astype(int)
                summary = pd.DataFrame({"frequency": np.repeat(x, counts), "recency": np.repeat(tx, counts),
                                        "T": np.repeat(T, counts)})
            why = bgnbd_diagnosis(summary) or _runaway_reason(params) or (
                "The likelihood has no finite maximum for these data (the optimiser did not converge).")
            shown = ", ".join(f"{k}={v:.3g}" for k, v in zip(self._names, params))
            raise CRMLibError(
                f"The BG/NBD model cannot be estimated from these {int(n):,} customers (the fit ran off to "
                f"{shown}). {why} {_WHAT_TO_DO}")
        self.params_ = pd.Series(params, index=list(self._names), name="estimate")
        self.log_likelihood_ = float(w @ data.terms(params)[0])

        def grad_natural(p: np.ndarray) -> np.ndarray:
            return -data.terms(p, with_grad=True)[1] + 2 * pen * n * p

        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            hess = _numeric_hessian(grad_natural, params)
        se_log, self.standard_errors_note_ = _log_standard_errors(hess, params)
        if self.standard_errors_note_ and not (1e-6 < params[2] < 1e6 and 1e-6 < params[3] < 1e6):
            share = params[2] / (params[2] + params[3])
            seen = "the data show no drop-out" if share < 0.5 else "every repeat buyer seems to drop out at once"
            self.standard_errors_note_ += ("; the drop-out parameters a, b lie at the edge of their range "
                                           f"(a/(a+b) = {share:.3g}: {seen})")
        self._se_log = se_log
        self.standard_errors_ = pd.Series(params * se_log, index=list(self._names), name="std_error")
        self.n_customers_ = int(n)
        self.n_unique_ = int(x.size)
        self.converged_ = bool(res.success)
        return self

    def summary(self) -> pd.DataFrame:
        """Estimates with standard errors and 95 % intervals.

        Intervals come from the delta method on the log-parameters, ``exp(log θ ± 1.96 se)``,
        so they never include negative values. When the standard errors cannot be computed
        (see ``standard_errors_note_``), they and the intervals are missing and ``note`` says why.
        """
        self._check_fitted()
        se_log = getattr(self, "_se_log", self.standard_errors_.to_numpy() / self.params_.to_numpy())
        return _estimate_table(self.params_, se_log, getattr(self, "standard_errors_note_", ""))

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
        x, tx, T = summary_arrays(summary, ("frequency", "recency", "T"))
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
            x, m = summary_arrays(summary, ("frequency", "monetary"))
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
        # BFGS often ends with "precision loss" at a proper maximum: only a large gradient means it stalled
        stalled = not res.success and not (np.all(np.isfinite(res.jac)) and np.linalg.norm(res.jac) < 1e-4)
        if not np.all(np.isfinite(params)) or params.max() > 1e8 or params.min() < 1e-8 or stalled:
            spread = "every repeat buyer spends the same mean amount" if np.ptp(m) == 0 else \
                f"{int(n):,} repeat buyer(s) are too few to separate the spread of spend within and between customers"
            shown = ", ".join(f"{k}={v:.3g}" for k, v in zip(self._names, params))
            raise CRMLibError(
                f"The Gamma-Gamma spend model cannot be estimated (the fit ran off to {shown}): {spread}. "
                "Pass a fixed spend per purchase instead (customer_lifetime_value(summary, model, spend=...)), "
                + _WHAT_TO_DO[0].lower() + _WHAT_TO_DO[1:])
        self.params_ = pd.Series(params, index=list(self._names), name="estimate")
        self.log_likelihood_ = float(w @ data.terms(params)[0])
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            hess = _numeric_hessian(lambda p: -data.terms(p, with_grad=True)[1], params)
        self._se_log, self.standard_errors_note_ = _log_standard_errors(hess, params)
        self.standard_errors_ = pd.Series(params * self._se_log, index=list(self._names), name="std_error")
        self.n_customers_ = int(n)
        self.converged_ = bool(res.success)
        return self

    def summary(self) -> pd.DataFrame:
        """Estimates, standard errors and 95 % intervals (delta method on log-parameters), as in
        :meth:`BetaGeo.summary`."""
        self._check_fitted()
        se_log = getattr(self, "_se_log", self.standard_errors_.to_numpy() / self.params_.to_numpy())
        return _estimate_table(self.params_, se_log, getattr(self, "standard_errors_note_", ""))

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


@renamed_arguments(freq="time_unit", time="periods", since="0.2", removed_in="0.3")
def customer_lifetime_value(
    summary: pd.DataFrame,
    model: BetaGeo,
    spend: Any = None,
    periods: int = 12,
    discount_rate: float = 0.01,
    *,
    time_unit: str | None = None,
    gamma_gamma: GammaGamma | None = None,
) -> pd.Series:
    """Model-based CLV: discounted expected purchases times expected spend per purchase.

    The method is lifetimes' ``customer_lifetime_value``: the horizon is cut into ``periods``
    months; for month i the expected purchases in that month,
    E[Y(i·f) | x, t_x, T] - E[Y((i-1)·f) | x, t_x, T] with f the summary's time units per
    month (4.345 weeks, 30 days), are multiplied by the expected spend and divided by
    (1 + discount_rate)^i, and the months are summed.

    Parameters
    ----------
    summary : per-customer ``frequency``, ``recency``, ``T`` (and ``monetary`` when
        ``gamma_gamma`` is given).
    model : a fitted :class:`BetaGeo`.
    spend : expected spend per purchase (scalar or per customer). Default: from ``gamma_gamma``.
    periods : months in the horizon (the retired name is ``time``).
    discount_rate : monthly discount rate (0.01 = 1 % a month, about 12.7 % a year).
    time_unit : time unit of the summary: ``"W"`` (weeks), ``"D"`` (days) or ``"M"`` (months)
        (the retired name is ``freq``). Default: read from the summary itself (a
        :func:`crmlib.summary.customer_summary` carries ``T`` in its unit and ``tenure`` in
        days, see :func:`crmlib.summary.summary_time_unit`); weeks for a summary without
        ``tenure`` (the published CDNOW summary).
    gamma_gamma : a fitted :class:`GammaGamma` giving the expected spend.

    Returns
    -------
    pandas.Series ``clv`` indexed like ``summary``.

    Notes
    -----
    Until crmlib 0.2 the model came first (``customer_lifetime_value(bg, summary)``); that
    order still works, with a :class:`FutureWarning`, until 0.3.

    References
    ----------
    Fader, Hardie & Lee (2005b), *JMR* 42(4); Davidson-Pilon, C. lifetimes, ``utils._customer_lifetime_value``.

    Examples
    --------
    >>> import pandas as pd
    >>> bg = BetaGeo.from_params(r=0.2426, alpha=4.4136, a=0.7929, b=2.4259)
    >>> s = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]})
    >>> round(float(customer_lifetime_value(s, bg, spend=25.0, periods=12, discount_rate=0.01,
    ...                                     time_unit="W").iloc[0]), 2)
    36.78
    """
    summary, model = _data_then_model(summary, model, "customer_lifetime_value", "summary")
    from .summary import summary_time_unit

    recorded = summary_time_unit(summary)
    if time_unit is None:
        time_unit = recorded or "W"
    elif recorded is not None and recorded != time_unit:
        raise CRMLibError(f"time_unit={time_unit!r}, but the summary's T is in {'days' if recorded == 'D' else 'weeks'} "
                          f"(its T and tenure columns say so); pass time_unit={recorded!r} or leave it out.")
    if time_unit not in _FREQ_PER_MONTH:
        raise CRMLibError(f"time_unit={time_unit!r}: use 'W' (weeks), 'D' (days) or 'M' (months), the summary's time unit.")
    x, tx, T = summary_arrays(summary, ("frequency", "recency", "T"))
    if spend is None:
        if gamma_gamma is None:
            raise CRMLibError("Pass spend=<value per purchase> or gamma_gamma=<a fitted GammaGamma>.")
        (m,) = summary_arrays(summary, ("monetary",))
        spend = gamma_gamma.expected_average_spend(x, m)
    spend = np.broadcast_to(np.asarray(spend, float), x.shape)
    f = _FREQ_PER_MONTH[time_unit]
    clv = np.zeros_like(x)
    previous = np.zeros_like(x)
    for i in range(1, int(periods) + 1):
        current = model.conditional_expected_purchases(i * f, x, tx, T)
        clv += spend * (current - previous) / (1 + discount_rate) ** i
        previous = current
    return pd.Series(clv, index=summary.index, name="clv")


def _data_then_model(data: Any, model: Any, name: str, data_name: str) -> tuple[Any, BetaGeo]:
    """Data first, then the model; the old order (a BetaGeo first) works for one release, with a warning."""
    if isinstance(data, BetaGeo) and not isinstance(model, BetaGeo):
        warn_deprecated(f"{name}(model, {data_name}) is deprecated: pass the {data_name} first, "
                        f"{name}({data_name}, model) (the old order is removed in crmlib 0.3)")
        data, model = model, data
    if not isinstance(model, BetaGeo):
        raise CRMLibError(f"{name}({data_name}, model): model must be a fitted BetaGeo, got {type(model).__name__}.")
    return data, model


def predicted_vs_actual(cal_holdout: pd.DataFrame, model: BetaGeo, max_frequency: int = 7) -> pd.DataFrame:
    """Mean holdout purchases, actual and predicted, by number of calibration repeat purchases.

    The check of Figure 4 in Fader, Hardie & Lee (2005): group customers by ``frequency_cal``
    (censored at ``max_frequency``+) and compare the mean ``frequency_holdout`` with the mean
    conditional expectation over ``duration_holdout``.

    Parameters
    ----------
    cal_holdout : output of :func:`crmlib.summary.calibration_holdout`.
    model : fitted BetaGeo (on the calibration columns). Until crmlib 0.2 the model came
        first; that order still works, with a FutureWarning, until 0.3.
    max_frequency : the last group collects everyone with at least this many repeat purchases.

    Returns
    -------
    DataFrame indexed by ``frequency_cal`` with ``n``, ``actual``, ``predicted``.
    """
    cal_holdout, model = _data_then_model(cal_holdout, model, "predicted_vs_actual", "cal_holdout")
    need = ("frequency_cal", "recency_cal", "T_cal", "frequency_holdout", "duration_holdout")
    x, tx, T, y, dur = summary_arrays(cal_holdout, need)
    pred = model.conditional_expected_purchases(dur, x, tx, T)
    group = np.minimum(x, max_frequency).astype(int)
    frame = pd.DataFrame({"frequency_cal": group, "actual": y, "predicted": pred})
    out = frame.groupby("frequency_cal").agg(n=("actual", "size"), actual=("actual", "mean"),
                                              predicted=("predicted", "mean"))
    return out


def p_alive_diagnosis(summary: pd.DataFrame, model: BetaGeo, threshold: float = 0.95) -> str:
    """A sentence for a report when P(alive) is near 1 for (almost) everyone, saying why; else ``""``.

    P(alive) is near 1 for everyone when at least 95 % of customers get ``p_alive >= threshold``.
    That is what the BG/NBD says when the data show no drop-out: one-time buyers are alive by
    construction (a drop-out can only follow a repeat purchase), and repeat buyers who all
    bought recently relative to their pace look alive too. The reason given comes from
    :func:`bgnbd_diagnosis`, or from the share of one-time buyers, or from the fitted drop-out
    probability ``a / (a + b)``. Until crmlib 0.2 the model came first
    (``p_alive_diagnosis(bg, summary)``); that order still works, with a FutureWarning, until 0.3.

    Examples
    --------
    >>> bg = BetaGeo.from_params(0.5, 5.0, 0.01, 50.0)
    >>> s = pd.DataFrame({"frequency": [0, 0, 1, 2] * 5, "recency": [0, 0, 9, 18] * 5, "T": [20] * 20})
    >>> p_alive_diagnosis(s, bg).startswith("P(alive) is close to 1 for 100% of customers")
    True
    """
    summary, model = _data_then_model(summary, model, "p_alive_diagnosis", "summary")
    x, tx, T = summary_arrays(summary, ("frequency", "recency", "T"))
    p = np.asarray(model.p_alive(x, tx, T), dtype=float)
    share = float((p >= threshold).mean()) if p.size else 0.0
    if share < 0.95:
        return ""
    reasons = []
    why = bgnbd_diagnosis(summary)
    if why:
        reasons.append(why)
    one_time = float((x == 0).mean())
    if one_time >= 0.5:
        reasons.append(f"{one_time:.0%} of customers bought only once, and the model counts a one-time buyer as "
                       "alive (it can only drop out after a repeat purchase).")
    r, alpha, a, b = model._p()
    drop = a / (a + b)
    if drop < 0.05:
        reasons.append(f"The fitted chance of dropping out after a purchase is small (a/(a+b) = {drop:.2%}).")
    text = " ".join(reasons) if reasons else "The repeat buyers have all bought recently relative to their pace."
    return (f"P(alive) is close to 1 for {share:.0%} of customers (at least {threshold:g}). {text} Read it as "
            "'no sign of drop-out in this window', not as a promise that everyone will buy again; a longer window "
            "shows drop-out.")
