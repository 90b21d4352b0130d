"""What the user sees after a crash: one line on stderr, the full traceback in a log file."""

from __future__ import annotations

import traceback
from datetime import datetime, timezone
from pathlib import Path

from stancemark.store.paths import state_dir


def write_crash_log(error: BaseException) -> Path | None:
    """Write ``error``'s traceback to a new file in the state directory; None if that fails."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    path = state_dir() / f"crash-{stamp}.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    except OSError:
        return None
    return path


def crash_report(error: BaseException) -> str:
    """Log ``error`` and return the one line to show: what happened and where the details are."""
    path = write_crash_log(error)
    where = f"the full traceback is in {path}" if path else "no crash log could be written"
    detail = str(error).splitlines()[0] if str(error) else ""
    return (f"stancemark crashed ({type(error).__name__}{': ' + detail if detail else ''}); "
            f"{where}. Your saved annotations are safe; please report this with the log.")
