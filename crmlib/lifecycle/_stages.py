"""Lifecycle stages (客户生命周期的阶段): the stages, their strategies, and each customer's stage.

Chapter 2, "Reading a stage from a purchase history" (notebook ch2_stages_and_cohorts).
"""
from __future__ import annotations

from typing import Any

import narwhals as nw
import pandas as pd

from .._errors import CRMLibError, DataFormatError
from .._frames import calendar_day, collect_pandas, to_narwhals
from .._validate import require_columns, transaction_log
from ..summary import customer_summary, purchase_gaps


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
