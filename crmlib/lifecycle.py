"""Customer lifecycle (客户生命周期) and retention (客户保持): stages, cohorts, survival, churn.

* :func:`classify_stages` puts every customer of a transaction log in a lifecycle stage —
  identification (识别期/考察期), development (发展期/形成期), stable (稳定期), decline (衰退期)
  or lapsed — from tenure, the trend of the purchase rate and the time since the last
  purchase measured in the customer's own inter-purchase times.
* :func:`cohort_retention` builds the acquisition-cohort × period retention matrix.
* :func:`kaplan_meier` and :func:`logrank_test` estimate and compare survival curves
  (statsmodels underneath).
* :class:`ShiftedBetaGeometric` is the contractual retention model of Fader & Hardie (2007),
  with survival projections and the discounted expected residual lifetime (DERL).
* churn: :func:`churn_rate`, :data:`CHURN_TYPES`, :func:`early_warning`, and
  :func:`retention_economics` (Reichheld & Sasser's "+5 % retention").
"""
from __future__ import annotations

from typing import Any, Sequence

import narwhals as nw
import numpy as np
import pandas as pd
from scipy import optimize, special

from ._base import BaseModel
from ._deprecate import keyword_only_arguments, renamed_arguments
from ._errors import CRMLibError, DataFormatError
from ._frames import calendar_day, collect_pandas, to_narwhals
from ._validate import require_columns, transaction_log
from .summary import customer_summary, purchase_gaps

__all__ = [
    "STAGES", "STAGE_STRATEGIES", "CHURN_TYPES",
    "classify_stages", "stage_summary",
    "cohort_retention", "pooled_retention", "last_complete_period", "incomplete_period_note",
    "kaplan_meier", "logrank_test",
    "ShiftedBetaGeometric", "sbg_mean_churn", "survivors_from_customers",
    "churn_rate", "churn_types", "early_warning", "retention_economics",
]

#: Lifecycle stages in order (English key, Chinese textbook name).
STAGES = {
    "identification": "识别期/考察期",
    "development": "发展期/形成期",
    "stable": "稳定期/成熟期",
    "decline": "衰退期",
    "lapsed": "流失 (lapsed)",
}

#: Traits, relation to the firm and strategy of each stage (seed 000, 4.3.1).
STAGE_STRATEGIES = pd.DataFrame(
    {
        "traits": [
            "the two sides do not know or trust each other yet; low switching cost, easy to lose",
            "trust deepens, willingness to take risk grows, purchase volume keeps rising",
            "high mutual satisfaction, heavy mutual investment, large volume, cross-buying and referrals",
            "volume falls quickly or gradually; one side starts looking for other partners",
            "no purchase for far longer than the customer's own rhythm: probably gone",
        ],
        "relation": [
            "the firm earns only basic benefit; the customer contributes little",
            "the customer starts to contribute; revenue exceeds cost, the firm starts to profit",
            "the customer pays higher prices; profit is largest, plus indirect benefits of loyalty",
            "the customer is dissatisfied with the value offered; profit drops fast",
            "no current revenue; win-back costs money",
        ],
        "strategy": [
            "new-customer development: inform, promise (e.g. Midea's 1-year replacement + 10-year warranty), stimulate purchase",
            "relationship enhancement: raise customer value, add value-added services, cross-sell",
            "retention: personalised marketing, build exit barriers",
            "recovery (find and fix the cause) or termination; churn early warning",
            "win-back for valuable customers, otherwise stop spending",
        ],
    },
    index=pd.Index(list(STAGES), name="stage"),
)

#: The five churn types (客户流失的类型) of seeds 000/001, with what a firm can do.
CHURN_TYPES = pd.DataFrame(
    {
        "chinese": ["自然流失的客户", "不满意而流失的客户", "被竞争对手挖走的客户", "被竞争对手吸引走的客户", "被迫离开的客户"],
        "meaning": [
            "leaves for reasons outside the firm's control: moves away, changes needs, business closes",
            "leaves because products or service fell short of expectations",
            "actively poached by a rival's offer (price cut, sales force, incentives)",
            "drawn away by a rival's better product, innovation or brand",
            "the firm ends the relationship (bad credit, unprofitable, breaks rules) or regulation forces it",
        ],
        "controllable": [False, True, True, True, True],
    },
    index=pd.CategoricalIndex(
        ["natural", "dissatisfied", "poached", "attracted", "forced"],
        categories=["natural", "dissatisfied", "poached", "attracted", "forced"],
        name="churn_type",
    ),
)


# ---------------------------------------------------------------------------------------
# stages
# ---------------------------------------------------------------------------------------

