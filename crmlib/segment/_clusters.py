"""Clustering RFM values with k-means (ch3_ordering_and_clusters, Clustering RFM values)."""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from .._errors import CRMLibError, DataFormatError
from ._rfm import _RFM_COLS


# ---------------------------------------------------------------------------
# k-means clustering on RFM
# ---------------------------------------------------------------------------

def rfm_features(scores: pd.DataFrame) -> pd.DataFrame:
    """Log-transformed, standardised RFM values for clustering.

    ``log1p`` of the gap (time since the last purchase), orders and spend (all are right-skewed), then each
    column centred and divided by its (population) standard deviation.

    Examples
    --------
    >>> sc = pd.DataFrame({"gap": [0, 9], "frequency_value": [1, 3], "monetary_value": [5.0, 50]})
    >>> rfm_features(sc).round(3).to_numpy().tolist()
    [[-1.0, -1.0, -1.0], [1.0, 1.0, 1.0]]
    """
    missing = [c for c in _RFM_COLS if c not in scores.columns]
    if missing:
        raise DataFormatError(f"rfm_features needs the raw columns of rfm_scores(); missing {missing}.")
    if (scores[list(_RFM_COLS)] < 0).any().any():
        raise CRMLibError("RFM values must be non-negative before the log transform (drop refunds first).")
    x = np.log1p(scores[list(_RFM_COLS)].astype(float))
    sd = x.std(ddof=0).replace(0, 1.0)
    return ((x - x.mean()) / sd).set_axis(["log_recency", "log_frequency", "log_monetary"], axis=1)


def choose_k(features: pd.DataFrame, ks: Iterable[int] = range(2, 9), random_state: int = 2026,
             sample_size: int | None = 5000) -> pd.DataFrame:
    """Elbow (inertia) and silhouette score of k-means for each k.

    The silhouette is computed on a seeded random sample of ``sample_size`` customers (its cost
    grows with n²); ``None`` uses everyone.

    Returns
    -------
    DataFrame indexed by ``k`` with ``inertia`` and ``silhouette``.
    """
    from sklearn.cluster import KMeans  # noqa: PLC0415
    from sklearn.metrics import silhouette_score  # noqa: PLC0415

    X = features.to_numpy()
    rows = []
    for k in ks:
        if k < 2 or k >= len(X):
            raise CRMLibError(f"k={k}: need 2 <= k < number of customers ({len(X)}).")
        km = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit(X)
        n = None if sample_size is None or sample_size >= len(X) else sample_size
        sil = silhouette_score(X, km.labels_, sample_size=n, random_state=random_state)
        rows.append((k, float(km.inertia_), float(sil)))
    return pd.DataFrame(rows, columns=["k", "inertia", "silhouette"]).set_index("k")


def rfm_clusters(features: pd.DataFrame, k: int, random_state: int = 2026) -> pd.Series:
    """k-means cluster labels (0..k-1), relabelled so that cluster 0 has the highest mean spend.

    Relabelling by descending mean of the last feature column (log spend) makes the labels
    reproducible across scikit-learn versions for the same partition.
    """
    from sklearn.cluster import KMeans  # noqa: PLC0415

    km = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit(features.to_numpy())
    lab = pd.Series(km.labels_, index=features.index)
    means = features.iloc[:, -1].groupby(lab).mean().sort_values(ascending=False)
    remap = {old: new for new, old in enumerate(means.index)}
    return lab.map(remap).astype(int).rename("cluster")


def cluster_profiles(scores: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """Per cluster: customers, share, mean gap (time since the last purchase), mean orders, mean spend.

    Examples
    --------
    >>> sc = pd.DataFrame({"gap": [1, 3, 300], "frequency_value": [5, 7, 1], "monetary_value": [50.0, 70, 10]})
    >>> cluster_profiles(sc, pd.Series([0, 0, 1]))["mean_orders"].tolist()
    [6.0, 1.0]
    """
    df = scores[list(_RFM_COLS)].assign(cluster=labels.to_numpy())
    g = df.groupby("cluster")
    out = pd.DataFrame({"customers": g.size()})
    out["share"] = out["customers"] / out["customers"].sum()
    out["mean_gap"] = g["gap"].mean()
    out["mean_orders"] = g["frequency_value"].mean()
    out["mean_spend"] = g["monetary_value"].mean()
    return out


def name_clusters(profiles: pd.DataFrame, reference: pd.DataFrame | None = None) -> pd.Series:
    """Readable names for clusters from their profile relative to the whole base.

    Each cluster mean is divided by the overall mean (the customer-weighted mean of ``profiles``
    unless ``reference``, a one-row frame with the same columns, is given):

    * gap (time since the last purchase): ratio <= 0.5 "very recent", <= 1 "recent", else "lapsed";
    * orders: ratio >= 2 "very frequent", >= 1 "frequent", >= 0.5 "occasional", else "one-off";
    * spend: ratio >= 2 "top-spend", >= 1 "high-spend", >= 0.5 "low-spend", else "minimal-spend".

    Names that would still coincide get the cluster label appended, e.g. ``"… (cluster 3)"``.

    Examples
    --------
    >>> p = pd.DataFrame({"customers": [1, 3], "mean_gap": [100.0, 300],
    ...                   "mean_orders": [8.0, 1], "mean_spend": [400.0, 20]})
    >>> name_clusters(p).tolist()
    ['very recent, very frequent, top-spend', 'lapsed, one-off, minimal-spend']
    """
    cols = ["mean_gap", "mean_orders", "mean_spend"]
    if reference is None:
        w = profiles["customers"] / profiles["customers"].sum()
        ref = {c: float((profiles[c] * w).sum()) for c in cols}
    else:
        ref = {c: float(reference[c].iloc[0]) for c in cols}

    def word(ratio: float, cuts: tuple[float, ...], words: tuple[str, ...], low_is_good: bool) -> str:
        for cut, w in zip(cuts, words):
            if (ratio <= cut) if low_is_good else (ratio >= cut):
                return w
        return words[-1]

    names = []
    for _, row in profiles.iterrows():
        r = row["mean_gap"] / ref["mean_gap"] if ref["mean_gap"] else 1.0
        f = row["mean_orders"] / ref["mean_orders"] if ref["mean_orders"] else 1.0
        m = row["mean_spend"] / ref["mean_spend"] if ref["mean_spend"] else 1.0
        names.append(", ".join([
            word(r, (0.5, 1.0), ("very recent", "recent", "lapsed"), True),
            word(f, (2.0, 1.0, 0.5), ("very frequent", "frequent", "occasional", "one-off"), False),
            word(m, (2.0, 1.0, 0.5), ("top-spend", "high-spend", "low-spend", "minimal-spend"), False),
        ]))
    dup = pd.Series(names).duplicated(keep=False).to_numpy()
    names = [f"{n} (cluster {label})" if d else n for n, d, label in zip(names, dup, profiles.index)]
    return pd.Series(names, index=profiles.index, name="name")
