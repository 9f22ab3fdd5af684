"""The CLI's figures of one text of an :class:`~attnscope.Output`, inline in Jupyter.

>>> fig = attnscope.figures.head(out, layer=5, head=3)
>>> fig.save("head.svg")            # PNG, SVG or PDF by the extension
"""
import warnings

from . import _attnscope

DEFAULT_DPI = 150  # the notebook's savefig(dpi=150)
INLINE_FORMATS = ("png", "svg")
_inline = {"png"}


def set_inline_formats(*formats):
    """What Jupyter gets of a Figure: "png" (the default) and/or "svg", like matplotlib's
    ``InlineBackend.figure_formats``. PNG is the default because HTML exports mangle inline SVG
    (nbconvert 6.5-7.x pass it through an HTML cleaner that empties the <svg> element: its
    issues 1849 and 1894) and untrusted notebooks do not show it.

    >>> attnscope.figures.set_inline_formats("svg")   # vector figures in the notebook
    """
    unknown = set(formats) - set(INLINE_FORMATS)
    if not formats or unknown:
        raise ValueError(f"inline formats are {', '.join(INLINE_FORMATS)}; got {formats!r}")
    _inline.clear()
    _inline.update(formats)


class Figure:
    """A drawing that Jupyter shows inline (PNG, or SVG: see :func:`set_inline_formats`);
    ``save(path)`` writes PNG, SVG or PDF by the extension, whole or not at all. ``text`` is
    what the CLI prints with it, if anything."""

    def __init__(self, scene, text=""):
        self._scene = scene
        self.text = text

    def png(self, dpi=DEFAULT_DPI):
        return self._scene.render("png", dpi)

    def svg(self):
        return self._scene.render("svg", DEFAULT_DPI).decode("utf-8")

    # IPython skips a representation that returns None.
    def _repr_png_(self):
        return self.png() if "png" in _inline else None

    def _repr_svg_(self):
        if "svg" not in _inline:
            return None
        # The <svg> element alone, as IPython.display.SVG gives it: an XML declaration inside an
        # HTML page is invalid.
        document = self.svg()
        return document[document.index("<svg"):]

    def save(self, path, dpi=DEFAULT_DPI):
        self._scene.save(str(path), dpi)
        return path

    def __repr__(self):
        return f"Figure({self._scene.width:.0f}x{self._scene.height:.0f} pt)"


_SCALE_DOC = """
    vmax: top of the colour scale: a number, "auto" (the 99th percentile of the cells shown),
        or None (auto beyond 64 tokens, else 1 as in the notebook).
    cmap: "YlOrRd" (default), "Blues", "Reds" or "viridis".  log: a logarithmic scale.
    size: (width, height) in inches.  font_size: tick labels in points (titles in proportion).
    A causal model's future keys are drawn grey, not as weights of 0."""


def head(out, layer, head, index=0, hide_special=False, vmax=None, cmap=None, log=False,
         size=None, font_size=None):
    return Figure(_attnscope.head_figure(out._result, layer, head, index, hide_special, vmax,
                                         cmap or "", log, size, font_size))


def layer(out, layer, index=0, hide_special=False, vmax=None, cmap=None, log=False, size=None,
          font_size=None):
    return Figure(_attnscope.layer_figure(out._result, layer, index, hide_special, vmax,
                                          cmap or "", log, size, font_size))


head.__doc__ = "One head's attention as a heatmap (the notebook's plot_attention_head)." + _SCALE_DOC
layer.__doc__ = "Every head of one layer in a grid (plot_all_heads_in_layer)." + _SCALE_DOC


def flow(out, token=None, index=0, hide_special=False):
    """Where one query token looks, layer by layer (plot_attention_flow). ``token``: its text,
    its position (negative from the end) or None for a token that can attend (a causal model's
    last word token, an encoder's first)."""
    scene, warning = _attnscope.flow_figure(out._result, token, index, hide_special)
    if warning:
        warnings.warn(warning, stacklevel=2)
    return Figure(scene)


def compare(out_a, out_b, layer, head, index=0, hide_special=False):
    """The same head of two models side by side (compare_models_attention); ``text`` is the
    printed "Key Differences"."""
    scene, text = _attnscope.compare_figure(out_a._result, out_b._result, layer, head, index,
                                            hide_special)
    return Figure(scene, text)


def summary(out, index=0, seed_exact=False):
    """Whole-model statistics in a 2x2 panel (create_attention_summary); ``text`` is the printed
    summary block."""
    scene, text = _attnscope.summary_figure(out._result, index, seed_exact)
    return Figure(scene, text)