def classify_stages(
    tx: pd.DataFrame,
    observation_end: Any = None,
    *,
    customer_id: str = "customer_id",
    date: str = "date",
    exploration_days: int = 90,
    decline_ratio: float = 2.0,
    lapse_ratio: float = 4.0,
    single_lapse_days: int = 365,
    trend_window: int = 180,
    growth_trend: float = 1.2,
    decline_trend: float = 0.5,
    min_recent: int = 2,
) -> pd.DataFrame:
    """Assign each customer a lifecycle stage from its purchase history.

    The rules, applied in this order (``gap`` = days since last purchase, ``ipt`` = the
    customer's own mean inter-purchase time = (last - first) / repeat purchase days):

    1. **lapsed** — ``gap > lapse_ratio * ipt`` (repeat buyers), or ``gap > single_lapse_days``
       (one-time buyers, who have no rhythm of their own);
    2. **identification** — tenure below ``exploration_days`` or no repeat purchase yet;
    3. **decline** — ``gap > decline_ratio * ipt``, or the purchase rate of the last
       ``trend_window`` days is below ``decline_trend`` × the earlier rate;
    4. **development** — the recent rate is at least ``growth_trend`` × the earlier rate, with
       at least ``min_recent`` purchase days in the window (one purchase is no trend);
    5. **stable** — everyone else: steady purchasing at the customer's own rhythm.

    Why these defaults: under a Poisson rhythm the chance of a silence longer than 2 mean
    gaps is e^-2 ≈ 14 % and of 4 gaps e^-4 ≈ 2 %, so 2× flags "overdue" and 4× "almost surely
    gone"; 90 days is a quarter, a common onboarding window; 180 days gives the trend a half
    year of data; ±20 % / -50 % ignore noise in small counts. Change them to suit the business.

    Parameters
    ----------
    tx : transaction log with ``customer_id`` and ``date`` columns (one row per purchase).
    observation_end : date the stages are assessed at; default the last date in the log.
    customer_id, date : column names.
    exploration_days, decline_ratio, lapse_ratio, single_lapse_days, trend_window,
    growth_trend, decline_trend, min_recent : thresholds, see above.

    Returns
    -------
    DataFrame indexed by customer id with ``first``, ``last``, ``purchase_days``, ``tenure``
    (days), ``gap`` (days), ``ipt`` (days, NaN for one-time buyers), ``gap_ratio``,
    ``recent_rate`` and ``earlier_rate`` (purchase days per 30 days), ``trend`` (ratio) and
    ``stage`` (ordered categorical, see :data:`STAGES`).

    References
    ----------
    Seed 000, 4.3.1 (客户生命周期的不同阶段); Dwyer, Schurr & Oh (1987), Developing
    buyer-seller relationships, *Journal of Marketing* 51(2).

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 1, 1, 2, 3, 3],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-05-01", "2024-07-01",
    ...                             "2024-12-20", "2024-01-10", "2024-02-10"])})
    >>> classify_stages(tx, "2024-12-31")["stage"].tolist()
    ['decline', 'identification', 'lapsed']
    """
    is_pandas = isinstance(tx, pd.DataFrame)
    if is_pandas:
        tx = transaction_log(tx, customer_id=customer_id, date=date)
    frame = require_columns(to_narwhals(tx, "classify_stages"), [customer_id, date], what="The transaction log",
                            hint="Pass customer_id=/date= with your column names.")
    day = calendar_day(date, frame.collect_schema()[date])
    if day is None:
        raise DataFormatError(f"classify_stages: column {date!r} has type {frame.collect_schema()[date]}, not a "
                              "date/datetime. Convert it first or load the log with crmlib.io.load_transactions.")
    if observation_end is not None:
        end = pd.Timestamp(observation_end).normalize()
    else:  # the last purchase day: the one number collected before the engine computes the rest
        end = pd.Timestamp(collect_pandas(frame.select(day.max().alias("d")))["d"].iloc[0])
    if pd.isna(end):
        raise CRMLibError("No transactions on or before observation_end; choose a later date.")
    end = end.to_pydatetime()
    cut = end - pd.Timedelta(days=trend_window).to_pytimedelta()
    # the per-customer facts (first, last, purchase days, tenure) and the gap/ipt are the ones of
    # customer_summary and purchase_gaps on every engine; only the trend window count is stage-specific
    facts = customer_summary(tx, end, "D", customer_id=customer_id, date=date, amount=None, order_id=None)
    # (a pandas summary gets its gaps as a frame on the same index; an engine summary gets them added)
    facts = nw.from_native(facts.join(purchase_gaps(facts)).reset_index() if is_pandas else purchase_gaps(facts))
    recent = (frame.select(nw.col(customer_id).alias("customer_id"), day.alias("day"))
              .filter((nw.col("day") > nw.lit(cut)) & (nw.col("day") <= nw.lit(end)))
              .group_by("customer_id").agg(nw.col("day").n_unique().alias("_recent")))
    per = facts.join(recent, on="customer_id", how="left").with_columns(
        nw.col("_recent").fill_null(0).cast(nw.Int64))
    out = _stage_rules(per, exploration_days=exploration_days, decline_ratio=decline_ratio,
                       lapse_ratio=lapse_ratio, single_lapse_days=single_lapse_days, trend_window=trend_window,
                       growth_trend=growth_trend, decline_trend=decline_trend, min_recent=min_recent)
    out = out.sort("customer_id")
    if not is_pandas:  # the stage's name in the engine
        label = nw.lit(None, dtype=nw.String)
        for i, name in enumerate(STAGES):
            label = nw.when(nw.col("stage") == i).then(nw.lit(name)).otherwise(label)
        return out.with_columns(stage=label).to_native()
    out = out.to_native().set_index("customer_id")
    out.index.name = customer_id
    for col in ("first", "last"):  # the log's own datetime type (customer_summary's days are naive)
        dtype = tx[date].dtype
        out[col] = out[col].dt.tz_localize(dtype.tz) if isinstance(dtype, pd.DatetimeTZDtype) else out[col].astype(dtype)
    out["stage"] = pd.Categorical.from_codes(out["stage"].to_numpy(), categories=list(STAGES), ordered=True)
    return out


