"""The one set of input checks (crmlib._validate): messages name the column and the offending row."""
import pandas as pd
import pytest

from crmlib import DataFormatError
from crmlib._validate import numeric_columns, numeric_series


def test_numeric_columns_names_the_first_cell_that_is_not_a_number():
    survey = pd.DataFrame({"q1": [4, 5, 3], "q2": [5, "agree", 2]}, index=["r1", "r2", "r3"])
    with pytest.raises(DataFormatError, match=r"column 'q2' is not numeric \(.*'r2'.* is 'agree'\)"):
        numeric_columns(survey, what="The survey")


def test_numeric_columns_skips_blank_cells_when_it_picks_the_example():
    survey = pd.DataFrame({"q1": [None, "n/a", 3]}, dtype=object)
    with pytest.raises(DataFormatError, match=r"row 1.* is 'n/a'"):
        numeric_columns(survey)


def test_numeric_columns_returns_floats_for_numeric_input():
    out = numeric_columns(pd.DataFrame({"a": [1, 2], "b": [0.5, 1.5]}))
    assert out.dtypes.tolist() == [float, float] and out["a"].sum() == 3.0
