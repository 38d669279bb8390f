"""Helpers and fixtures shared by the tests split from the old test_lifecycle.py."""

import pandas as pd


REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]


HIGHEND = [1000, 869, 743, 653, 593, 551, 517, 491]


def _stage_log():
    d = pd.to_datetime
    rows = (
        [(1, x) for x in pd.date_range("2023-01-01", "2024-12-01", freq="MS")]          # steady monthly: stable
        + [(2, x) for x in pd.date_range("2023-01-01", "2024-06-01", freq="QS")]
        + [(2, x) for x in pd.date_range("2024-07-01", "2024-12-31", freq="14D")]       # accelerating: development
        + [(3, x) for x in pd.date_range("2023-01-01", "2024-04-01", freq="MS")]        # silent 9 months: lapsed
        + [(4, d("2024-12-10"))]                                                      # new: identification
        + [(5, x) for x in pd.date_range("2023-01-01", "2024-10-01", freq="MS")]        # 3 months silent: decline
    )
    return pd.DataFrame(rows, columns=["customer_id", "date"])


def _four_purchases():
    return pd.DataFrame({"customer_id": [1, 1, 1, 1, 2, 3, 3],
                         "date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-05-01", "2024-07-01",
                                                 "2024-12-20", "2024-01-10", "2024-02-10"])})