def _stage_rules(per: Any, *, exploration_days: int, decline_ratio: float, lapse_ratio: float,
                 single_lapse_days: int, trend_window: int, growth_trend: float, decline_trend: float,
                 min_recent: int) -> Any:
    """The five stage rules of :func:`classify_stages`, written once as narwhals expressions.

    *per* has the columns of :func:`crmlib.summary.customer_summary` (in days) and
    :func:`crmlib.summary.purchase_gaps`, plus ``_recent`` (purchase days in the trend
    window). Divisions by zero are written out, not left to give inf/NaN: Spark's ANSI mode
    would raise.
    """
    recent, tenure = nw.col("_recent"), nw.col("tenure")
    repeat = nw.col("frequency")
    # the window before the trend window starts at the first purchase: tenure - trend_window days
    earlier_len = tenure - trend_window
    per = per.with_columns(
        purchase_days=(repeat + 1).cast(nw.Int64),
        gap=nw.col("gap").round(0).cast(nw.Int64),
        recent_rate=recent.cast(nw.Float64) / trend_window * 30,
        earlier_rate=nw.when(earlier_len > 0)
        .then((repeat + 1 - recent).cast(nw.Float64) / earlier_len.cast(nw.Float64) * 30),
    )
    earlier, recent_rate = nw.col("earlier_rate"), nw.col("recent_rate")
    # recent / earlier, with numpy's conventions: x / 0 = inf (x > 0), 0 / 0 and anything / NaN = NaN
    per = per.with_columns(
        trend=nw.when(earlier > 0).then(recent_rate / earlier)
        .otherwise(nw.when(~earlier.is_null() & (recent_rate > 0)).then(nw.lit(float("inf")))),
    )
    gap, gap_ratio, trend = nw.col("gap"), nw.col("gap_ratio"), nw.col("trend")
    gap_ratio_ok = ~gap_ratio.is_null()
    # a trend needs a full window before the trend window; computed once, used by two rules
    per = per.with_columns(_trend_ok=~earlier.is_null() & (tenure >= 2 * trend_window) & ~trend.is_null())
    trend_ok = nw.col("_trend_ok")
    # 1. lapsed, 2. identification, 3. decline, 4. development, 5. stable (the first rule that holds wins);
    # the stage is its position in STAGES here (an integer is cheap on pandas) and named by the caller
    code = {name: i for i, name in enumerate(STAGES)}
    lapsed = (gap_ratio_ok & (gap_ratio > lapse_ratio)) | ((repeat == 0) & (gap > single_lapse_days))
    ident = (tenure < exploration_days) | (repeat == 0)
    decline = (gap_ratio_ok & (gap_ratio > decline_ratio)) | (trend_ok & (trend < decline_trend))
    develop = trend_ok & (trend >= growth_trend) & (recent >= min_recent)
    stage = (nw.when(lapsed).then(code["lapsed"]).otherwise(
        nw.when(ident).then(code["identification"]).otherwise(
            nw.when(decline).then(code["decline"]).otherwise(
                nw.when(develop).then(code["development"]).otherwise(code["stable"])))))
    return per.with_columns(stage=stage.cast(nw.Int8)).select(
        "customer_id", "first", "last", "purchase_days", "tenure", "gap", "ipt", "gap_ratio", "recent_rate",
        "earlier_rate", "trend", "stage")


def stage_summary(stages: pd.DataFrame, tx: pd.DataFrame | None = None, *, customer_id: str = "customer_id",
                  amount: str = "amount") -> pd.DataFrame:
    """Customers, share and typical behaviour per stage, with the seed's strategy.

    Parameters
    ----------
    stages : output of :func:`classify_stages`.
    tx : the transaction log, to add total revenue per stage (needs ``amount``).

    Returns
    -------
    DataFrame indexed by stage: ``customers``, ``share``, ``median_tenure``, ``median_gap``,
    ``mean_purchase_days`` [, ``revenue``, ``revenue_share``], ``strategy``.
    """
    if "stage" not in stages.columns:
        raise DataFormatError("stage_summary needs the output of classify_stages (a 'stage' column).")
    g = stages.groupby("stage", observed=False)
    out = pd.DataFrame({
        "customers": g.size(),
        "median_tenure": g["tenure"].median(),
        "median_gap": g["gap"].median(),
        "mean_purchase_days": g["purchase_days"].mean(),
    })
    out.insert(1, "share", out["customers"] / out["customers"].sum())
    if tx is not None:
        rev = tx.groupby(customer_id)[amount].sum().reindex(stages.index, fill_value=0.0)
        out["revenue"] = rev.groupby(stages["stage"], observed=False).sum()
        out["revenue_share"] = out["revenue"] / out["revenue"].sum()
    out["strategy"] = STAGE_STRATEGIES["strategy"].reindex(out.index.astype(str)).to_numpy()
    out.index = pd.CategoricalIndex(out.index.astype(str), categories=list(STAGES), ordered=True, name="stage")
    return out


# ---------------------------------------------------------------------------------------
# cohorts
# ---------------------------------------------------------------------------------------

