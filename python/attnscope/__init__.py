"""attnscope: every attention head of a Hugging Face BERT or GPT-2, computed natively.

The notebook's code changes little::

    import attnscope
    model = attnscope.load("bert-base-uncased")          # a Hub id, the HF cache, or a folder
    out = model("The cat sat on the mat.")
    out.attentions[5][0, 3]                               # layer 5, text 0, head 3: [T, T]
    attnscope.figures.head(out, layer=5, head=3)          # shown inline in Jupyter
    attnscope.head_view(out)                              # the explorer, offline, in the cell

``import attnscope`` changes no numpy or BLAS setting and installs no signal handler.
"""
from ._attnscope import Error, HubError
from .model import Encoding, Model, Output, load
from .views import View, explorer, head_view, model_view
from . import analysis, figures

__all__ = ["load", "Model", "Encoding", "Output", "Error", "HubError", "figures", "analysis",
           "head_view", "model_view", "explorer", "View"]
