"""Figures, the explorer views and the analyses, from Python."""
import re
import threading
import time
import _thread

import numpy as np
import pytest

import attnscope

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data):
    assert data.startswith(PNG_MAGIC)
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_every_figure_is_a_valid_png_and_svg(tiny_bert, tiny_gpt2, tmp_path):
    bert = tiny_bert("The cat sat on the mat.")
    gpt = tiny_gpt2("The cat sat on the mat.")
    figures = {
        "head": attnscope.figures.head(bert, 1, 2),
        "layer": attnscope.figures.layer(bert, 0),
        "flow": attnscope.figures.flow(bert, "cat"),
        "compare": attnscope.figures.compare(bert, gpt, 0, 0),
        "summary": attnscope.figures.summary(gpt),
    }
    for name, figure in figures.items():
        width, height = png_size(figure._repr_png_())
        assert width > 300 and height > 200, name
        svg = figure._repr_svg_()
        assert svg.lstrip().startswith("<?xml") or svg.lstrip().startswith("<svg"), name
        assert "<svg" in svg and svg.rstrip().endswith("</svg>"), name
    assert "Layer 1, Head 2" in figures["head"].svg() or "Layer 1, Head 2" in \
        re.sub(r"<[^>]+>", "", figures["head"].svg())
    assert "Causal" in figures["compare"].text and "Bidirectional" in figures["compare"].text
    assert "tiny-gpt2" in figures["summary"].text and "3" in figures["summary"].text
    for extension in ("png", "svg", "pdf"):
        path = tmp_path / f"head.{extension}"
        figures["head"].save(path)
        assert path.stat().st_size > 1000
    assert (tmp_path / "head.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(ValueError):
        figures["head"].save(tmp_path / "head.bmp")
    assert not (tmp_path / "head.bmp").exists()


def test_flow_takes_a_word_a_position_or_the_default_and_warns_on_a_trivial_one(tiny_gpt2):
    out = tiny_gpt2("The cat sat on the mat.")
    with pytest.warns(UserWarning, match="can attend only to itself"):
        attnscope.figures.flow(out, 0)
    assert attnscope.figures.flow(out, -1).png().startswith(PNG_MAGIC)
    assert attnscope.figures.flow(out).png().startswith(PNG_MAGIC)
    with pytest.raises(ValueError, match="dog"):
        attnscope.figures.flow(out, "dog")


def test_views_are_self_contained_and_open_on_their_view(tiny_bert, tmp_path):
    out = tiny_bert(["The cat sat on the mat.", "A dog barked."])
    for view, expected in ((attnscope.head_view(out), "head"),
                           (attnscope.model_view(out), "model"),
                           (attnscope.explorer([out, tiny_bert("Hello")]), "heatmap")):
        html = view._repr_html_()
        assert html.startswith("<iframe srcdoc=")
        assert not re.search(r"(src|href)\s*=\s*&quot;https?://", html)
        assert not re.search(r"""(src|href)\s*=\s*["']https?://""", view.page)
        assert f'"view":"{expected}"' in view.page
        path = view.save(tmp_path / f"{expected}.html")
        assert path.read_text(encoding="utf-8") == view.page
    assert view.page.count('"model":"tiny-bert"') == 3  # every text of every output


def test_analyses_are_named_layer_by_head_arrays(tiny_bert, tiny_gpt2):
    out = tiny_bert(["The cat sat on the mat.", "Is it raining, or not?"])
    patterns = attnscope.analysis.patterns(out)
    assert set(patterns) == {"locality", "entropy", "entropy_normalized", "first_token"}
    for values in patterns.values():
        assert values.shape == (3, 4) and values.dtype == np.float64
    # The mean over the batch is the mean of the texts' own scores.
    one = attnscope.analysis.patterns(tiny_bert("The cat sat on the mat."))
    two = attnscope.analysis.patterns(tiny_bert("Is it raining, or not?"))
    np.testing.assert_allclose(patterns["entropy"], (one["entropy"] + two["entropy"]) / 2,
                               atol=1e-6)
    # first_token is the mean attention to position 0, computed here from the arrays directly.
    n = int(out.attention_mask[0].sum())
    a0 = out.attentions[0][0, :, :n, 0].mean(-1)
    np.testing.assert_allclose(one["first_token"][0], a0, atol=1e-6)
    special = attnscope.analysis.specialize(out)
    assert {"distance", "punctuation"} <= set(special)
    detect = attnscope.analysis.detect(tiny_gpt2, ["the cat the cat the cat"])
    assert set(detect) == {"previous_token", "duplicate_token", "induction"}
    assert ((detect["previous_token"] >= 0) & (detect["previous_token"] <= 1)).all()
    rollout = attnscope.analysis.rollout(out)["rollout"]
    assert rollout.shape == (3, n, n)
    np.testing.assert_allclose(rollout.sum(-1), 1, atol=1e-9)


def test_detect_finds_the_hand_built_previous_token_head():
    from conftest import FIXTURES
    model = attnscope.load(FIXTURES / "models" / "induction-gpt2")
    scores = attnscope.analysis.detect(model, ["the cat sat on the mat and the dog sat too"],
                                       patterns=["previous_token"], exclude_first_token=True)
    assert scores["previous_token"][0, 0] > 0.99
    assert scores["previous_token"][1, 1] < 0.5


def test_ctrl_c_stops_a_long_call_within_a_layer(tiny_bert):
    texts = ["The cat sat on the mat and looked at the bird. " * 10] * 96
    start = time.perf_counter()
    tiny_bert(texts)
    full = time.perf_counter() - start
    timer = threading.Timer(full / 5, _thread.interrupt_main)
    start = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        tiny_bert(texts)
    stopped = time.perf_counter() - start
    assert stopped < full * 0.8, f"stopped after {stopped:.3f} s of a {full:.3f} s call"
    assert tiny_bert("still works").attentions[0].shape[0] == 1