def cohort_retention(
    tx: pd.DataFrame,
    period: str = "M",
    *,
    customer_id: str = "customer_id",
    date: str = "date",
    amount: str | None = None,
    kind: str = "rate",
    observation_end: Any = None,
    incomplete: str = "warn",
) -> pd.DataFrame:
    """Acquisition-cohort × period-since-acquisition retention matrix.

    A customer's cohort is the period of the first purchase; period ``k`` counts the periods
    since then (0 = acquisition period, always 100 %).

    A log that ends inside a period (on 9 December, say) has seen only part of that month:
    counting it as a full period makes retention seem to fall in the last column. With
    ``incomplete="drop"`` the cells of the incomplete last period are left empty, like cells a
    cohort has not reached (a cohort acquired in it keeps only its period-0 cell, so every
    customer is still counted);
    :func:`incomplete_period_note` says so in a sentence for a report. The default, ``"warn"``,
    keeps the period (as earlier versions did) and warns.

    Parameters
    ----------
    tx : transaction log.
    period : pandas period alias: ``"M"`` (month), ``"Q"``, ``"W"``, ``"Y"``.
    customer_id, date, amount : column names (``amount`` needed for ``kind="revenue"``/``"amount"``).
    kind : ``"count"`` (active customers), ``"rate"`` (share of the cohort active),
        ``"revenue"`` (revenue as a share of the cohort's period-0 revenue: revenue retention)
        or ``"amount"`` (the cohort's total revenue in each period, as in the data).
    observation_end : last day observed (inclusive); later transactions are ignored. Default:
        the last date in the data.
    incomplete : ``"drop"`` (leave out an incomplete last period), ``"warn"`` (default: keep
        it and emit a ``UserWarning``) or ``"keep"`` (keep it silently).

    Returns
    -------
    DataFrame: rows = cohort (Period); a first column ``customers`` (the cohort's size), then
    one column per period since acquisition (int: 0, 1, ...); cells a cohort has not reached
    yet are NaN. The same shape as :func:`crmlib.value.cohort_value`.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2, 3, 3],
    ...     "date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-01-20", "2024-02-03", "2024-03-09"])})
    >>> cohort_retention(tx, kind="count", observation_end="2024-03-31")  # doctest: +NORMALIZE_WHITESPACE
             customers  0  1
    cohort
    2024-01          2  2  1
    2024-02          1  1  1

    Without ``observation_end`` the log ends on 9 March, so March is incomplete; leave it out:

    >>> cohort_retention(tx, incomplete="drop")  # doctest: +NORMALIZE_WHITESPACE
             customers    0    1
    cohort
    2024-01          2  1.0  0.5
    2024-02          1  1.0  NaN
    """
    if kind not in ("count", "rate", "revenue", "amount"):
        raise CRMLibError(f"kind={kind!r}: use 'count', 'rate', 'revenue' or 'amount'.")
    if incomplete not in ("drop", "warn", "keep"):
        raise CRMLibError(f"incomplete={incomplete!r}: use 'drop' (leave out an incomplete last period), 'warn' or "
                          "'keep'.")
    if not isinstance(tx, pd.DataFrame):
        # Polars/DuckDB/Spark: the engine counts, the same observation_end and incomplete-period rules follow
        table, sizes, end = _cohort_counts_frame(tx, period, customer_id=customer_id, date=date, amount=amount,
                                                 kind=kind, observation_end=observation_end)
        period = _PERIOD_FREQ[str(period).upper()]
        last = _last_period(end, period, incomplete)
        return _cohort_matrix(table, sizes, last, kind)
    tx = transaction_log(_cohort_columns(tx, customer_id=customer_id, date=date, amount=amount, kind=kind),
                         customer_id=customer_id, date=date)
    if observation_end not in (None, ""):
        tx = tx[tx[date] < pd.Timestamp(observation_end).normalize() + pd.Timedelta(days=1)]
        if tx.empty:
            raise CRMLibError(f"No transaction falls on or before observation_end={observation_end}.")
    end = pd.Timestamp(observation_end) if observation_end not in (None, "") else tx[date].max()
    try:
        p = tx[date].dt.to_period(period)
    except (ValueError, TypeError) as exc:
        raise CRMLibError(f"period={period!r} is not a pandas period alias; use 'M', 'Q', 'W' or 'Y'.") from exc
    last = _last_period(end, period, incomplete)
    cohort = p.groupby(tx[customer_id]).transform("min")
    age = (p - cohort).map(lambda off: off.n).astype(int)
    frame = pd.DataFrame({"cohort": cohort, "age": age, "cid": tx[customer_id]})
    if kind in ("revenue", "amount"):
        frame["amount"] = tx[amount]
        table = frame.groupby(["cohort", "age"])["amount"].sum().unstack("age")
    else:
        table = frame.groupby(["cohort", "age"])["cid"].nunique().unstack("age")
    sizes = frame.groupby("cohort")["cid"].nunique()
    return _cohort_matrix(table, sizes, last, kind)


