"""Phone-width layout of the board pack's charts.

Each figure carries in `layout.meta.narrow` the relayout it needs below NARROW_WIDTH px (titles
wrapped, smaller margins, legend under the plot, short labels) and in `layout.meta.wide` the values
those keys have at full width. A script on the page (SCRIPT) applies one or the other on load and
whenever the width crosses NARROW_WIDTH. CSS (STYLE) lets the page itself shrink to the screen.
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

NARROW_WIDTH = 640
NARROW_TITLE_CHARS = 34

STYLE = """
.chart { width: 100%; max-width: 100%; overflow: hidden; }
.chart > div { width: 100%; }
@media (max-width: 640px) {
  body { margin: 12px 10px; }
  h1 { font-size: 22px; }
  .tiles { gap: 8px; }
  .tile { min-width: 0; flex: 1 1 140px; padding: 10px 12px; }
  .tile .value { font-size: 22px; }
  table.gap { font-size: 12px; }
  .chart .modebar-container { display: none; }  /* the tool bar would sit over the wrapped titles */
}
"""

SCRIPT = """
(function () {
  var NARROW = __NARROW__;
  function apply() {
    var narrow = window.innerWidth < NARROW;
    document.querySelectorAll('.chart .js-plotly-plot').forEach(function (gd) {
      var meta = (gd.layout && gd.layout.meta) || {};
      var want = narrow ? 'narrow' : 'wide';
      if (!meta.narrow || gd.getAttribute('data-layout') === want) { return; }
      gd.setAttribute('data-layout', want);
      Plotly.relayout(gd, meta[want]);
    });
  }
  window.addEventListener('load', apply);
  window.addEventListener('resize', apply);
  apply();
})();
""".replace("__NARROW__", str(NARROW_WIDTH))


def wrap_title(text: str, width: int = NARROW_TITLE_CHARS) -> str:
    """A chart title broken into lines of at most `width` characters (plotly's <br>)."""
    return "<br>".join(textwrap.wrap(text, width=width)) or text


def _current(fig: go.Figure, key: str):
    """The value of a relayout key ('title.text', 'annotations[2].text', 'margin.l') in the figure."""
    node = fig.layout
    for part in key.split("."):
        if part.endswith("]"):
            name, index = part[:-1].split("[")
            node = node[name][int(index)]
        else:
            node = node[part]
    return node.to_plotly_json() if hasattr(node, "to_plotly_json") else node


def narrow_updates(fig: go.Figure, extra: dict | None = None) -> go.Figure:
    """Record in fig.layout.meta the phone layout (and the full-width values it replaces)."""
    meta = dict(fig.layout.meta or {})
    narrow = dict(meta.get("narrow") or {})
    narrow.update(extra or {})
    meta["narrow"] = narrow
    fig.layout.meta = meta
    return fig


def finish(fig: go.Figure) -> go.Figure:
    """Add the common phone layout (wrapped title and subplot titles, margins, legend below, font)
    to whatever the chart asked for, and record the full-width values."""
    meta = dict(fig.layout.meta or {})
    narrow = dict(meta.get("narrow") or {})
    title = fig.layout.title.text or ""
    lines = wrap_title(title).count("<br>") + 1
    subplot_titles = [a for a in fig.layout.annotations or () if a.xref == "paper" and a.text]
    narrow.setdefault("title.text", wrap_title(title))
    narrow.setdefault("title.font.size", 14)
    # the title hangs from the top of the figure; the top margin holds its lines (and the subplot
    # titles plotly puts just above the first plot)
    narrow.setdefault("title.yref", "container")
    narrow.setdefault("title.y", 1)
    narrow.setdefault("title.yanchor", "top")
    # plotly puts a wrapped title about 10 px higher than a one-line one: more padding for it
    narrow.setdefault("title.pad.t", 8 if lines == 1 else 18)
    narrow.setdefault("margin.l", 48)
    narrow.setdefault("margin.r", 8)
    narrow.setdefault("margin.t", 24 + 18 * lines + (10 if lines > 1 else 0) + (26 if subplot_titles else 0))
    narrow.setdefault("margin.b", 40)
    narrow.setdefault("legend.orientation", "h")
    narrow.setdefault("legend.y", -0.12)
    narrow.setdefault("legend.x", 0)
    narrow.setdefault("font.size", 10)
    for index, annotation in enumerate(fig.layout.annotations or ()):
        key = f"annotations[{index}].text"
        if key not in narrow and annotation in subplot_titles:
            narrow[key] = wrap_title(annotation.text)
    wide = {key: _current(fig, key) for key in narrow}
    meta.update(narrow=narrow, wide=wide)
    fig.layout.meta = meta
    return fig
