"""Maps for the reports, drawn with geopandas on matplotlib (no tile servers, no network).

- :func:`share_map`: a choropleth of the GBDA share per area in classes bounded by the targets;
- :func:`site_map`: a plan's parcels, the existing elements and the planned layout;
- :func:`change_map`: the register's elements by what changed in the reporting period.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import shapely
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.patheffects import withStroke

from gbda_core.report.figures import (
    CATEGORICAL,
    NO_DATA_COLOUR,
    OKABE_ITO,
    SHARE_CLASS_COLOURS,
    new_figure,
)
from gbda_core.report.strings import Lang, num, target_pct, text

#: Areas are labelled on the map up to this many.
MAX_LABELS = 30
#: Edge colour of area outlines.
EDGE = "#404040"


def share_classes(
    share_pct: npt.ArrayLike, target_2030: float, target_2050: float
) -> npt.NDArray[np.int64]:
    """Return the class per area: 0 to 3 at the targets, -1 where there is no share (NaN).

    Class 0 is below half the 2030 target, 1 below the 2030 target, 2 below the 2050 target and
    3 at or above it; each class includes its lower bound (%).
    """
    share = np.asarray(share_pct, dtype=float)
    breaks = np.array([target_2030 / 2.0, target_2030, target_2050])
    classes = np.digitize(share, breaks, right=False).astype(np.int64)
    classes[np.isnan(share)] = -1
    return classes


def _holds_others(geoms: npt.NDArray[np.object_]) -> npt.NDArray[np.bool_]:
    """Return True for areas that hold a smaller area (99 % of it within, for rounding)."""
    inner, outer = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = inner != outer
    inner, outer = inner[pairs], outer[pairs]
    area = shapely.area(geoms)
    shared = shapely.area(shapely.intersection(geoms[inner], geoms[outer]))
    holds = (area[outer] > area[inner]) & (shared >= 0.99 * area[inner])
    hidden = np.zeros(len(geoms), dtype=bool)
    hidden[outer[holds]] = True
    return hidden


def class_labels(target_2030: float, target_2050: float, lang: Lang) -> list[str]:
    """Return the legend text of the four classes of :func:`share_classes`, low to high."""
    half, t30, t50 = (target_pct(v, lang) for v in (target_2030 / 2, target_2030, target_2050))
    return [
        text("class_below", lang, v=half),
        text("class_between", lang, a=half, b=t30),
        text("class_between", lang, a=t30, b=t50),
        text("class_above", lang, v=t50),
    ]


def class_colours(classes: npt.NDArray[np.int64]) -> list[str]:
    """Return the fill colour per area for its class (grey where there is no share)."""
    return [SHARE_CLASS_COLOURS[c] if c >= 0 else NO_DATA_COLOUR for c in classes]


def share_map(
    areas: gpd.GeoDataFrame, target_2030: float, target_2050: float, lang: Lang
) -> Figure:
    """Map ``share_pct`` per area in classes at the targets (%), with a legend.

    Larger areas are drawn first, so nested areas (a polder and its parts) show their parts.
    """
    order = np.argsort(-areas.geometry.area.to_numpy(), kind="stable")
    frame = areas.iloc[order]
    classes = share_classes(frame["share_pct"].to_numpy(float), target_2030, target_2050)
    fig, ax, legend_ax = _map_figure(frame.total_bounds, legend_rows=3)
    frame.plot(ax=ax, color=class_colours(classes), edgecolor=EDGE, linewidth=0.6, gid="areas")
    if (classes < 0).any():
        frame[classes < 0].plot(
            ax=ax, facecolor="none", edgecolor="#737373", hatch="///", linewidth=0.0
        )
    if len(frame) <= MAX_LABELS:
        # An area drawn under the parts it contains would get its label on top of theirs.
        hidden = _holds_others(np.asarray(frame.geometry.array, dtype=object))
        points = frame.geometry.representative_point()[~hidden]
        for label, point in zip(frame["area_id"][~hidden], points, strict=True):
            ax.annotate(
                str(label),
                (point.x, point.y),
                ha="center",
                va="center",
                fontsize=9,
                path_effects=[withStroke(linewidth=3, foreground="white")],
            )
    labels = class_labels(target_2030, target_2050, lang)
    handles = [
        Patch(facecolor=colour, edgecolor=EDGE, label=label)
        for colour, label in zip(SHARE_CLASS_COLOURS, labels, strict=True)
    ]
    if (classes < 0).any():
        handles.append(
            Patch(
                facecolor=NO_DATA_COLOUR,
                edgecolor="#737373",
                hatch="///",
                label=text("status_no_rural_area", lang),
            )
        )
    _frame_map(ax, frame.total_bounds, lang)
    _legend(legend_ax, handles, title=text("legend_share", lang))
    ax.set_title(text("map_title", lang), loc="left")
    return fig


def site_map(
    parcels: gpd.GeoDataFrame,
    existing: gpd.GeoDataFrame | None,
    layout: gpd.GeoDataFrame,
    lang: Lang,
) -> Figure:
    """Map the parcels, the existing elements and the planned ones, one colour a bouwsteen.

    ``layout`` needs ``bouwsteen_id`` and ``name`` (Dutch) or ``name_en``; tiny elements (a
    nest box) get a marker so that they show at the map's scale.
    """
    bounds = parcels.total_bounds if len(parcels) else layout.total_bounds
    n_items = 2 + layout["bouwsteen_id"].nunique()
    fig, ax, legend_ax = _map_figure(bounds, legend_rows=math.ceil(n_items / 3))
    handles: list[Patch | Line2D] = []
    if len(parcels):
        parcels.plot(ax=ax, facecolor="#f0f0f0", edgecolor="#969696", linewidth=0.8)
        handles.append(
            Patch(facecolor="#f0f0f0", edgecolor="#969696", label=text("legend_parcels", lang))
        )
    if existing is not None and len(existing):
        existing.plot(ax=ax, color="#a3a3a3", linewidth=0.0)
        handles.append(Patch(facecolor="#a3a3a3", label=text("legend_existing", lang)))
    small = (max(bounds[2] - bounds[0], bounds[3] - bounds[1]) / 250.0) ** 2
    name_col = "name" if lang == "nl" else "name_en"
    for i, (bid, group) in enumerate(layout.groupby("bouwsteen_id", sort=True)):
        colour = CATEGORICAL[i % len(CATEGORICAL)]
        hatch = None if i < len(CATEGORICAL) else "xx"
        group.plot(
            ax=ax,
            facecolor=colour,
            edgecolor=colour,
            linewidth=0.8,
            hatch=hatch,
            gid=f"layout:{bid}",
        )
        tiny = group[group.geometry.area < small]
        if len(tiny):
            points = tiny.geometry.representative_point()
            ax.scatter(
                points.x,
                points.y,
                s=30,
                marker="o",
                color=colour,
                edgecolors="black",
                linewidths=0.6,
                zorder=3,
            )
        handles.append(Patch(facecolor=colour, hatch=hatch, label=str(group[name_col].iloc[0])))
    _frame_map(ax, bounds, lang)
    _legend(legend_ax, handles)
    ax.set_title(text("site_map_title", lang), loc="left")
    return fig


#: Change classes of the register map: key, colour, line style, drawing order.
CHANGE_CLASSES = (
    ("removed_before", "#d4d4d4", "-"),
    ("before", OKABE_ITO["bluish_green"], "-"),
    ("planned", "#8c8c8c", (0, (3, 2))),
    ("unknown", OKABE_ITO["reddish_purple"], "-"),
    ("removed", OKABE_ITO["vermillion"], "-"),
    ("new", OKABE_ITO["blue"], "-"),
)


def change_map(
    elements: gpd.GeoDataFrame,
    change: Sequence[str],
    labels: dict[str, str],
    lang: Lang,
) -> Figure:
    """Map the register's elements by change class (keys of :data:`CHANGE_CLASSES`).

    ``labels`` gives the legend text per class; classes without elements are left out.
    """
    change_arr = np.asarray(change, dtype=object)
    n_items = len(set(change_arr.tolist()))
    fig, ax, legend_ax = _map_figure(elements.total_bounds, legend_rows=math.ceil(n_items / 3))
    handles: list[Line2D] = []
    for key, colour, style in CHANGE_CLASSES:
        part = elements[change_arr == key]
        if not len(part):
            continue
        width = 2.6 if key in ("new", "removed") else 1.6
        part.plot(
            ax=ax,
            color=colour,
            linewidth=width,
            linestyle=style,
            markersize=18,
            gid=f"change:{key}",
        )
        handles.append(
            Line2D(
                [],
                [],
                color=colour,
                linewidth=width,
                linestyle=style,
                label=f"{labels[key]} ({len(part)})",
            )
        )
    _frame_map(ax, elements.total_bounds, lang)
    _legend(legend_ax, handles[::-1])
    ax.set_title(text("change_map_title", lang), loc="left")
    return fig


def _map_figure(bounds: npt.ArrayLike, legend_rows: int) -> tuple[Figure, Axes, Axes]:
    """Return a figure shaped after the map, with a row below it for the legend.

    Returns the figure, the map's axes and the legend's axes.
    """
    minx, miny, maxx, maxy = (float(v) for v in np.asarray(bounds, dtype=float))
    ratio = (maxy - miny) / (maxx - minx) if maxx > minx else 1.0
    map_height = min(max(7.6 * ratio, 3.0), 7.5) if math.isfinite(ratio) else 6.0
    legend_height = 0.5 + 0.32 * max(legend_rows, 1)
    fig = new_figure(8.0, map_height + legend_height + 0.5)
    grid = fig.add_gridspec(2, 1, height_ratios=[map_height, legend_height])
    ax = fig.add_subplot(grid[0])
    legend_ax = fig.add_subplot(grid[1])
    legend_ax.set_axis_off()
    return fig, ax, legend_ax


def _legend(ax: Axes, handles: Sequence[Patch | Line2D], title: str | None = None) -> None:
    """Put the legend in its own axes below the map, in up to three columns."""
    ax.legend(
        handles=handles,
        title=title,
        loc="upper center",
        ncol=min(3, max(1, len(handles))),
        frameon=False,
    )


def _frame_map(ax: Axes, bounds: npt.ArrayLike, lang: Lang) -> None:
    """Set an equal aspect, a small margin, no axes, and a scale bar in the lower left."""
    minx, miny, maxx, maxy = (float(v) for v in np.asarray(bounds, dtype=float))
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        ax.set_axis_off()
        return
    pad = 0.04 * max(maxx - minx, maxy - miny, 1.0)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()
    width = maxx - minx + 2 * pad
    goal = max(width / 5.0, 1.0)
    power = 10.0 ** math.floor(math.log10(goal))
    length = max(m * power for m in (1.0, 2.0, 5.0) if m * power <= goal)
    x0, y0 = minx - pad + 0.03 * width, miny - pad + 0.03 * (maxy - miny + 2 * pad)
    ax.plot([x0, x0 + length], [y0, y0], color="black", linewidth=3, solid_capstyle="butt")
    label = (
        f"{num(length / 1000, lang, 0 if length >= 1000 else 1)} km"
        if length >= 500
        else f"{num(length, lang, 0)} m"
    )
    ax.annotate(
        label,
        (x0 + length / 2, y0),
        xytext=(0, 4),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=9,
        path_effects=[withStroke(linewidth=3, foreground="white")],
    )
