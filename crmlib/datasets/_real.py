"""Loaders for the real public datasets listed in :data:`crmlib.datasets.MANIFEST`."""
from __future__ import annotations

import pandas as pd

from ._registry import data_path


def _read_cdnow(name: str, columns: list[str]) -> pd.DataFrame:
    raw = pd.read_csv(
        data_path(name), sep=r"\s+", header=None, names=columns,
        skiprows=1 if name == "cdnow_master" else 0, dtype={"date": str},
    )
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return raw


def load_cdnow_master() -> pd.DataFrame:
    """The full CDNOW 1/10 cohort: 69,659 purchases by 23,570 customers.

    Returns
    -------
    DataFrame with canonical transaction columns ``customer_id`` (int), ``date``
    (datetime64), ``quantity`` (CDs bought) and ``amount`` (US dollars). There is no
    order id: repeated identical rows are genuine separate purchases.

    References
    ----------
    Fader, Hardie & Lee (2005), "Counting your customers the easy way",
    Marketing Science 24(2), 275-284.

    Examples
    --------
    >>> tx = load_cdnow_master()  # doctest: +SKIP
    >>> tx.shape, tx["customer_id"].nunique()  # doctest: +SKIP
    ((69659, 4), 23570)
    """
    return _read_cdnow("cdnow_master", ["customer_id", "date", "quantity", "amount"])


def load_cdnow_sample() -> pd.DataFrame:
    """The Fader-Hardie CDNOW sample: 6,919 purchases by 2,357 customers.

    Returns
    -------
    DataFrame with ``customer_id`` (the sample id, 1..2357), ``master_id`` (id in the
    master file), ``date``, ``quantity`` and ``amount``.

    Examples
    --------
    >>> load_cdnow_sample()["customer_id"].nunique()  # doctest: +SKIP
    2357
    """
    tx = _read_cdnow("cdnow_sample", ["master_id", "customer_id", "date", "quantity", "amount"])
    return tx[["customer_id", "master_id", "date", "quantity", "amount"]]


def load_cdnow_summary() -> pd.DataFrame:
    """The published per-customer summary of the CDNOW sample (time in weeks).

    Returns
    -------
    DataFrame indexed by ``customer_id`` with ``frequency`` (x, repeat purchases),
    ``recency`` (t_x), ``T`` and ``monetary`` (zbar, mean repeat-purchase value) —
    the column names of :func:`crmlib.summary.customer_summary`.

    Examples
    --------
    >>> load_cdnow_summary().loc[1].round(2).to_dict()  # doctest: +SKIP
    {'frequency': 2.0, 'recency': 30.43, 'T': 38.86, 'monetary': 22.35}
    """
    raw = pd.read_csv(data_path("cdnow_summary"))
    out = raw.rename(columns={"ID": "customer_id", "x": "frequency", "t_x": "recency", "zbar": "monetary"})
    return out.set_index("customer_id")


def load_sbg_cohorts() -> pd.DataFrame:
    """Contract customers of Fader & Hardie (2007): 1,000 regular and 1,000 high-end.

    Returns
    -------
    DataFrame with ``customer_id``, ``recency`` (last year observed active, 1..8),
    ``T`` (8) and ``cohort`` (``"regular"`` or ``"highend"``).
    """
    return pd.read_csv(data_path("sbg_cohorts"))


def load_donations() -> pd.DataFrame:
    """Donor data of Fader, Hardie & Shang (2010): 11,104 donors, 6 opportunities.

    Returns
    -------
    DataFrame with ``customer_id``, ``frequency``, ``recency`` and ``T`` (6).
    """
    return pd.read_csv(data_path("donations"))


def load_telco() -> pd.DataFrame:
    """IBM's Telco customer churn sample: 7,043 subscribers.

    ``TotalCharges`` is read as a number; its 11 blank values (all customers with
    ``tenure == 0``, who have not been billed yet) become ``NaN``. ``SeniorCitizen``
    stays 0/1 and ``Churn`` is ``"Yes"``/``"No"`` as published.
    """
    telco = pd.read_csv(data_path("telco"))
    telco["TotalCharges"] = pd.to_numeric(telco["TotalCharges"].str.strip().replace("", None))
    return telco


def load_mobi() -> pd.DataFrame:
    """The ECSI mobile-phone survey: 250 respondents, 24 items scored 1-10.

    Blocks: image ``IMAG1-5``, expectation ``CUEX1-3``, perceived quality ``PERQ1-7``,
    perceived value ``PERV1-2``, satisfaction ``CUSA1-3``, complaints ``CUSCO``,
    loyalty ``CUSL1-3``.
    """
    return pd.read_csv(data_path("mobi"))


def load_satisfaction() -> pd.DataFrame:
    """The plspm ``satisfaction`` survey: 250 bank customers, 27 items (0-10) and gender."""
    return pd.read_csv(data_path("satisfaction"), index_col=0)