def pooled_retention(retention: pd.DataFrame, cohort_sizes: pd.Series | np.ndarray | None = None) -> pd.DataFrame:
    """The average retention curve of a cohort table, each cohort weighted by its size.

    At each age (periods since the first purchase) only the cohorts old enough to be seen
    at that age count: retention is the customers buying at that age over the customers of
    those cohorts. An unweighted mean of the rates would give a cohort of 3 customers the
    weight of a cohort of 300.

    Parameters
    ----------
    retention : cohorts x ages of retention rates, NaN where a cohort is too young
        (:func:`crmlib.lifecycle.cohort_retention` with ``kind="rate"``); its ``customers``
        column, when present, gives the cohort sizes.
    cohort_sizes : customers of each cohort, in the rows' order; default: ``retention["customers"]``.

    Returns
    -------
    DataFrame indexed by ``age`` with ``cohorts`` (cohorts observed at that age),
    ``customers_observable``, ``customers_buying`` and ``retention``.

    Examples
    --------
    >>> rates = pd.DataFrame({0: [1.0, 1.0], 1: [0.5, 0.25], 2: [0.2, None]}, index=["2024-01", "2024-02"])
    >>> pooled_retention(rates, [10, 20])["retention"].round(4).tolist()
    [1.0, 0.3333, 0.2]
    >>> pooled_retention(rates.assign(customers=[10, 20]))["customers_observable"].tolist()
    [30.0, 30.0, 10.0]
    """
    if cohort_sizes is None:
        if "customers" not in retention.columns:
            raise CRMLibError("pooled_retention needs the cohort sizes: pass cohort_sizes= or a table with a "
                              "'customers' column (as cohort_retention returns).")
        cohort_sizes = retention["customers"]
    retention = retention.drop(columns="customers", errors="ignore")
    sizes = np.asarray(cohort_sizes, dtype=float)
    if sizes.shape != (len(retention),):
        raise CRMLibError(f"cohort_sizes has {sizes.size} values for {len(retention)} cohorts: pass one size "
                          "per row of the retention table (its 'customers' column).")
    rates = retention.to_numpy(float)
    observed = ~np.isnan(rates)
    curve = pd.DataFrame({
        "cohorts": observed.sum(axis=0),
        "customers_observable": (observed * sizes[:, None]).sum(axis=0),
        # rate × size gives back the whole number of buyers the rate was computed from
        "customers_buying": np.nansum(rates * sizes[:, None], axis=0).round(),
    }, index=pd.Index(retention.columns, name="age"))
    curve["retention"] = curve["customers_buying"] / curve["customers_observable"]
    return curve


def _cohort_columns(tx: Any, *, customer_id: str, date: str, amount: str | None, kind: str) -> Any:
    """The one column check of :func:`cohort_retention`, for pandas and engine tables alike."""
    needed = [customer_id, date]
    if kind in ("revenue", "amount"):
        if amount is None:
            raise CRMLibError(f"kind={kind!r} needs amount='<revenue column>'.")
        needed.append(amount)
    return require_columns(tx, needed, what="The transaction log",
                           hint="Pass customer_id=/date=/amount= with your column names.")


def _last_period(end: pd.Timestamp, period: str, incomplete: str) -> pd.Period:
    """The last period whose cells are shown: *end*'s own period, or the last complete one with
    ``incomplete="drop"``; warns (``incomplete="warn"``) when *end*'s period is incomplete."""
    last_complete, is_complete = last_complete_period(end, period)
    if incomplete == "warn" and not is_complete:
        import warnings  # noqa: PLC0415

        own = end.to_period(period)
        # stacklevel 3: the caller of cohort_retention
        warnings.warn(f"cohort_retention: the data end on {end.date()}, inside the period {own}, which is counted as "
                      "a full period, so its retention looks low; pass incomplete='drop' to leave it out "
                      "(or 'keep' to silence this).", UserWarning, stacklevel=3)
    return last_complete if incomplete == "drop" else end.to_period(period)


#: Period index of a date as narwhals expressions on year/month (pandas Period ordinals), per alias.
_PERIOD_FREQ = {"M": "M", "ME": "M", "Q": "Q", "QE": "Q", "Y": "Y", "YE": "Y", "A": "Y", "W": "W"}


def _cohort_counts_frame(tx: Any, period: str, *, customer_id: str, date: str, amount: str | None,
                         kind: str, observation_end: Any = None) -> tuple[pd.DataFrame, pd.Series, pd.Timestamp]:
    """The cohort x age counts of a Polars, DuckDB or Spark log, computed in the engine.

    Rows after *observation_end* (inclusive day) are left out, as for pandas input. Returns the
    small (cohorts x ages) table, the cohort sizes and the end of observation (*observation_end*,
    or the last day in the data), collected into pandas; :func:`_cohort_matrix` finishes
    exactly as for pandas input.
    """
    import narwhals as nw  # noqa: PLC0415

    from ._frames import collect_pandas, to_narwhals, with_day_numbers  # noqa: PLC0415

    frame = _cohort_columns(to_narwhals(tx, "cohort_retention"), customer_id=customer_id, date=date,
                            amount=amount, kind=kind)
    freq = _PERIOD_FREQ.get(str(period).upper())
    if freq is None:
        raise CRMLibError(f"period={period!r}: on a Polars/DuckDB/Spark table use 'M', 'Q', 'W' or 'Y'.")
    d = nw.col("_date")
    frame = frame.select(nw.col(customer_id).alias("cid"), nw.col(date).alias("_date"),
                         *([nw.col(amount).cast(nw.Float64).alias("amount")] if kind in ("revenue", "amount") else []))
    # day numbers on every engine: the observation_end filter and the last day observed use them
    frame = with_day_numbers(frame, {"_day": "_date"})
    if observation_end not in (None, ""):
        end_day = (pd.Timestamp(observation_end).normalize() - pd.Timestamp("1970-01-01")).days
        frame = frame.filter(nw.col("_day") <= end_day)
    if freq == "W":  # pandas "W" = weeks Monday..Sunday; 1970-01-01 (day 0) is a Thursday in week 1
        p = (nw.col("_day") + 3) // 7 + 1
    elif freq == "M":
        p = (d.dt.year() - 1970) * 12 + d.dt.month() - 1
    elif freq == "Q":
        p = (d.dt.year() - 1970) * 4 + (d.dt.month() - 1) // 3
    else:
        p = d.dt.year() - 1970
    frame = frame.with_columns(p=p.cast(nw.Int64)).with_columns(cohort=nw.col("p").min().over("cid"))
    frame = frame.with_columns(age=nw.col("p") - nw.col("cohort"))
    value = nw.col("amount").sum() if kind in ("revenue", "amount") else nw.col("cid").n_unique()
    long = collect_pandas(frame.group_by("cohort", "age").agg(value.alias("value")))
    sizes = collect_pandas(frame.group_by("cohort").agg(nw.col("cid").n_unique().alias("n")))
    last_day = collect_pandas(frame.select(nw.col("_day").max().alias("d")))["d"].iloc[0]
    if long.empty:
        if observation_end not in (None, ""):
            raise CRMLibError(f"No transaction falls on or before observation_end={observation_end}.")
        raise CRMLibError("cohort_retention: the transaction log has no rows.")
    end = (pd.Timestamp(observation_end) if observation_end not in (None, "")
           else pd.Timestamp("1970-01-01") + pd.Timedelta(days=int(last_day)))

    def to_period(ordinals: pd.Series) -> pd.PeriodIndex:
        return pd.PeriodIndex.from_ordinals(ordinals.astype("int64").to_numpy(), freq=freq)

    long["cohort"] = to_period(long["cohort"])
    table = long.set_index(["cohort", "age"])["value"].unstack("age").sort_index()
    sizes = pd.Series(sizes["n"].to_numpy(), index=to_period(sizes["cohort"]), name="cid").sort_index()
    sizes.index.name = "cohort"
    return table, sizes, end


