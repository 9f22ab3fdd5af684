"""The CLI's analyses as dicts of numpy ``[layers, heads]`` arrays, named as the ``metrics`` of
its JSON; over a batch, each text counts once (the mean of the per-text scores).

>>> scores = attnscope.analysis.patterns(out)
>>> scores["entropy"].shape
(12, 12)
"""
from . import _attnscope


def patterns(out):
    """locality, entropy, entropy_normalized, first_token (``attnscope patterns``)."""
    return _attnscope.patterns(out._result)


def specialize(out):
    """distance, punctuation and Clark et al.'s metrics (``attnscope specialize``)."""
    return _attnscope.specialize(out._result)


def detect(model, texts, patterns=("previous_token", "duplicate_token", "induction"),
           measure="mul", exclude_first_token=False, exclude_self=False):
    """TransformerLens's head detector over ``texts`` (``attnscope detect``): one metric per
    pattern; ``measure`` is "mul" or "abs"."""
    out = model(texts)
    return _attnscope.detect(out._result, list(patterns), measure, exclude_first_token,
                             exclude_self)


def rollout(out, fusion="mean", residual=0.5, index=0):
    """Attention rollout (``attnscope rollout``): {"rollout": [layers, T, T]}, row i of layer l
    being how position i after layer l draws on the inputs."""
    return {"rollout": _attnscope.rollout(out._result, fusion, residual, index)}
