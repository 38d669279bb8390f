"""ECSI and PLS path models (ch4_ecsi_pls)."""
from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .._base import BaseModel
from .._deprecate import renamed_arguments, warn_deprecated
from .._errors import CRMLibError
from ._indices import rescale_to_100


# ---------------------------------------------------------------------------
# Satisfaction index: perceived / expected
# ---------------------------------------------------------------------------


#: Measurement model of the ECSI (European customer satisfaction index) on the ``mobi``
#: data (Tenenhaus et al. 2005): construct -> its items. Use with :data:`ECSI_PATHS`.
ECSI_MOBI_BLOCKS: dict[str, list[str]] = {
    "Image": ["IMAG1", "IMAG2", "IMAG3", "IMAG4", "IMAG5"],
    "Expectation": ["CUEX1", "CUEX2", "CUEX3"],
    "Quality": ["PERQ1", "PERQ2", "PERQ3", "PERQ4", "PERQ5", "PERQ6", "PERQ7"],
    "Value": ["PERV1", "PERV2"],
    "Satisfaction": ["CUSA1", "CUSA2", "CUSA3"],
    "Complaints": ["CUSCO"],
    "Loyalty": ["CUSL1", "CUSL2", "CUSL3"],
}

#: Structural model of the ECSI: (predictor, dependent) pairs.
ECSI_PATHS: list[tuple[str, str]] = [
    ("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
    ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
    ("Quality", "Value"), ("Quality", "Satisfaction"), ("Value", "Satisfaction"),
    ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty"),
]


# ---------------------------------------------------------------------------
# PLS path modelling
# ---------------------------------------------------------------------------

def _paths_list(paths: Iterable[tuple[str, str]] | Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    if isinstance(paths, Mapping):
        return [(src, dep) for dep, srcs in paths.items() for src in srcs]
    out = [tuple(p) for p in paths]
    if any(len(p) != 2 for p in out):
        raise CRMLibError("paths must be (predictor, dependent) pairs or a dict dependent -> predictors.")
    return out  # type: ignore[return-value]


@dataclass(frozen=True)
class _PLSEstimates:
    """What one run of the PLS algorithm estimates on one data set (arrays in construct order)."""

    constructs: list[str]
    paths: list[tuple[str, str]]
    items: list[str]
    raw: pd.DataFrame  # the indicator columns as floats, unscaled
    item_sd: pd.Series  # n - 1 standard deviation of each item
    weights: np.ndarray  # standardized outer weights, items in block order
    loadings: np.ndarray  # correlation of each item with its construct score
    scores: np.ndarray  # respondents x constructs, mean 0, sd 1
    path_coefficients: np.ndarray  # [dependent, predictor]
    r_squared: np.ndarray  # NaN for exogenous constructs
    n_iter: int

    def params(self) -> dict[str, float]:
        """Path coefficients labelled ``"X -> Y"``, in the order of the paths."""
        pos = {lv: k for k, lv in enumerate(self.constructs)}
        return {f"{s} -> {d}": float(self.path_coefficients[pos[d], pos[s]]) for s, d in self.paths}


class PLSPathModel(BaseModel):
    """Partial least squares path model (Wold/Lohmöller algorithm, reflective Mode A).

    Parameters
    ----------
    blocks : construct name -> its indicator columns (e.g. ``{"Image": ["IMAG1", ...]}``).
    paths : structural paths as ``(predictor, dependent)`` pairs, or a dict
        dependent -> list of predictors. The model must be recursive (no loops).
    scheme : inner weighting scheme, ``"centroid"`` (Wold's), ``"factorial"`` or ``"path"``.
    tol : convergence tolerance on the largest change of an outer weight.
    max_iter : iteration limit.
    scale_range : ``(low, high)`` of the answer scale, for the 0-100 index; the smallest
        and largest values in the data if None.
    scaled : standardize the items (the default, as seminr does); if False the items are
        only centred, as in R plspm with ``scaled = FALSE`` (items on one common scale).

    Attributes
    ----------
    outer_weights_ : Series (block, item) -> standardized outer weight.
    outer_loadings_ : Series (block, item) -> correlation of the item with its construct.
    path_coefficients_ : square DataFrame, rows = dependent, columns = predictor.
    r_squared_ : Series, R² of each endogenous construct.
    total_effects_ : square DataFrame of total (direct + indirect) effects, rows = effect on.
    scores_ : DataFrame of standardized construct scores (mean 0, sd 1).
    index_weights_ : Series of unstandardized weights rescaled to sum to 1 per block.
    index_ : DataFrame of construct scores on 0-100 (the ACSI-style index), per respondent.
    params_ : Series of the path coefficients labelled ``"X -> Y"``.
    n_iter_ : iterations used.

    Notes
    -----
    Items are standardized with the n - 1 standard deviation (only centred if
    ``scaled=False``). Outer weights start at 1;
    each iteration forms inner proxies Z = Y E with the scheme's inner weights E, sets
    Mode A weights to cov(x, Z) and rescales the construct to unit variance. Path
    coefficients are OLS regressions of each dependent construct on its predictors.
    The index rescales the unstandardized weights w / sd(x) to sum to 1, so a construct
    score is a weighted mean of its items on the answer scale, mapped to 0-100
    (Fornell et al. 1996).

    References
    ----------
    Lohmöller (1989), *Latent Variable Path Modeling with Partial Least Squares*;
    Tenenhaus, Esposito Vinzi, Chatelin & Lauro (2005), "PLS path modeling", CSDA 48(1),
    159-205; Fornell et al. (1996), "The American Customer Satisfaction Index",
    J. Marketing 60(4). Path coefficients match R seminr on the mobi data and R plspm
    (``scaled = FALSE``, all three schemes) on its satisfaction data.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=(200, 2)); f[:, 1] += 0.6 * f[:, 0]
    >>> x = pd.DataFrame(np.repeat(f, 2, axis=1) + rng.normal(0, .5, (200, 4)), columns=list("abcd"))
    >>> m = PLSPathModel({"F": ["a", "b"], "G": ["c", "d"]}, [("F", "G")]).fit(x)
    >>> round(float(m.path_coefficients_.loc["G", "F"]), 2)
    0.5
    """

    def __init__(
        self,
        blocks: Mapping[str, Sequence[str]],
        paths: Iterable[tuple[str, str]] | Mapping[str, Sequence[str]],
        scheme: str = "centroid",
        tol: float = 1e-10,
        max_iter: int = 500,
        scale_range: tuple[float, float] | None = None,
        scaled: bool = True,
    ) -> None:
        self.blocks = blocks
        self.paths = paths
        self.scheme = scheme
        self.tol = tol
        self.max_iter = max_iter
        self.scale_range = scale_range
        self.scaled = scaled

    # -- helpers -----------------------------------------------------------
    def _setup(self, data: pd.DataFrame) -> tuple[list[str], list[tuple[str, str]], np.ndarray]:
        if self.scheme not in ("centroid", "factorial", "path"):
            raise CRMLibError(f"scheme must be 'centroid', 'factorial' or 'path', not {self.scheme!r}.")
        lvs = list(self.blocks)
        paths = _paths_list(self.paths)
        unknown = {n for p in paths for n in p} - set(lvs)
        if unknown:
            raise CRMLibError(f"paths name constructs {sorted(unknown)} that are not in blocks.")
        items = [c for lv in lvs for c in self.blocks[lv]]
        missing = [c for c in items if c not in data.columns]
        if missing:
            raise CRMLibError(f"Indicator columns {missing} are not in the data.")
        if len(set(items)) != len(items):
            raise CRMLibError("An indicator belongs to more than one block; give each item one construct.")
        m = len(lvs)
        inner = np.zeros((m, m))  # inner[dep, pred] = 1
        for src, dep in paths:
            inner[lvs.index(dep), lvs.index(src)] = 1.0
        # recursive check: nilpotent adjacency
        if np.any(np.linalg.matrix_power(inner, m) != 0):
            raise CRMLibError("The path model has a loop; PLS path models here must be recursive.")
        return lvs, paths, inner

    @staticmethod
    def _estimate(x: np.ndarray, idx: list[np.ndarray], inner: np.ndarray, scheme: str,
                  tol: float, max_iter: int) -> tuple[list[np.ndarray], np.ndarray, int]:
        n = x.shape[0]
        adj = ((inner + inner.T) > 0).astype(float)

        def normalise(weights: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
            y = np.column_stack([x[:, i] @ w for i, w in zip(idx, weights)])
            sd = y.std(axis=0, ddof=1)
            if np.any(sd == 0):
                raise CRMLibError("A construct score has no variance; check its items vary.")
            return y / sd, [w / s for w, s in zip(weights, sd)]

        y, w = normalise([np.ones(len(i)) for i in idx])
        for it in range(1, max_iter + 1):
            r = np.corrcoef(y, rowvar=False)
            if scheme == "centroid":
                e = np.sign(r) * adj
            elif scheme == "factorial":
                e = r * adj
            else:  # path weighting
                e = r * (inner > 0)  # successors (inner[succ, j] = 1): correlation
                for j in range(len(idx)):
                    pred = np.flatnonzero(inner[j])
                    if len(pred):
                        e[pred, j] = np.linalg.solve(r[np.ix_(pred, pred)], r[pred, j])
            z = y @ e
            new = [x[:, i].T @ z[:, j] / (n - 1) for j, i in enumerate(idx)]
            y, new = normalise(new)
            change = max(float(np.max(np.abs(a - b))) for a, b in zip(new, w))
            w = new
            if change < tol:
                return w, y, it
        raise CRMLibError(f"PLS did not converge in {max_iter} iterations; raise max_iter or tol.")

    @staticmethod
    def _paths(y: np.ndarray, inner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        m = inner.shape[0]
        beta = np.zeros((m, m))
        r2 = np.full(m, np.nan)
        for j in range(m):
            pred = np.flatnonzero(inner[j])
            if len(pred):
                b, *_ = np.linalg.lstsq(y[:, pred], y[:, j], rcond=None)
                beta[j, pred] = b
                resid = y[:, j] - y[:, pred] @ b
                r2[j] = 1 - resid.var(ddof=1) / y[:, j].var(ddof=1)
        return beta, r2

    def _run(self, data: pd.DataFrame) -> _PLSEstimates:
        lvs, paths, inner = self._setup(data)
        items = [c for lv in lvs for c in self.blocks[lv]]
        raw = data[items].astype(float)
        if raw.isna().any().any():
            raise CRMLibError("The indicators have missing values; drop or impute them before fitting.")
        sd = raw.std(ddof=1)
        if (sd == 0).any():
            raise CRMLibError(f"Items {list(sd.index[sd == 0])} do not vary; drop them.")
        x = ((raw - raw.mean()) / (sd if self.scaled else 1.0)).to_numpy()
        pos = {c: k for k, c in enumerate(items)}
        idx = [np.array([pos[c] for c in self.blocks[lv]]) for lv in lvs]
        w, y, n_iter = self._estimate(x, idx, inner, self.scheme, self.tol, self.max_iter)
        beta, r2 = self._paths(y, inner)
        loadings = np.array([np.corrcoef(x[:, k], y[:, j])[0, 1] for j, i in enumerate(idx) for k in i])
        return _PLSEstimates(constructs=lvs, paths=paths, items=items, raw=raw, item_sd=sd,
                             weights=np.concatenate(w), loadings=loadings, scores=y,
                             path_coefficients=beta, r_squared=r2, n_iter=n_iter)

    # -- public API --------------------------------------------------------
    def fit(self, data: pd.DataFrame) -> "PLSPathModel":
        """Estimate the model on *data* (respondents x items); returns self."""
        res = self._run(data)
        lvs = res.constructs
        keys = pd.MultiIndex.from_tuples([(lv, c) for lv in lvs for c in self.blocks[lv]], names=["block", "item"])
        self.outer_weights_ = pd.Series(res.weights, index=keys, name="weight")
        self.outer_loadings_ = pd.Series(res.loadings, index=keys, name="loading")
        self.path_coefficients_ = pd.DataFrame(res.path_coefficients, index=lvs, columns=lvs)
        self.path_coefficients_.index.name, self.path_coefficients_.columns.name = "dependent", "predictor"
        self.r_squared_ = pd.Series(res.r_squared, index=lvs, name="r_squared").dropna()
        m = len(lvs)
        total = np.linalg.inv(np.eye(m) - res.path_coefficients) - np.eye(m)
        self.total_effects_ = pd.DataFrame(total, index=lvs, columns=lvs)
        self.total_effects_.index.name, self.total_effects_.columns.name = "effect_on", "effect_of"
        self.scores_ = pd.DataFrame(res.scores, index=data.index, columns=lvs)
        # 0-100 index from unstandardized weights
        unstd = self.outer_weights_.copy()
        if self.scaled:
            unstd = unstd / res.item_sd.reindex(keys.get_level_values("item")).to_numpy()
        self.index_weights_ = (unstd / unstd.groupby(level="block").transform("sum")).rename("index_weight")
        low, high = self.scale_range if self.scale_range is not None else (
            float(res.raw.min().min()), float(res.raw.max().max()))
        idx_scores = {}
        for lv in lvs:
            wv = self.index_weights_.loc[lv]
            score = rescale_to_100(res.raw[list(wv.index)].to_numpy() @ wv.to_numpy(), low, high)
            if (wv >= 0).all():
                # a convex combination of items on [low, high]: anything outside 0-100 is rounding
                score = np.clip(score, 0.0, 100.0)
            idx_scores[lv] = score
        self.index_ = pd.DataFrame(idx_scores, index=data.index)
        self.params_ = pd.Series(res.params(), name="path")
        self.n_iter_ = res.n_iter
        # only for the deprecated bootstrap() without data (removed in 0.3)
        self._fit_data = data
        return self

    def summary(self) -> pd.DataFrame:
        """The paths as a long table: predictor, dependent, coefficient."""
        self._check_fitted()
        rows = [(s, d, self.path_coefficients_.loc[d, s]) for s, d in _paths_list(self.paths)]
        return pd.DataFrame(rows, columns=["predictor", "dependent", "coefficient"])

    @renamed_arguments(seed="random_state", since="0.2", removed_in="0.3")
    def bootstrap(self, data: pd.DataFrame | None = None, *, n_boot: int = 500, random_state: int = 2026,
                  level: float = 0.95) -> pd.DataFrame:
        """Bootstrap standard errors and percentile intervals of the path coefficients.

        Respondents of *data* are resampled with replacement *n_boot* times (seeded by
        *random_state*) and the model is re-estimated on each sample; ``estimate`` is the
        model estimated on *data* itself.

        Parameters
        ----------
        data : the survey (respondents x items), as for :meth:`fit`. Leaving it out reuses
            the data of the last :meth:`fit` (deprecated, removed in crmlib 0.3).
        n_boot : number of bootstrap samples.
        random_state : seed of the resampling.
        level : confidence level of the percentile interval.

        Returns
        -------
        DataFrame indexed by ``"X -> Y"`` with ``estimate``, ``boot_mean``, ``boot_se``,
        ``lower`` and ``upper``, and ``t`` = estimate / boot_se.

        Examples
        --------
        >>> rng = np.random.default_rng(0)
        >>> f = rng.normal(size=(200, 2)); f[:, 1] += 0.6 * f[:, 0]
        >>> x = pd.DataFrame(np.repeat(f, 2, axis=1) + rng.normal(0, .5, (200, 4)), columns=list("abcd"))
        >>> m = PLSPathModel({"F": ["a", "b"], "G": ["c", "d"]}, [("F", "G")])
        >>> b = m.bootstrap(x, n_boot=50, random_state=1)
        >>> bool(b.loc["F -> G", "lower"] < b.loc["F -> G", "estimate"] < b.loc["F -> G", "upper"])
        True
        """
        if data is None or isinstance(data, numbers.Integral):
            # the 0.1 call bootstrap(n_boot) resampled the data of the last fit
            self._check_fitted()
            if data is not None:
                n_boot = int(data)
            warn_deprecated("PLSPathModel.bootstrap() without data is deprecated: pass the survey first, "
                            "model.bootstrap(data, n_boot=...) (removed in crmlib 0.3)")
            data = self._fit_data
        estimates = self._run(data).params()
        rng = np.random.default_rng(random_state)
        draws = np.empty((n_boot, len(estimates)))
        for b in range(n_boot):
            sample = data.iloc[rng.integers(0, len(data), len(data))]
            draws[b] = list(self._run(sample).params().values())
        a = (1 - level) / 2
        est = np.array(list(estimates.values()))
        se = draws.std(axis=0, ddof=1)
        return pd.DataFrame({
            "estimate": est, "boot_mean": draws.mean(axis=0), "boot_se": se,
            "lower": np.quantile(draws, a, axis=0), "upper": np.quantile(draws, 1 - a, axis=0),
            "t": est / se,
        }, index=pd.Index(list(estimates), name="path"))


def pls_path_model(
    data: pd.DataFrame,
    blocks: Mapping[str, Sequence[str]],
    paths: Iterable[tuple[str, str]] | Mapping[str, Sequence[str]],
    scheme: str = "centroid",
    **kwargs: object,
) -> PLSPathModel:
    """Fit a :class:`PLSPathModel` in one call; returns the fitted model.

    Examples
    --------
    >>> from crmlib.datasets import load_mobi  # doctest: +SKIP
    >>> blocks = {"Image": ["IMAG1", "IMAG2", "IMAG3", "IMAG4", "IMAG5"],
    ...           "Expectation": ["CUEX1", "CUEX2", "CUEX3"]}
    >>> m = pls_path_model(load_mobi(), blocks, [("Image", "Expectation")])  # doctest: +SKIP
    """
    return PLSPathModel(blocks, paths, scheme=scheme, **kwargs).fit(data)  # type: ignore[arg-type]