def _cohort_matrix(table: pd.DataFrame, sizes: pd.Series, last: pd.Period, kind: str) -> pd.DataFrame:
    """Square off the cohort x age table: missing cells 0, unreached cells NaN, then rates."""
    ages = range(int(max(table.columns)) + 1)
    table = table.reindex(columns=list(ages)).fillna(0)
    # period 0 is always shown: a cohort acquired in an incomplete last period keeps its row (its size and
    # acquisition cell), so the table still accounts for every customer
    reached = np.array([[a == 0 or (c + a) <= last for a in ages] for c in table.index])
    table = table.where(reached)
    if kind == "rate":
        table = table.div(sizes, axis=0)
    elif kind == "revenue":
        table = table.div(table[0], axis=0)
    table.index.name = "cohort"
    table.columns.name = None
    # the cohort sizes travel as a column (DataFrame.attrs is dropped by many pandas operations)
    table.insert(0, "customers", sizes.reindex(table.index).astype(int).to_numpy())
    return table


def last_complete_period(end: Any, period: str = "M") -> tuple[pd.Period, bool]:
    """The last period fully observed when the data end on *end*, and whether *end*'s own period is complete.

    A period is complete when *end* falls on its last day (the end day counts as observed).

    Examples
    --------
    >>> last_complete_period("2011-12-09", "M")
    (Period('2011-11', 'M'), False)
    >>> last_complete_period("1998-06-30", "M")
    (Period('1998-06', 'M'), True)
    """
    day = pd.Timestamp(end).normalize()
    try:
        own = day.to_period(period)
    except (ValueError, TypeError) as exc:
        raise CRMLibError(f"period={period!r} is not a pandas period alias; use 'M', 'Q', 'W' or 'Y'.") from exc
    complete = own.end_time.normalize() <= day
    return (own if complete else own - 1), bool(complete)


def incomplete_period_note(end: Any, period: str = "M") -> str:
    """A sentence for a report when the data end inside a period; ``""`` when the last period is complete.

    Examples
    --------
    >>> incomplete_period_note("2011-12-09", "M")[:62]
    'The data end on 2011-12-09, 9 days into the period 2011-12 (of'
    >>> incomplete_period_note("2011-12-31", "M")
    ''
    """
    day = pd.Timestamp(end).normalize()
    last, complete = last_complete_period(day, period)
    if complete:
        return ""
    own = day.to_period(period)
    seen = (day - own.start_time.normalize()).days + 1
    length = (own.end_time.normalize() - own.start_time.normalize()).days + 1
    return (f"The data end on {day.date()}, {seen} days into the period {own} (of {length} days), so that period "
            f"is incomplete: its retention cells are left empty (the cohort table's last full period is {last}). "
            "Counting it as a full period would make retention seem to fall in its last column.")


# ---------------------------------------------------------------------------------------
# survival
# ---------------------------------------------------------------------------------------

