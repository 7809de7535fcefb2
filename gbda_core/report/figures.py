"""Figures for the reports: one style, colour-blind-safe colours, PNG and SVG bytes.

Every figure is a :class:`matplotlib.figure.Figure` drawn on an Agg canvas; pyplot's global
state is never used, so figures cannot leak into each other. Sizes and fonts are chosen to read
on a projector and in print (A4 at 150 dpi).

Colours: the Okabe-Ito palette (Okabe & Ito 2008, https://jfly.uni-koeln.de/color/) for
categories, and the ColorBrewer YlGn sequence (https://colorbrewer2.org, marked colour-blind
safe) for the ordered share classes, whose lightness falls from class to class, so they also
read in greyscale.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

#: Okabe-Ito colours by name.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
#: Categories in a fixed order for layouts and legends (black and yellow left out: black is for
#: text and lines, yellow is too light on white).
CATEGORICAL = (
    OKABE_ITO["bluish_green"],
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["vermillion"],
)
#: Share classes, low to high (ColorBrewer YlGn, 4 classes).
SHARE_CLASS_COLOURS = ("#ffffcc", "#c2e699", "#78c679", "#238443")
#: Areas without a share (no rural area).
NO_DATA_COLOUR = "#d9d9d9"
#: The woody part and the rest of the element area in bar charts.
WOODY_COLOUR = OKABE_ITO["bluish_green"]
OTHER_COLOUR = OKABE_ITO["sky_blue"]
#: Target lines: 2030 and 2050 differ in colour and in dash pattern.
TARGET_2030_STYLE = {"color": OKABE_ITO["orange"], "linestyle": (0, (6, 3)), "linewidth": 2.0}
TARGET_2050_STYLE = {"color": OKABE_ITO["vermillion"], "linestyle": (0, (1.5, 2)), "linewidth": 2.2}

#: Style for every report figure (applied only while a figure is made and saved).
STYLE = {
    "font.size": 11.0,
    "axes.titlesize": 13.0,
    "axes.labelsize": 11.0,
    "xtick.labelsize": 10.0,
    "ytick.labelsize": 10.0,
    "legend.fontsize": 10.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "svg.fonttype": "path",  # the SVG needs no fonts on the reader's computer
    "svg.hashsalt": "gbda",  # the same figure gives the same SVG
    "figure.dpi": 100.0,
}
#: Resolution of the PNGs (pixels per inch).
PNG_DPI = 150


@dataclass(frozen=True)
class FigureFile:
    """A rendered figure: file stem, PNG bytes, optional SVG text and its alternative text."""

    name: str
    png: bytes
    svg: str | None
    alt: str

    @property
    def data_uri(self) -> str:
        """The PNG as a ``data:`` URI, for embedding in the HTML."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")

    def files(self) -> dict[str, bytes]:
        """File name to content, for writing beside the HTML."""
        out = {f"{self.name}.png": self.png}
        if self.svg is not None:
            out[f"{self.name}.svg"] = self.svg.encode("utf-8")
        return out


@contextmanager
def styled() -> Iterator[None]:
    """Apply :data:`STYLE` while making and saving figures; the global settings come back."""
    with matplotlib.rc_context(STYLE):
        yield


def new_figure(width_in: float, height_in: float) -> Figure:
    """Return an empty figure (inches) on its own Agg canvas, with constrained layout.

    Call it inside :func:`styled` so that the report's style applies.
    """
    fig = Figure(figsize=(width_in, height_in), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def render(fig: Figure, name: str, alt: str, *, svg: bool = True) -> FigureFile:
    """Save ``fig`` as PNG (and SVG) bytes; ``alt`` describes it for screen readers."""
    with styled():
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=PNG_DPI, facecolor="white", metadata={"Software": None})
        svg_text = None
        if svg:
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg", facecolor="white", metadata={"Date": None})
            svg_text = buffer.getvalue()
    return FigureFile(name, png.getvalue(), svg_text, alt)


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance (0 black to 1 white) of a ``#rrggbb`` colour."""
    rgb: tuple[float, float, float] = to_rgb(colour)
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
