"""The demo: the whole main job on the generated sample polder in ``sample_data/``."""

from __future__ import annotations

from pathlib import Path

from gbda_core.errors import InputError
from gbda_core.feedback import SILENT, Feedback
from gbda_core.jobs import share_from_files
from gbda_core.results import write_share
from gbda_core.share import ShareResult
from gbda_core.wording import Lang

#: Where a source checkout keeps the sample polder.
SAMPLE_DIR = Path(__file__).resolve().parents[1] / "sample_data"

ELEMENT_LAYERS = ("elementen_lijnen", "elementen_vlakken", "elementen_punten")


def run_demo(
    out: str | Path,
    data: str | Path | None = None,
    feedback: Feedback = SILENT,
    *,
    report: bool = True,
    lang: Lang = "nl",
) -> tuple[list[Path], ShareResult]:
    """Compute the share per gebied of the sample polder and write it as GPKG, CSV and JSON.

    Parameters
    ----------
    out
        Folder for the results (created when missing).
    data
        Folder with ``polder.gpkg`` and ``type_mapping.toml``; default ``sample_data/``.
    report
        Also write the HTML report (maps, charts) into ``out/report``.
    lang
        Language of the report: ``nl`` or ``en``.

    Returns
    -------
    paths, result
        The files written and the result itself.
    """
    folder = Path(data) if data is not None else SAMPLE_DIR
    polder = folder / "polder.gpkg"
    if not polder.is_file():
        raise InputError(
            "sample polder not found",
            source=str(polder),
            hint="run from a source checkout or pass --data FOLDER",
        )
    result = share_from_files(
        f"{polder}|layername=gebieden",
        [f"{polder}|layername={name}" for name in ELEMENT_LAYERS],
        id_field="gebied_id",
        type_field="type",
        width_field="breedte_m",
        mapping=folder / "type_mapping.toml",
        exclude=[
            f"bebouwde_kom={polder}|layername=bebouwde_kom",
            f"nnn={polder}|layername=nnn",
        ],
        feedback=feedback,
    )
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [
        write_share(result, out / f"gbda_share{suffix}") for suffix in (".gpkg", ".csv", ".json")
    ]
    if report:
        from gbda_core.report.share import write_share_report

        paths.append(write_share_report(result, out / "report", lang))
    return paths, result