@renamed_arguments(alpha=("level", lambda alpha: 1 - alpha, "level = 1 - alpha"), since="0.2", removed_in="0.3")
@keyword_only_arguments("duration", "event", "group", since="0.2", removed_in="0.3")
def kaplan_meier(
    data: pd.DataFrame,
    *,
    duration: str = "tenure",
    event: str = "churned",
    group: str | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Kaplan-Meier survival (retention) curves with pointwise confidence intervals.

    Parameters
    ----------
    data : one row per customer.
    duration : column with the time observed (e.g. months of tenure).
    event : column, 1/True when the customer churned at ``duration``, 0/False when still
        active (right-censored). ``"Yes"``/``"No"`` strings are accepted.
    group : optional column; one curve per value.
    level : confidence level of the log(-log) intervals (Greenwood variance), e.g. 0.95.
        ``alpha=0.05`` is the retired spelling of ``level=0.95``.

    Returns
    -------
    Long DataFrame with ``group`` (if given), ``time``, ``at_risk``, ``events``, ``survival``,
    ``std_error``, ``lower``, ``upper``; time 0 with survival 1 is included.

    References
    ----------
    Kaplan, E. L. & Meier, P. (1958). *JASA* 53, 457-481. statsmodels ``SurvfuncRight``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"tenure": [1, 2, 2, 3, 4], "churned": [1, 1, 0, 1, 0]})
    >>> kaplan_meier(d)[["time", "at_risk", "events", "survival"]].round(4)  # doctest: +NORMALIZE_WHITESPACE
       time  at_risk  events  survival
    0     0        5       0       1.0
    1     1        5       1       0.8
    2     2        4       1       0.6
    3     3        2       1       0.3
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    require_columns(data, [duration, event] + ([group] if group else []), what="The survival data",
                    hint="Pass duration=/event=/group= with your column names.")
    if not 0 < level < 1:
        raise CRMLibError(f"level={level!r}: pass the confidence level as a share, e.g. 0.95 for 95 % intervals.")
    ev = _events(data[event])
    dur = data[duration].to_numpy(dtype=float)
    if np.isnan(dur).any() or (dur < 0).any():
        raise DataFormatError(f"Column {duration!r} must be non-negative numbers without gaps.")
    z = special.ndtri(0.5 + level / 2)
    frames = []
    keys = [(None, np.ones(len(data), bool))] if group is None else [
        (k, (data[group] == k).to_numpy()) for k in sorted(data[group].dropna().unique())
    ]
    for key, mask in keys:
        sf = SurvfuncRight(dur[mask], ev[mask])
        s, se = sf.surv_prob, sf.surv_prob_se
        with np.errstate(divide="ignore", invalid="ignore"):
            theta = np.log(-np.log(s))
            half = z * se / (s * np.abs(np.log(s)))
            lower = np.exp(-np.exp(theta + half))
            upper = np.exp(-np.exp(theta - half))
        lower = np.where(s >= 1, 1.0, np.where(s <= 0, 0.0, lower))
        upper = np.where(s >= 1, 1.0, np.where(s <= 0, 0.0, upper))
        times = sf.surv_times
        n0 = int(mask.sum())
        frame = pd.DataFrame({
            "time": np.r_[0, times], "at_risk": np.r_[n0, sf.n_risk].astype(int),
            "events": np.r_[0, sf.n_events].astype(int), "survival": np.r_[1.0, s],
            "std_error": np.r_[0.0, se], "lower": np.r_[1.0, lower], "upper": np.r_[1.0, upper],
        })
        if np.allclose(frame["time"], frame["time"].round()):
            frame["time"] = frame["time"].round().astype(int)
        if group is not None:
            frame.insert(0, group, key)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _events(col: pd.Series) -> np.ndarray:
    if col.dtype == object or isinstance(col.dtype, pd.StringDtype):
        mapped = col.astype(str).str.strip().str.lower().map({"yes": 1, "no": 0, "true": 1, "false": 0, "1": 1, "0": 0})
        if mapped.isna().any():
            raise DataFormatError("The event column must be 1/0, True/False or 'Yes'/'No'.")
        return mapped.to_numpy(dtype=float)
    return col.astype(float).to_numpy()


@keyword_only_arguments("duration", "event", "group", since="0.2", removed_in="0.3")
def logrank_test(data: pd.DataFrame, *, duration: str = "tenure", event: str = "churned",
                 group: str = "group") -> pd.Series:
    """Log-rank test that the survival curves of all groups are equal.

    Returns
    -------
    pandas.Series with ``statistic`` (chi-square), ``df`` (groups - 1) and ``p_value``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"tenure": [1, 2, 3, 4, 5, 6], "churned": [1, 1, 1, 1, 1, 1],
    ...                   "group": ["a", "a", "a", "b", "b", "b"]})
    >>> round(float(logrank_test(d)["statistic"]), 3)
    5.052
    """
    from statsmodels.duration.survfunc import survdiff

    require_columns(data, [duration, event, group], what="The survival data",
                    hint="Pass duration=/event=/group= with your column names.")
    ev = _events(data[event])
    stat, p = survdiff(data[duration].to_numpy(float), ev, data[group].to_numpy())
    return pd.Series({"statistic": float(stat), "df": data[group].nunique() - 1, "p_value": float(p)})


# ---------------------------------------------------------------------------------------
# shifted-beta-geometric
# ---------------------------------------------------------------------------------------

@keyword_only_arguments("recency", "T", since="0.2", removed_in="0.3")
def survivors_from_customers(customers: pd.DataFrame, *, recency: str = "recency", T: str = "T") -> pd.Series:
    """Survivor counts S(0), S(1), ..., S(T-1) from customer-level contract data.

    ``recency`` is the last period a customer was active (1..T); a customer active in
    period ``t + 1`` has survived ``t`` renewals. Matches the layout of
    :func:`crmlib.datasets.load_sbg_cohorts`.
    """
    require_columns(customers, [recency, T], what="The customer table",
                    hint="Pass recency=/T= with your column names.")
    r = customers[recency].to_numpy(int)
    horizon = int(customers[T].max())
    counts = [(r > t).sum() for t in range(horizon)]
    return pd.Series(counts, index=pd.RangeIndex(horizon, name="period"), name="survivors")


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


# ---------------------------------------------------------------------------------------
# churn
# ---------------------------------------------------------------------------------------

