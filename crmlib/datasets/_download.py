"""Checksummed download of a manifest file into the cache."""
from __future__ import annotations

import tempfile
import urllib.request
from pathlib import Path

from .._errors import CRMLibError


def download_file(info, target: Path, timeout: float = 60.0) -> Path:
    """Download ``info.url`` to *target*, verifying the sha256 before moving it into place."""
    from ._registry import _sha256  # noqa: PLC0415

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".part") as tmp:
        tmp_path = Path(tmp.name)
        try:
            with urllib.request.urlopen(info.url, timeout=timeout) as response:
                for block in iter(lambda: response.read(1 << 20), b""):
                    tmp.write(block)
        except OSError as exc:
            tmp_path.unlink(missing_ok=True)
            raise CRMLibError(
                f"Could not download dataset {info.name!r} from {info.url}: {exc}. "
                f"Download {info.filename} by hand and set CRMLIB_DATA_DIR to its folder."
            ) from exc
    digest = _sha256(tmp_path)
    if digest != info.sha256:
        tmp_path.unlink(missing_ok=True)
        raise CRMLibError(
            f"Downloaded {info.filename} from {info.url} but its sha256 is {digest}, "
            f"not the published {info.sha256}; the file was not kept."
        )
    tmp_path.replace(target)
    return target
