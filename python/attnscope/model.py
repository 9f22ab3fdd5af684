"""Models, their tokenizations and their outputs, shaped like Hugging Face transformers."""
import json
import os
from dataclasses import dataclass

from . import _attnscope


@dataclass(frozen=True)
class Encoding:
    """One tokenized text.

    ``ids``: token ids; ``tokens``: Hugging Face's ``convert_ids_to_tokens`` form (``"##ing"``,
    ``"Ġcat"``); ``offsets``: ``(start, end)`` code-point offsets into the text, ``(0, 0)`` for
    added special tokens; ``display``: the form every view shows (``"cat"``, a piece inside a word as ``"##ing"``;
    see docs/formats.md).

    >>> enc = model.tokenize("Hello world")
    >>> enc.tokens
    ['[CLS]', 'hello', 'world', '[SEP]']
    """
    ids: list
    tokens: list
    offsets: list
    display: list


class Output:
    """What ``Model(...)`` returns, as ``outputs`` of a transformers model with
    ``output_attentions=True``.

    ``attentions``: a tuple of one float32 array per layer, ``[batch, heads, T, T]``, viewing the
    C++ result without a copy (``out.attentions[5][0, 3]`` is layer 5, head 3 of text 0);
    ``input_ids`` and ``attention_mask``: int64 ``[batch, T]``, padding on the right (padded
    attention cells are exactly 0); ``tokens``: each text's own tokens; ``last_hidden_state``:
    ``[batch, T, D]``; ``hidden_states``: a tuple of L+1 ``[batch, T, D]`` arrays when asked
    for, else None.
    """

    def __init__(self, model, result):
        self.model = model
        self._result = result

    @property
    def attentions(self):
        return self._result.attentions()

    @property
    def hidden_states(self):
        return self._result.hidden_states()

    @property
    def last_hidden_state(self):
        return self._result.last_hidden_state()

    @property
    def input_ids(self):
        return self._result.input_ids()

    @property
    def attention_mask(self):
        return self._result.attention_mask()

    @property
    def tokens(self):
        return self._result.tokens

    @property
    def texts(self):
        return list(self._result.texts)

    def __len__(self):
        return self._result.size

    def __repr__(self):
        return (f"Output(model={self.model.name!r}, batch={len(self)}, "
                f"T={self.input_ids.shape[1]}, layers={len(self.attentions)})")


class Model:
    """A BERT or GPT-2 checkpoint with its tokenizer; make one with :func:`attnscope.load`.

    ``config`` is config.json as a dict; ``name`` is the Hub id or the folder's name;
    ``architecture`` is ``"bert"`` or ``"gpt2"``; ``precision`` is ``"fp32"`` (Hugging Face's) or
    ``"bf16"`` (the fast mode of :func:`attnscope.load`).

    >>> out = model(["The cat sat.", "A dog barked loudly."])   # one padded batch
    >>> out.attentions[0].shape
    (2, 12, 7, 7)
    """

    def __init__(self, core):
        self._core = core
        with open(os.path.join(core.dir, "config.json"), encoding="utf-8") as file:
            self.config = json.load(file)

    @property
    def name(self):
        return self._core.name

    @property
    def architecture(self):
        return self._core.architecture

    @property
    def precision(self):
        return self._core.precision

    def tokenize(self, text, text_pair=None, bos=False):
        """Tokenizes ``text`` (and BERT's second segment ``text_pair``) into an :class:`Encoding`."""
        _check_text(text, "text")
        if text_pair is not None:
            _check_text(text_pair, "text_pair")
        return Encoding(*self._core.tokenize(text, text_pair, bos))

    def __call__(self, text_or_texts, text_pair=None, output_hidden_states=False, bos=False):
        """Runs the model on one text or a list of texts (one padded batch) into an :class:`Output`.

        ``text_pair``: BERT's second segment, a string for one text or a list with one entry
        (or None) per text; ``bos``: GPT-2 only, prepend ``<|endoftext|>``.
        """
        if isinstance(text_or_texts, str):
            texts = [text_or_texts]
        elif isinstance(text_or_texts, (list, tuple)):
            texts = list(text_or_texts)
        else:
            raise ValueError("text_or_texts must be a str or a list of str, got "
                             f"{type(text_or_texts).__name__}")
        for text in texts:
            _check_text(text, "text")
        if text_pair is None or isinstance(text_pair, str):
            pairs = [text_pair] * len(texts)
        else:
            pairs = list(text_pair)
        for pair in pairs:
            if pair is not None:
                _check_text(pair, "text_pair")
        return Output(self, self._core.run(texts, pairs, bool(output_hidden_states), bool(bos)))

    def __repr__(self):
        return (f"Model({self.name!r}, architecture={self.architecture!r}, "
                f"precision={self.precision!r})")


def _check_text(text, what):
    if not isinstance(text, str):
        raise ValueError(f"{what} must be a str, got {type(text).__name__}")


def load(name_or_folder, revision="main", threads=None, precision="fp32"):
    """Loads a model as the CLI does: a local folder, or a Hub id looked up in (or downloaded
    into) the shared Hugging Face cache at ``revision``.

    ``threads``: how many cores the forward passes use (default: all). ``precision="bf16"``
    runs the layers' weight products in bfloat16 with fp32 sums, about twice as fast where the
    CPU has AVX-512 BF16, attention weights within 0.05 of fp32's; figures made from it say so.

    >>> model = attnscope.load("gpt2")
    >>> model.architecture
    'gpt2'
    """
    return Model(_attnscope.load(os.fspath(name_or_folder), revision, threads, precision))
