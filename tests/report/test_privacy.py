"""Tests of ``crmlib.report._privacy`` (split from the old test_report.py).

crmlib.report and the crm command line: outputs, pseudonymisation, errors."""

import hashlib
import matplotlib
import pandas as pd
import pytest

from crmlib import CRMLibError
from crmlib.report import pseudonymise, pseudonymise_frame


matplotlib.use("Agg")


def test_pseudonymise_is_salted_sha256_and_stable():
    ids = pd.Series(["C001", "C002", "C001", 17], index=[10, 11, 12, 13], name="customer_id")
    out = pseudonymise(ids, salt="s3cret-salt")
    expected = hashlib.sha256("s3cret-salt\x00C001".encode()).hexdigest()[:12]
    assert out.loc[10] == out.loc[12] == expected
    assert out.loc[13] == hashlib.sha256("s3cret-salt\x0017".encode()).hexdigest()[:12]
    assert out.index.tolist() == [10, 11, 12, 13] and out.name == "customer_id"
    assert out.nunique() == 3
    assert (pseudonymise(ids, salt="other-salt!") != out).all()


def test_pseudonymise_frame_hashes_the_named_column_and_index_level():
    digest = hashlib.sha256("s3cret-salt\x00R7".encode()).hexdigest()[:12]
    frame = pd.DataFrame({"respondent_id": ["R7"], "score": [9]})
    out = pseudonymise_frame(frame, "s3cret-salt", column="respondent_id")
    assert out["respondent_id"].tolist() == [digest] and frame["respondent_id"].tolist() == ["R7"]
    two = pd.DataFrame({"x": [1]}, index=pd.MultiIndex.from_tuples([("R7", 2026)], names=["respondent_id", "year"]))
    assert pseudonymise_frame(two, "s3cret-salt", column="respondent_id").index[0] == (digest, 2026)
    # the column name was positional before 0.2: still works, with a FutureWarning
    with pytest.warns(FutureWarning, match="pass column= by keyword"):
        old = pseudonymise_frame(frame, "s3cret-salt", "respondent_id")
    pd.testing.assert_frame_equal(old, out)


@pytest.mark.parametrize("salt", ["", "short", None])
def test_pseudonymise_rejects_weak_salt(salt):
    with pytest.raises(CRMLibError, match="at least 8 characters"):
        pseudonymise(["a"], salt=salt)
