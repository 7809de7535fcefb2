"""Charts for the reports: shares against the targets, the km curve, pace and breakdowns.

Each function returns a :class:`matplotlib.figure.Figure`; the artists that carry data have a
``gid`` (``share``, ``woody``, ``realised``, ...) so that tests can read back what was drawn.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from gbda_core.forecast import decimal_year
from gbda_core.progress import ProgressReport
from gbda_core.report.figures import (
    OKABE_ITO,
    OTHER_COLOUR,
    TARGET_2030_STYLE,
    TARGET_2050_STYLE,
    WOODY_COLOUR,
    new_figure,
)
from gbda_core.report.strings import Lang, pct, target_pct, text, unit

#: More areas than this: the bar chart shows the highest and lowest half of it.
MAX_BARS = 40


def woody_pct(frame: pd.DataFrame) -> npt.NDArray[np.float64]:
    """Return the woody element area as % of the rural area (the woody part of the share)."""
    rural = frame["rural_ha"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(rural > 0, frame["woody_ha"].to_numpy(float) / rural * 100.0, np.nan)


def bar_areas(areas: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """Return the areas with a share, highest first; above :data:`MAX_BARS` the extremes.

    Returns the rows to draw and whether some were left out.
    """
    ranked = areas[areas["share_pct"].notna()].sort_values(
        ["share_pct", "area_id"], ascending=[False, True], kind="stable"
    )
    if len(ranked) <= MAX_BARS:
        return ranked, False
    half = MAX_BARS // 2
    return pd.concat([ranked.head(half), ranked.tail(half)]), True


def share_bars(areas: pd.DataFrame, target_2030: float, target_2050: float, lang: Lang) -> Figure:
    """Draw horizontal bars of ``share_pct`` per area (woody part inside) and both targets.

    A 2030 target that differs per area (the gap reading) is drawn as a mark on each bar.
    """
    rows, cut = bar_areas(areas)
    n = len(rows)
    fig = new_figure(8.0, 1.9 + 0.34 * max(n, 2))
    ax = fig.add_subplot()
    y = np.arange(n, dtype=float)
    if cut:
        y[MAX_BARS // 2 :] += 1.0  # a blank row between the highest and the lowest
    share = rows["share_pct"].to_numpy(float)
    ax.barh(y, share, color=OTHER_COLOUR, height=0.7, label=text("not_woody", lang), gid="share")
    ax.barh(
        y, woody_pct(rows), color=WOODY_COLOUR, height=0.7, label=text("woody", lang), gid="woody"
    )
    per_area = rows["target_2030_pct"].to_numpy(float)
    if n and np.allclose(per_area, per_area[0]):
        ax.axvline(
            target_2030,
            **TARGET_2030_STYLE,
            gid="target_2030",
            label=text("target_2030", lang, v=target_pct(target_2030, lang)),
        )
    elif n:
        ax.scatter(
            per_area,
            y,
            marker="|",
            s=260,
            linewidths=2.5,
            zorder=3,
            gid="target_2030",
            color=TARGET_2030_STYLE["color"],
            label=text("target_2030_gap", lang),
        )
    ax.axvline(
        target_2050,
        **TARGET_2050_STYLE,
        gid="target_2050",
        label=text("target_2050", lang, v=target_pct(target_2050, lang)),
    )
    right = max(target_2050 * 1.2, float(np.nanmax(share)) * 1.15 if n else 0.0)
    for yi, value in zip(y, share, strict=True):
        ax.annotate(
            pct(value, lang),
            (value, yi),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    ax.set_yticks(y, [str(a) for a in rows["area_id"]])
    ax.set_ylim(y.max() + 0.7 if n else 1, -0.7)
    ax.set_xlim(0, right)
    ax.set_xlabel(text("share_axis", lang))
    _legend_above(ax, ncol=2)
    fig.suptitle(text("bars_title", lang), x=0.01, ha="left", fontsize=13)
    return fig


def before_after(
    before: pd.Series,
    after: pd.Series,
    target_2030: float,
    target_2050: float,
    goal_share: float | None,
    lang: Lang,
) -> Figure:
    """Draw two bars, the share before and after a plan (woody part inside), and the targets."""
    frame = pd.DataFrame([before, after])
    share = frame["share_pct"].to_numpy(float)
    fig = new_figure(8.0, 3.0)
    ax = fig.add_subplot()
    y = np.array([0.0, 1.0])
    ax.barh(y, share, color=OTHER_COLOUR, height=0.6, label=text("not_woody", lang), gid="share")
    ax.barh(
        y, woody_pct(frame), color=WOODY_COLOUR, height=0.6, label=text("woody", lang), gid="woody"
    )
    ax.axvline(
        target_2030,
        **TARGET_2030_STYLE,
        label=text("target_2030", lang, v=target_pct(target_2030, lang)),
    )
    ax.axvline(
        target_2050,
        **TARGET_2050_STYLE,
        label=text("target_2050", lang, v=target_pct(target_2050, lang)),
    )
    if goal_share is not None:
        ax.axvline(
            goal_share,
            color=OKABE_ITO["blue"],
            linewidth=2.2,
            linestyle="-.",
            gid="goal",
            label=text("goal_line", lang, v=target_pct(goal_share, lang)),
        )
    for yi, value in zip(y, share, strict=True):
        ax.annotate(
            pct(value, lang),
            (0 if np.isnan(value) else value, yi),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=10,
        )
    top = float(np.nanmax(np.r_[share, target_2050, goal_share or 0.0]))
    ax.set_xlim(0, top * 1.2)
    ax.set_yticks(y, [text("before", lang), text("after", lang)])
    ax.set_ylim(1.6, -0.6)
    ax.set_xlabel(text("share_axis", lang))
    _legend_above(ax, ncol=3)
    fig.suptitle(text("before_after_title", lang), x=0.01, ha="left", fontsize=13)
    return fig


def curve_points(
    table: pd.DataFrame, report: ProgressReport
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return the realised curve: (decimal years, cumulative km), from 0 at the first year.

    ``table`` is :func:`gbda_core.progress.yearly`; each year's point sits at its end, the
    current year's at the reporting date, where it equals ``report.realised_km``.
    """
    if not len(table):
        return np.array([decimal_year(report.at)]), np.array([report.realised_km])
    years = table["year"].to_numpy(int)
    ends = np.where(table["complete"].to_numpy(bool), years + 1.0, decimal_year(report.at))
    x = np.r_[float(years[0]), ends]
    y = np.r_[0.0, table["cumulative_km"].to_numpy(float)]
    return x, y


