"""Tests of ``crmlib.report._cohort_sql`` (split from the old test_report.py).

crmlib.report and the crm command line: outputs, pseudonymisation, errors."""

import matplotlib
import pandas as pd


matplotlib.use("Agg")


def test_period_activity_marks_an_incomplete_last_period(tmp_path):
    # a log ending on 9 March: March is not a full month (issue 12, item 12)
    from crmlib.report import period_activity

    tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [1.0, 2.0, 8.0],
                       "date": pd.to_datetime(["2024-01-03", "2024-03-09", "2024-02-10"])})
    assert period_activity(tx)["complete"].tolist() == [True, False, True]
    assert period_activity(tx, observation_end="2024-03-31")["complete"].tolist() == [True, True, True]
    tx.to_parquet(tmp_path / "tx.parquet")
    assert period_activity(tmp_path / "tx.parquet")["complete"].tolist() == [True, False, True]
    assert period_activity(tx, "D")["complete"].all()  # a day is always complete
