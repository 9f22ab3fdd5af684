"""The CLI's analyses as dicts of numpy ``[layers, heads]`` arrays, named as the ``metrics`` of
its JSON; over a batch, each text counts once (the mean of the per-text scores).

>>> scores = attnscope.analysis.patterns(out)
>>> scores["entropy"].shape
(12, 12)
"""
import json
import os

import numpy as np

from . import _attnscope


def patterns(out):
    """locality, entropy, entropy_normalized, first_token (``attnscope patterns``)."""
    return _attnscope.patterns(out._result)


def specialize(out):
    """distance, punctuation and Clark et al.'s metrics (``attnscope specialize``)."""
    return _attnscope.specialize(out._result)


DETECTOR_PATTERNS = ("previous_token", "duplicate_token", "induction")


def detect(model, texts=None, patterns=None, measure=None, exclude_first_token=False,
           exclude_self=False, repeat_random=None, batch=10, seed=0, vocab_range=None):
    """TransformerLens's head detector (``attnscope detect``).

    On ``texts``: one metric per pattern of ``patterns`` (default all three), ``measure`` "mul"
    (the share of attention on the pattern, the default) or "abs".

    With ``repeat_random=N`` instead: the induction test on ``batch`` sequences of N random ids
    (drawn from ``vocab_range=(low, high)``, default the whole vocabulary, with ``seed``) repeated
    once after the model's start token, scored by the "stripe" measure: ``induction`` (attention
    from each repeated token to the one after its earlier copy) and ``previous_token``.

    >>> scores = attnscope.analysis.detect(gpt2, repeat_random=50)
    >>> scores["induction"].argmax()
    """
    if repeat_random is not None:
        if texts is not None:
            raise ValueError("repeat_random makes its own input; drop texts")
        measure = measure or "stripe"
        if measure != "stripe":
            raise ValueError("repeat_random is scored by the stripe measure; drop measure")
        if patterns is not None or exclude_first_token or exclude_self:
            raise ValueError("patterns, exclude_first_token and exclude_self apply to the "
                             "mul and abs measures; the stripe measure scores induction and "
                             "previous_token")
        ids = model._core.repeat_random_ids(int(repeat_random), int(batch), int(seed), vocab_range)
        return _attnscope.detect(model._core.run_ids(ids), [], "stripe", False, False,
                                 int(repeat_random))
    if texts is None:
        raise ValueError("give texts, or repeat_random=N for the induction test")
    measure = measure or "mul"
    if measure == "stripe":
        raise ValueError("the stripe measure needs repeat_random=N (it reads the repeat)")
    out = model(texts)
    return _attnscope.detect(out._result, list(patterns or DETECTOR_PATTERNS), measure,
                             exclude_first_token, exclude_self, 0)


def rollout(out, fusion="mean", residual=0.5, index=0):
    """Attention rollout (``attnscope rollout``): {"rollout": [layers, T, T]}, row i of layer l
    being how position i after layer l draws on the inputs."""
    return {"rollout": _attnscope.rollout(out._result, fusion, residual, index)}


def corpus(model, texts_or_conllu, batch_size=16, max_docs=None, from_word="mean", bos=False,
           truncate=False, min_count=100):
    """Clark et al.'s corpus analyses (``attnscope corpus``) over a list of texts, a text file
    (one document per line) or a CoNLL-U treebank (``.conllu``), streamed in batches of
    ``batch_size`` so that memory stays bounded however long the corpus.

    Returns the CLI's three JSON files as dicts, every per-head grid a numpy ``[layers, heads]``
    array: ``"stats"`` (``metrics`` such as self, prev, cls, punct, entropy; ``labels``),
    ``"distance"`` (the heads' Jensen-Shannon distances ``js`` and their 2-D map ``mds``) and,
    for a treebank, ``"probe"`` (per relation, dependency accuracy ``dep_to_head`` and
    ``head_to_dep``, with the best head and the fixed-offset baseline; relations with fewer than
    ``min_count`` scored words are left out). ``from_word``: "mean" or "first", how attention
    from a word's pieces is combined.

    >>> result = attnscope.analysis.corpus(bert, "en_ewt-ud-dev.conllu", max_docs=500)
    >>> result["probe"]["relations"]["nsubj"]["best"]
    """
    texts, path = [], ""
    if isinstance(texts_or_conllu, (list, tuple)):
        texts = list(texts_or_conllu)
        if not texts or not all(isinstance(text, str) for text in texts):
            raise ValueError("texts_or_conllu must be a non-empty list of str, or a file's path")
    else:
        path = os.fspath(texts_or_conllu)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"no corpus file {path}; give a text file (one document "
                                    "per line), a .conllu treebank or a list of texts")
    conllu = path.endswith(".conllu")
    found = json.loads(_attnscope.corpus(model._core, path, texts, conllu, int(batch_size),
                                         int(max_docs or 0), from_word, bool(bos),
                                         bool(truncate), float(min_count)))
    found["stats"]["metrics"] = _arrays(found["stats"]["metrics"])
    found["distance"]["js"] = np.array(found["distance"]["js"])
    found["distance"]["mds"] = np.array(found["distance"]["mds"])
    for relation in found.get("probe", {}).get("relations", {}).values():
        relation["accuracy"] = _arrays(relation["accuracy"])
    return found


def _arrays(grids):
    return {name: np.array(grid, dtype=np.float64) for name, grid in grids.items()}