def churn_rate(active_start: float, lost: float) -> float:
    """Churn rate = customers lost in the period / customers active at its start.

    Examples
    --------
    >>> churn_rate(1000, 150)
    0.15
    """
    if active_start <= 0:
        raise CRMLibError("active_start must be positive: the customers at the start of the period.")
    if not 0 <= lost <= active_start:
        raise CRMLibError("lost must be between 0 and active_start.")
    return float(lost) / float(active_start)


def churn_types(reasons: pd.Series, mapping: dict[str, str]) -> pd.Series:
    """Label free-text or coded churn reasons with the five churn types.

    Parameters
    ----------
    reasons : one reason per churned customer.
    mapping : reason -> one of ``natural``, ``dissatisfied``, ``poached``, ``attracted``, ``forced``.

    Returns
    -------
    Categorical Series with the categories of :data:`CHURN_TYPES` (in order).
    """
    allowed = list(CHURN_TYPES.index.categories)
    bad = sorted({v for v in mapping.values() if v not in allowed})
    if bad:
        raise CRMLibError(f"Unknown churn type(s) {bad}; use {allowed}.")
    unmapped = sorted(set(reasons.dropna().unique()) - set(mapping))
    if unmapped:
        raise CRMLibError(f"No churn type given for reason(s) {unmapped[:5]}; add them to mapping.")
    return pd.Series(pd.Categorical(reasons.map(mapping), categories=allowed), index=reasons.index, name="churn_type")


def early_warning(
    summary: pd.DataFrame,
    model: Any = None,
    threshold: float = 0.5,
    recency_ratio: float = 2.0,
) -> pd.DataFrame:
    """Churn early-warning list (流失预警): customers who are probably slipping away.

    With a fitted :class:`crmlib.clv.BetaGeo` ``model``, flags customers whose P(alive) is
    below ``threshold``. Without a model, flags repeat buyers whose silence ``T - recency``
    exceeds ``recency_ratio`` times their own mean inter-purchase time ``recency / frequency``.

    Returns
    -------
    The flagged rows of ``summary`` with an added ``p_alive`` or ``silence_ratio`` column,
    most at-risk first.
    """
    for c in ("frequency", "recency", "T"):
        if c not in summary.columns:
            raise DataFormatError(f"early_warning needs a customer summary with {c!r}; see crmlib.summary.customer_summary.")
    out = summary.copy()
    if model is not None:
        out["p_alive"] = model.p_alive(out["frequency"], out["recency"], out["T"])
        return out.loc[out["p_alive"] < threshold].sort_values("p_alive")
    repeat = out["frequency"] > 0
    ipt = out["recency"] / out["frequency"].where(repeat)
    out["silence_ratio"] = (out["T"] - out["recency"]) / ipt
    return out.loc[repeat & (out["silence_ratio"] > recency_ratio)].sort_values("silence_ratio", ascending=False)


def retention_economics(
    retention: float,
    uplift: float = 0.05,
    margin: float = 100.0,
    discount_rate: float = 0.10,
    margin_growth: float = 0.0,
    acquisition_cost: float | None = None,
) -> pd.Series:
    """What +``uplift`` points of retention do to the value of a customer (Reichheld & Sasser).

    A customer pays ``margin`` at the end of year 1, growing by ``margin_growth`` a year
    while retained (Reichheld's "profit per customer rises with tenure"); each year the
    customer stays with probability ``retention``. Then

    CLV(r) = Σ_{t≥1} m (1+g)^{t-1} r^{t-1} / (1+d)^t = m / (1 + d - r(1+g)),

    finite while r(1+g) < 1 + d. Also reported: expected lifetime 1/(1-r) years.

    Returns
    -------
    pandas.Series with ``clv_before``, ``clv_after``, ``clv_change`` (relative),
    ``lifetime_before``, ``lifetime_after`` and, with ``acquisition_cost``, the profit per
    acquired customer before/after and its relative change.

    References
    ----------
    Reichheld, F. F. & Sasser, W. E. (1990). Zero defections: quality comes to services.
    *Harvard Business Review* 68(5), 105-111. Seed 003: +5 % retention → +25 % to +85 % profit.

    Examples
    --------
    >>> round(float(retention_economics(0.80, 0.05, margin=100, discount_rate=0.10)["clv_change"]), 4)
    0.2
    """
    r0, r1 = float(retention), float(retention) + float(uplift)
    if not (0 <= r0 < 1 and 0 <= r1 < 1):
        raise CRMLibError("retention and retention + uplift must lie in [0, 1).")
    grow = 1 + margin_growth
    if r1 * grow >= 1 + discount_rate:
        raise CRMLibError("retention × (1 + margin_growth) must stay below 1 + discount_rate, or CLV is infinite.")

    from .value import retention_clv  # value imports lifecycle; import here, not at module level

    def clv(r: float) -> float:
        # the first margin is certain (end of year 1), then retention applies
        return retention_clv(margin, r, discount_rate, first_margin="certain", margin_growth=margin_growth)

    out = {
        "clv_before": clv(r0), "clv_after": clv(r1), "clv_change": clv(r1) / clv(r0) - 1,
        "lifetime_before": 1 / (1 - r0), "lifetime_after": 1 / (1 - r1),
    }
    if acquisition_cost is not None:
        out["profit_before"] = clv(r0) - acquisition_cost
        out["profit_after"] = clv(r1) - acquisition_cost
        out["profit_change"] = out["profit_after"] / out["profit_before"] - 1
    return pd.Series(out, name="retention_economics")