def progress_curve(table: pd.DataFrame, report: ProgressReport, lang: Lang) -> Figure:
    """Draw the cumulative km, the target line, the pace needed and the forecast with its range."""
    x, y = curve_points(table, report)
    now, target = decimal_year(report.at), report.target_km
    deadline = decimal_year(report.deadline)
    fc = report.forecast
    fig = new_figure(8.0, 4.8)
    ax = fig.add_subplot()
    ax.plot(
        x,
        y,
        color=OKABE_ITO["black"],
        linewidth=2.4,
        marker="o",
        markersize=4,
        gid="realised",
        label=text("curve_realised", lang),
    )
    right = max(deadline, now) + 1.0
    if report.remaining_km > 0 and fc.date is not None:
        central = decimal_year(fc.date)
        right = max(right, min(central, deadline + 12.0) + 1.0)
        ax.plot(
            [now, central],
            [report.realised_km, target],
            color=OKABE_ITO["bluish_green"],
            linewidth=2.0,
            gid="forecast",
            label=text("curve_forecast", lang),
        )
        if fc.earliest is not None:
            late = decimal_year(fc.latest) if fc.latest is not None else right + 50.0
            early = decimal_year(fc.earliest)
            # The band between the earliest and the latest line, both from today's point.
            ax.fill(
                [now, early, late],
                [report.realised_km, target, target],
                color=OKABE_ITO["bluish_green"],
                alpha=0.18,
                linewidth=0,
                gid="range",
                label=text("curve_range", lang, level=pct(100 * report.level, lang, 0)),
            )
    if report.needed_km_per_year is not None and report.remaining_km > 0:
        ax.plot(
            [now, deadline],
            [report.realised_km, target],
            color=OKABE_ITO["orange"],
            linewidth=2.0,
            linestyle=(0, (6, 3)),
            gid="needed",
            label=text("curve_needed", lang),
        )
    ax.axhline(
        target,
        **TARGET_2050_STYLE,
        gid="target",
        label=text("curve_target", lang, v=unit(target, "km", lang, 0)),
    )
    ax.axvline(deadline, color="#737373", linewidth=1.2, linestyle=":", gid="deadline")
    top = max(target, float(y.max())) * 1.08
    ax.annotate(
        text("curve_deadline", lang),
        (deadline, top),
        xytext=(-3, -3),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=9,
        color="#525252",
    )
    ax.set_xlim(float(x[0]) - 0.3, right)
    ax.set_ylim(0, top)
    ax.set_ylabel(text("curve_ylabel", lang))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", color="#e5e5e5")
    ax.legend(loc="lower right", framealpha=0.95, edgecolor="none")
    fig.suptitle(text("curve_title", lang), x=0.01, ha="left", fontsize=13)
    return fig


