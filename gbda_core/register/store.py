"""The register API, the same for every store: init, import, set status, update, history, export.

:class:`Register` holds all the rules; a store (GeoPackage, PostGIS) only reads and writes rows
through a handful of primitives. Every change runs in one transaction of the store: it locks the
elements it changes, writes one history row per changed element (the element's attributes and
geometry after the change) and then the new current row. The current state at any past moment
is the latest history row of each element up to that moment.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gbda_core.errors import ConfigError, DataError, InputError
from gbda_core.feedback import SILENT, Feedback
from gbda_core.output import write_gpkg, write_text
from gbda_core.readers.ogr import LayerSpec
from gbda_core.register.importer import (
    ImportAborted,
    ImportReport,
    RejectedRow,
    check_geometry,
    read_batch,
)
from gbda_core.register.matching import plan_import
from gbda_core.register.model import (
    CURRENT_COLUMNS,
    DATE_FIELDS,
    DEFAULT_PROGRAMME,
    HISTORY_COLUMNS,
    REGISTER_EPSG,
    REGISTER_TZ,
    STATUS_DATE,
    TRANSITIONS,
    UPDATABLE,
    Status,
    as_date,
    check_dates,
    moment,
    parse_status,
    transition_reason,
)
from gbda_core.register.records import (
    changed_fields,
    dates_as_text,
    given_fields,
    history_rows,
    os_user,
)
from gbda_core.register.records import element_id as parse_id
from gbda_core.register.schema import SCHEMA_VERSION, Migration, pending
from gbda_core.vocabulary import Vocabulary, load_vocabulary


class ConflictError(DataError):
    """Someone else changed the element since it was read (or imported the same rows at once)."""


class Register(ABC):
    """A register of planned and realised landscape elements.

    Use :func:`gbda_core.register.open_register` to get one. All methods that change the
    register take ``user`` (default: the operating-system user) and record the change in the
    history with the time (UTC) and that user.
    """

    def __init__(
        self,
        *,
        vocabulary: Vocabulary | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.vocabulary = vocabulary or load_vocabulary()
        self._clock = clock
        self._schema_checked = False
        self._depth = 0
        self._moment: datetime | None = None

    # -- what each store provides ------------------------------------------------------------

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the register is, for messages (a path, or a connection without password)."""

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """Open a write transaction that serialises writers to the same elements."""

    @abstractmethod
    def _applied_version(self) -> int | None:
        """Return the schema version applied, or None when the store holds no register."""

    @abstractmethod
    def _apply(self, migration: Migration) -> None:
        """Apply one migration and record it (inside the running transaction)."""

    @abstractmethod
    def _server_now(self) -> datetime | None:
        """Return the store's clock (UTC) if it has one, else None."""

    @abstractmethod
    def _last_change(self) -> datetime | None:
        """Return the latest ``changed_at`` in the history."""

    @abstractmethod
    def _keys(self) -> pd.DataFrame:
        """Return ``id`` and ``import_key`` of every element."""

    @abstractmethod
    def _fetch(self, ids: Sequence[str] | None, *, lock: bool = False) -> gpd.GeoDataFrame:
        """Return records (:data:`RECORD_COLUMNS`) of the given elements (all when None).

        With ``lock`` the rows stay locked against other writers until the transaction ends.
        """

    @abstractmethod
    def _insert_history(self, rows: gpd.GeoDataFrame) -> None:
        """Append history rows (:data:`HISTORY_COLUMNS` and geometry)."""

    @abstractmethod
    def _insert_elements(self, records: gpd.GeoDataFrame) -> None:
        """Insert new elements (:data:`RECORD_COLUMNS`, version 1)."""

    @abstractmethod
    def _update_elements(self, records: gpd.GeoDataFrame, old_versions: Sequence[int]) -> int:
        """Overwrite elements whose stored version is still ``old_versions``; return the count."""

    @abstractmethod
    def _read_history(self, id: str | None, until: datetime | None) -> pd.DataFrame:
        """Return history rows (of one element, up to a moment) ordered by time and version.

        Only the :data:`HISTORY_COLUMNS`: no geometry.
        """

    @abstractmethod
    def _latest(self, until: datetime) -> gpd.GeoDataFrame:
        """Return the latest history row (with geometry) of each element up to ``until``.

        The store picks them (an element's versions rise with its change times), so that only
        one row per element leaves the database.
        """

    @abstractmethod
    def close(self) -> None:
        """Close the connection to the store."""

    # -- the API ------------------------------------------------------------------------------

    def __enter__(self) -> Register:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.location!r})"

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run several changes as one: all of them are kept, or none.

        Calls inside join the outer transaction and share its moment (one clock reading). On
        PostGIS the elements they touch stay locked until the end; on a GeoPackage the whole
        file is locked for other writers.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        with self._transaction():
            self._depth = 1
            try:
                yield
            finally:
                self._depth = 0
                self._moment = None

    def init(self) -> int:
        """Create the register, or upgrade an older one; harmless when it is up to date.

        Returns
        -------
        int
            The schema version now in the store.
        """
        with self.transaction():
            applied = self._applied_version() or 0
            self._refuse_newer(applied)
            for migration in pending(applied):
                self._apply(migration)
        self._schema_checked = True
        return SCHEMA_VERSION

    def schema_version(self) -> int | None:
        """Return the schema version in the store (None when there is no register)."""
        return self._applied_version()

    def import_layer(
        self,
        source: str | Path | LayerSpec | gpd.GeoDataFrame,
        *,
        layer: str | None = None,
        mapping: Mapping[str, str] | None = None,
        type_mapping: str | Path | None = None,
        strict: bool = False,
        status: str = Status.GEPLAND,
        programme: str = DEFAULT_PROGRAMME,
        user: str | None = None,
        assume_crs: str | None = None,
        feedback: Feedback | None = None,
    ) -> ImportReport:
        """Import planned or planted elements from an OGR layer or a GeoDataFrame.

        Rows are matched to elements by ``id`` where the source has one, else by the import key
        (geometry on a 1 cm grid and element type). A matched row that says nothing new is
        ``unchanged``: importing the same batch twice adds nothing. A matched row with new
        values (a planted date, a new status) updates the element, if the status change is
        allowed. Empty source values never erase register values.

        Parameters
        ----------
        source, layer
            The layer (``file.gpkg``, ``file.gpkg|layername=NAME``) or a GeoDataFrame.
        mapping
            ``{register field: source field}`` for fields named otherwise; ``""`` ignores one.
        type_mapping
            Mapping file for element-type values, as for ``gbda share``.
        strict
            Import nothing when any row is rejected (raises :class:`ImportAborted`).
        status
            Status of new rows that give none and have no dates that imply one (a planted date
            implies ``aangelegd``, a checked date ``gecontroleerd``, a removed date ``verdwenen``).
        programme
            Programme of new rows that give none.
        user
            Who made the change (default: the operating-system user).
        assume_crs
            CRS of a source that has none.
        feedback
            Progress reporting and cancellation.

        Returns
        -------
        ImportReport
            Added, updated, unchanged and rejected rows.

        Raises
        ------
        ImportAborted
            In strict mode, when a row is rejected; nothing is written.
        ConflictError
            When another writer added the same elements at the same moment (run it again).
        """
        self._require_schema()
        feedback = feedback or SILENT
        default_status = parse_status(status)
        batch = read_batch(
            source,
            vocabulary=self.vocabulary,
            layer=layer,
            mapping=mapping,
            type_mapping=type_mapping,
            assume_crs=assume_crs,
            feedback=feedback,
        )
        report = ImportReport(batch.source, batch.layer, batch.rows)
        feedback.step("matching with the register", total=len(batch.records))
        with self.transaction():
            plan = plan_import(
                batch.records,
                self._keys(),
                lambda ids: self._fetch(ids, lock=True),
                default_status=default_status,
                programme=programme,
                vocabulary=self.vocabulary,
                today=self._today(),
                label=batch.label,
            )
            feedback.advance(len(batch.records))
            matched = [
                RejectedRow(r, why, batch.source, batch.layer, batch.label)
                for r, why in plan.rejected
            ]
            report.rejected = sorted([*batch.rejected, *matched], key=lambda r: r.row)
            report.unchanged = plan.unchanged
            if strict and report.rejected:
                report.aborted = True
                raise ImportAborted(report)
            feedback.check()
            feedback.step("writing")
            self._write(
                added=plan.added,
                updated=plan.updated,
                old=plan.old,
                user=user,
                actions=("import", "import_update"),
            )
            report.added = [str(i) for i in plan.added["id"]]
            report.updated = [str(i) for i in plan.updated["id"]]
        return report

    def set_status(
        self,
        id: str,
        status: str,
        date: date | datetime | str | None = None,
        user: str | None = None,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Move an element to a new status and set the date that status stands for.

        Parameters
        ----------
        id
            The element's UUID.
        status
            ``aangelegd`` (sets ``planted``), ``gecontroleerd`` (sets ``checked``; may be set
            again after a new check) or ``verdwenen`` (sets ``removed``).
        date
            The date of the event (default: today in the Netherlands). Not after today: a
            register records what happened.
        user
            Who made the change (default: the operating-system user).
        note
            Replaces the element's note (the history keeps the old one).
        expected_version
            The version the caller last saw; when the element has moved on since, the change
            is refused with :class:`ConflictError` instead of overwriting the other change.

        Returns
        -------
        int
            The element's new version.
        """
        target = parse_status(status)
        element_id = parse_id(id)
        self._require_schema()
        with self.transaction():
            day = as_date(date) if date is not None else self._today()
            old = self._fetch_one(element_id, expected_version)
            current = Status(old["status"].iloc[0])
            if target not in TRANSITIONS[current]:
                raise DataError(transition_reason(current, target), source=f"element {element_id}")
            new = old.copy()
            new["status"] = target.value
            new[STATUS_DATE[target]] = pd.Timestamp(day)
            if note is not None:
                new["note"] = note
            self._check_one(new, element_id)
            self._write(updated=new, old=old, user=user, actions=("", "set_status"))
            return int(old["version"].iloc[0]) + 1

    def update(
        self,
        id: str,
        *,
        user: str | None = None,
        expected_version: int | None = None,
        **changes: Any,
    ) -> int:
        """Change attributes or the geometry of an element (not its status: see set_status).

        Parameters
        ----------
        id
            The element's UUID.
        user, expected_version
            As for :meth:`set_status`.
        **changes
            New values: ``element_type`` (code, Dutch name or alias), the dates ``planned``,
            ``planted``, ``checked``, ``removed`` (None clears one), ``programme``, ``region``,
            ``collectief``, ``funding``, ``note``, ``geometry`` (shapely, EPSG:28992).

        Returns
        -------
        int
            The element's new version.
        """
        unknown = sorted(set(changes) - set(UPDATABLE))
        if unknown:
            hint = "change the status with set_status" if "status" in unknown else None
            raise ConfigError(
                f"cannot update {', '.join(unknown)}",
                hint=hint or f"updatable fields: {', '.join(UPDATABLE)}",
            )
        element_id = parse_id(id)
        self._require_schema()
        with self.transaction():
            old = self._fetch_one(element_id, expected_version)
            new = old.copy()
            for name, value in changes.items():
                if name == "geometry":
                    new = new.set_geometry([_geometry(value, element_id)], crs=REGISTER_EPSG)
                elif name == "element_type":
                    new["element_type"] = self._type_code(value, element_id)
                elif name in DATE_FIELDS:
                    new[name] = pd.NaT if value is None else pd.Timestamp(as_date(value))
                else:
                    new[name] = None if value is None else str(value)
            if "geometry" in changes or "element_type" in changes:
                reasons: list[list[str]] = [[]]
                geoms = np.asarray(new.geometry.array, dtype=object)
                length, area = check_geometry(
                    geoms, new["element_type"].to_numpy(dtype=object), self.vocabulary, reasons
                )
                if reasons[0]:
                    raise DataError("; ".join(reasons[0]), source=f"element {element_id}")
                new["length_m"], new["area_m2"] = length, area
            self._check_one(new, element_id)
            self._write(updated=new, old=old, user=user, actions=("", "update"))
            return int(old["version"].iloc[0]) + 1

    def history(
        self, id: str | None = None, *, until: date | datetime | str | None = None
    ) -> pd.DataFrame:
        """Return the change log: one row per change, oldest first.

        Columns: ``element_id, version, changed_at`` (UTC), ``changed_by, action`` (``import``,
        ``import_update``, ``set_status``, ``update``), ``changed`` (the fields that change
        set or altered, comma-separated), then the element's attributes after the change.

        Parameters
        ----------
        id
            Only this element.
        until
            Only changes up to this moment (a date means the end of that Dutch day).
        """
        self._require_schema()
        element_id = parse_id(id) if id is not None else None
        rows = self._read_history(element_id, moment(until) if until is not None else None)
        return rows[list(HISTORY_COLUMNS)].reset_index(drop=True)

    def current(self, at: date | datetime | str | None = None) -> gpd.GeoDataFrame:
        """Return the elements as they stand, or as they stood at a past moment.

        Parameters
        ----------
        at
            A past moment: the state is rebuilt from the history (the latest change of each
            element up to then). A date means the end of that day in the Netherlands; a naive
            time is Dutch local time. None: the current state.

        Returns
        -------
        geopandas.GeoDataFrame
            EPSG:28992, columns ``id`` (UUID text), ``element_type, status``, the dates
            ``planned, planted, checked, removed`` (datetime64[ns], NaT when unset),
            ``programme, region, collectief, funding, note, length_m, area_m2, version,
            geometry``. Elements made after ``at`` are absent; verdwenen ones stay.
        """
        self._require_schema()
        if at is None:
            records = self._fetch(None)
        else:
            records = self._latest(moment(at)).rename(columns={"element_id": "id"})
        frame = records.sort_values("id") if len(records) else records
        return gpd.GeoDataFrame(
            pd.DataFrame(frame)[list(CURRENT_COLUMNS)].reset_index(drop=True),
            geometry="geometry",
            crs=REGISTER_EPSG,
        )

    def export(self, path: str | Path, at: date | datetime | str | None = None) -> Path:
        """Write the register (now, or at a past moment) to a GeoPackage or CSV file.

        ``.gpkg``: layer ``elements`` (the state) and table ``history`` (the changes up to
        then). ``.csv``: the state, with the geometry as WKT in the column ``WKT`` (which GDAL
        reads back as the geometry; the coordinates are EPSG:28992). Written atomically.
        """
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".gpkg", ".csv"):
            raise ConfigError(
                f"unknown export format {suffix or '(none)'!r}",
                source=str(path),
                hint="end the name in .gpkg or .csv",
            )
        if self._is_store(path):
            raise ConfigError("cannot export a register onto itself", source=str(path))
        state = dates_as_text(self.current(at))
        if suffix == ".csv":
            table = pd.DataFrame(state.drop(columns="geometry"))
            table["WKT"] = shapely.to_wkt(np.asarray(state.geometry.array), rounding_precision=-1)
            return write_text(path, table.to_csv(index=False))
        changes = self.history(until=at)
        changes["changed_at"] = changes["changed_at"].dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return write_gpkg(path, {"elements": state, "history": dates_as_text(changes)})

    # -- shared machinery ---------------------------------------------------------------------

    def _is_store(self, path: Path) -> bool:
        return False

    def _require_schema(self) -> None:
        if self._schema_checked:
            return
        applied = self._applied_version()
        if applied is None:
            raise InputError(
                "no register here",
                source=self.location,
                hint=f"create one with: gbda register init --store {self.location}",
            )
        self._refuse_newer(applied)
        if applied < SCHEMA_VERSION:
            raise InputError(
                f"the register has schema version {applied}; this gbda uses {SCHEMA_VERSION}",
                source=self.location,
                hint=f"upgrade it with: gbda register init --store {self.location}",
            )
        self._schema_checked = True

    def _refuse_newer(self, applied: int) -> None:
        if applied > SCHEMA_VERSION:
            raise InputError(
                f"the register has schema version {applied}, newer than this gbda "
                f"({SCHEMA_VERSION})",
                source=self.location,
                hint="update gbda",
            )

    def _fetch_one(self, element_id: str, expected_version: int | None) -> gpd.GeoDataFrame:
        old = self._fetch([element_id], lock=True)
        if old.empty:
            raise InputError(f"no element {element_id}", source=self.location)
        version = int(old["version"].iloc[0])
        if expected_version is not None and version != expected_version:
            raise ConflictError(
                f"element {element_id} is at version {version}, not {expected_version}: "
                "someone changed it meanwhile",
                source=self.location,
                hint="look at its history, then try again",
            )
        return old

    def _check_one(self, record: gpd.GeoDataFrame, element_id: str) -> None:
        reasons = check_dates(record, self._today())[0]
        if reasons:
            raise DataError("; ".join(reasons), source=f"element {element_id}")

    def _type_code(self, value: object, element_id: str) -> str:
        code = self.vocabulary.resolve(value)
        if code is None:
            raise DataError(
                f"unknown element type {value!r}",
                source=f"element {element_id}",
                hint="run 'gbda types' for the codes",
            )
        return code

    def _write(
        self,
        *,
        updated: gpd.GeoDataFrame,
        old: gpd.GeoDataFrame,
        user: str | None,
        actions: tuple[str, str],
        added: gpd.GeoDataFrame | None = None,
    ) -> None:
        """Write new and changed elements with their history rows (inside a transaction)."""
        added = added if added is not None else updated.iloc[:0]
        if not len(added) and not len(updated):
            return
        changed_at = self._now()
        changed_by = user or os_user()
        old_versions = old["version"].astype("int64").to_numpy()
        updated = updated.copy()
        updated["version"] = old_versions + 1
        history = pd.concat(
            [
                history_rows(added, given_fields(added), actions[0]),
                history_rows(updated, changed_fields(old, updated), actions[1]),
            ]
        )
        history["changed_at"] = pd.Timestamp(changed_at)
        history["changed_by"] = changed_by
        self._insert_history(gpd.GeoDataFrame(history, geometry="geometry", crs=REGISTER_EPSG))
        if len(added):
            self._insert_elements(added)
        if len(updated) and self._update_elements(updated, list(old_versions)) != len(updated):
            raise ConflictError(
                "an element changed while it was being updated",
                source=self.location,
                hint="try again",
            )

    def _clock_now(self) -> datetime:
        """Return the store's clock (the caller's, the server's, or this computer's), in UTC.

        Read once per transaction: the date checks and the change time agree.
        """
        if self._depth and self._moment is not None:
            return self._moment
        now = self._clock() if self._clock else (self._server_now() or datetime.now(UTC))
        if now.tzinfo is None:
            raise ConfigError("the register clock must give aware datetimes")
        now = now.astimezone(UTC)
        if self._depth:
            self._moment = now
        return now

    def _today(self) -> date:
        """Return today in the Netherlands by the store's clock: events cannot be later."""
        return self._clock_now().astimezone(REGISTER_TZ).date()

    def _now(self) -> datetime:
        """Return the time of a change: UTC, to the millisecond, never before the last change."""
        now = self._clock_now()
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        last = self._last_change()
        return max(now, last) if last is not None else now


def _geometry(value: object, element_id: str) -> shapely.Geometry:
    if not isinstance(value, shapely.Geometry):
        raise ConfigError(
            f"geometry of element {element_id} must be a shapely geometry in EPSG:28992"
        )
    return shapely.force_2d(value)
