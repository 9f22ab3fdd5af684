"""The explorer inside a notebook cell: self-contained (no URL is loaded), so it works offline,
in JupyterLab, classic Notebook and exported HTML, with the kernel stopped."""
import html
import os

from . import _attnscope


class View:
    """The explorer page; Jupyter shows it in the cell, ``save(path)`` writes it as a file."""

    def __init__(self, page, height=760):
        self.page = page
        self.height = height

    def _repr_html_(self):
        # srcdoc keeps the page's scripts and styles apart from the notebook's own.
        return (f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
                f'style="width:100%;height:{self.height}px;border:1px solid #ddd" '
                'title="attnscope explorer"></iframe>')

    def save(self, path):
        """Writes the page whole or not at all (a temporary file renamed into place)."""
        partial = f"{os.fspath(path)}.incomplete"
        try:
            with open(partial, "w", encoding="utf-8") as file:
                file.write(self.page)
            os.replace(partial, path)
        except BaseException:
            if os.path.exists(partial):
                os.remove(partial)
            raise
        return path


def _page(outs, view):
    results = [out._result for out in (outs if isinstance(outs, (list, tuple)) else [outs])]
    if not results:
        raise ValueError("no output given; pass an Output or a list of them")
    title = "attnscope explorer: " + results[0].model_name
    return View(_attnscope.explorer_html(results, view, title))


def head_view(out):
    """bertviz's head view: lines from each token to those it attends to, one layer at a time."""
    return _page(out, "head")


def model_view(out):
    """bertviz's model view: every head of every layer as a thumbnail."""
    return _page(out, "model")


def explorer(out_or_list):
    """The whole explorer (heatmap, flow, head scores, comparison) over one or several outputs."""
    return _page(out_or_list, "heatmap")