def pace_bars(report: ProgressReport, lang: Lang) -> Figure:
    """Draw the km per year achieved so far, the recent mean the forecast uses, and needed."""
    fc = report.forecast
    items = [
        (text("pace_so_far", lang), report.pace_km_per_year, OKABE_ITO["black"]),
        (
            text("pace_recent", lang, n=len(fc.years_used)),
            fc.mean_km_per_year,
            OKABE_ITO["bluish_green"],
        ),
        (text("pace_needed", lang), report.needed_km_per_year, OKABE_ITO["orange"]),
    ]
    fig = new_figure(8.0, 2.8)
    ax = fig.add_subplot()
    values = np.array([np.nan if v is None else v for _, v, _ in items], dtype=float)
    y = np.arange(len(items), dtype=float)
    ax.barh(y, np.nan_to_num(values), color=[c for _, _, c in items], height=0.6, gid="pace")
    for yi, value in zip(y, values, strict=True):
        label = "–" if np.isnan(value) else unit(value, "km", lang)
        ax.annotate(
            label,
            (0 if np.isnan(value) else value, yi),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=10,
        )
    ax.set_yticks(y, [label for label, _, _ in items])
    ax.set_ylim(len(items) - 0.4, -0.6)
    top = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    ax.set_xlim(0, max(top, 1e-9) * 1.25)
    ax.set_xlabel(text("pace_axis", lang))
    fig.suptitle(text("pace_title", lang), x=0.01, ha="left", fontsize=13)
    return fig


def breakdown_bars(table: pd.DataFrame, key: str, title: str, lang: Lang) -> Figure:
    """Draw the realised, planned and removed km per group (a region, an element type)."""
    n = len(table)
    fig = new_figure(8.0, 1.6 + 0.55 * max(n, 1))
    ax = fig.add_subplot()
    y = np.arange(n, dtype=float)
    series = (
        ("realised_km", text("bars_realised", lang), OKABE_ITO["blue"], None),
        ("planned_km", text("bars_planned", lang), OKABE_ITO["sky_blue"], "//"),
        ("removed_km", text("bars_removed", lang), OKABE_ITO["vermillion"], None),
    )
    height = 0.26
    for i, (col, label, colour, hatch) in enumerate(series):
        ax.barh(
            y + (i - 1) * height,
            table[col].to_numpy(float),
            height=height,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            label=label,
            gid=col,
        )
    ax.set_yticks(y, [str(v) for v in table[key]])
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlabel("km")
    _legend_above(ax, ncol=3)
    fig.suptitle(title, x=0.01, ha="left", fontsize=13)
    _no_negative_zero(ax)
    return fig


def _no_negative_zero(ax: Axes) -> None:
    ax.set_xlim(0, max(ax.get_xlim()[1], 1e-9))


def _legend_above(ax: Axes, ncol: int) -> None:
    """Put the legend above the plot, bars before lines (the order they are read in)."""
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(handles)), key=lambda i: isinstance(handles[i], Line2D))
    ax.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=ncol,
        frameon=False,
    )


#: Markers that tell lines apart without colour.
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def share_lines(table: pd.DataFrame, lang: Lang) -> Figure:
    """Draw the GBDA share per area over time (:mod:`gbda_core.share_over_time`), targets."""
    fig = new_figure(8.0, 4.2)
    ax = fig.add_subplot()
    colours = (
        OKABE_ITO["blue"],
        OKABE_ITO["bluish_green"],
        OKABE_ITO["reddish_purple"],
        OKABE_ITO["sky_blue"],
        OKABE_ITO["black"],
        OKABE_ITO["orange"],
    )
    for i, (area, part) in enumerate(table.groupby("area_id", sort=True)):
        ax.plot(
            pd.to_datetime(part["date"]),
            part["share_pct"].to_numpy(float),
            color=colours[i % len(colours)],
            marker=_MARKERS[i % len(_MARKERS)],
            linewidth=1.8,
            label=str(area),
            gid=f"share:{area}",
        )
    t30 = float(table["target_2030_pct"].min())
    t50 = float(table["target_2050_pct"].max())
    ax.axhline(t50, **TARGET_2050_STYLE, label=text("target_2050", lang, v=target_pct(t50, lang)))
    if np.allclose(table["target_2030_pct"].to_numpy(float), t30):
        ax.axhline(
            t30, **TARGET_2030_STYLE, label=text("target_2030", lang, v=target_pct(t30, lang))
        )
    ax.set_ylim(0, max(t50, float(table["share_pct"].max())) * 1.1)
    ax.set_ylabel(text("history_axis", lang))
    ax.grid(axis="y", color="#e5e5e5")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    fig.suptitle(text("history_title", lang), x=0.01, ha="left", fontsize=13)
    return fig
