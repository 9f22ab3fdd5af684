"""Figures, the explorer views and the analyses, from Python."""
import json
import os
import pathlib
import re
import subprocess
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
        # Jupyter gets PNG by default; SVG inline when asked, as the element alone (HTML takes no
        # XML declaration) while the file form stays a whole document.
        width, height = png_size(figure._repr_png_())
        assert width > 300 and height > 200, name
        assert figure._repr_svg_() is None, name
        try:
            attnscope.figures.set_inline_formats("svg")
            svg = figure._repr_svg_()
            assert figure._repr_png_() is None, name
        finally:
            attnscope.figures.set_inline_formats("png")
        assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>"), name
        assert figure.svg().startswith("<?xml") and figure.svg().endswith(svg), name
    with pytest.raises(ValueError, match="inline formats are png, svg"):
        attnscope.figures.set_inline_formats("pdf")
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


def test_head_and_layer_take_the_clis_scale_options(tiny_gpt2):
    out = tiny_gpt2("The cat sat on the mat.")
    figure = attnscope.figures.head(out, 0, 0, vmax="auto", cmap="viridis", log=True,
                                    size=(7, 6), font_size=12)
    assert png_size(figure.png(dpi=100)) == (700, 600)
    text = figure.svg()
    assert "99th percentile" in text and "log scale" in text
    assert "Grey: keys after the query" in text
    layer = attnscope.figures.layer(out, 1, vmax=0.25)
    assert "top 0.25" in layer.svg()
    for bad, message in [(dict(vmax=0), "vmax must be a number above 0"),
                         (dict(vmax="max"), "vmax must be a number above 0"),
                         (dict(vmax=float("inf"), log=True), "vmax must be a number above 0"),
                         (dict(cmap="jet"), "YlOrRd"),
                         (dict(size=(0, 5)), "size must be"),
                         (dict(font_size=100), "font_size")]:
        with pytest.raises(ValueError, match=message):
            attnscope.figures.head(out, 0, 0, **bad)


def test_flow_takes_a_word_a_position_or_the_default_and_warns_on_a_trivial_one(tiny_gpt2,
                                                                               tiny_bert):
    out = tiny_gpt2("The cat sat on the mat.")
    with pytest.warns(UserWarning, match="can attend only to itself"):
        attnscope.figures.flow(out, 0)
    assert attnscope.figures.flow(out, -1).png().startswith(PNG_MAGIC)
    assert attnscope.figures.flow(out).png().startswith(PNG_MAGIC)
    with pytest.raises(ValueError, match="dog"):
        attnscope.figures.flow(out, "dog")
    # Named as the user writes it: the uncased tokenizer's "cat" is found from "Cat"; the cased
    # GPT-2 keeps the two apart.
    bert = tiny_bert("The cat sat on the mat.")
    assert attnscope.figures.flow(bert, "Cat").png() == attnscope.figures.flow(bert, 2).png()
    with pytest.raises(ValueError, match="'Cat' is not in the text"):
        attnscope.figures.flow(out, "Cat")


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
    # Whole or not at all: a rename that fails leaves neither a partial page nor a temporary file.
    (tmp_path / "taken").mkdir()
    with pytest.raises(IsADirectoryError):
        view.save(tmp_path / "taken")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["head.html", "heatmap.html", "model.html",
                                                          "taken"]


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


def test_induction_test_on_repeated_random_tokens_matches_golden_and_cli(tmp_path):
    from conftest import FIXTURES, read_safetensors
    model = attnscope.load(FIXTURES / "models" / "induction-gpt2")
    golden = read_safetensors(FIXTURES / "golden" / "golden_induction.safetensors")
    scores = attnscope.analysis.detect(model, repeat_random=50, batch=10)
    assert set(scores) == {"induction", "previous_token"}
    # The hand-built heads score on positions alone, so any draw free of repeats gives the
    # golden draw's scores (the CLI's test of the same default seed checks that it is).
    np.testing.assert_allclose(scores["induction"][1, 0],
                               golden["repeat_random.induction_score"][1, 0], atol=1e-5)
    np.testing.assert_allclose(scores["previous_token"][0, 0],
                               golden["repeat_random.previous_token_score"][0, 0], atol=1e-5)
    assert scores["induction"].argmax() == 2 and scores["previous_token"].argmax() == 0

    # The same draw as `attnscope detect` for the same seed and range.
    options = dict(repeat_random=20, batch=2, seed=3, vocab_range=(100, 110))
    ours = attnscope.analysis.detect(model, **options)
    build = pathlib.Path(os.environ.get("ATTNSCOPE_BUILD_DIR",
                                        pathlib.Path(__file__).parents[2] / "build"))
    cli = subprocess.run([build / "attnscope", "detect", "--model", FIXTURES / "models" /
                          "induction-gpt2", "--repeat-random", "20", "--batch", "2", "--seed", "3",
                          "--vocab-range", "100:110", "--json"],
                         capture_output=True, text=True, check=True)
    metrics = json.loads(cli.stdout)["metrics"]
    for name in ("induction", "previous_token"):
        np.testing.assert_allclose(ours[name], metrics[name], atol=1e-12)

    with pytest.raises(ValueError, match=r"repeat_random=200 makes 401 tokens but induction-gpt2 "
                                         r"takes at most 128; use repeat_random=63 or less"):
        attnscope.analysis.detect(model, repeat_random=200)
    with pytest.raises(ValueError, match=r"vocab_range must lie within \(0, 50257\)"):
        attnscope.analysis.detect(model, repeat_random=5, vocab_range=(10, 10))
    with pytest.raises(ValueError, match="drop texts"):
        attnscope.analysis.detect(model, ["a b"], repeat_random=5)
    with pytest.raises(ValueError, match="needs repeat_random"):
        attnscope.analysis.detect(model, ["a b"], measure="stripe")


def test_ctrl_c_stops_a_long_call_within_a_layer(tiny_bert):
    # About a second, so that other tests running beside this one shift the timings little; the
    # interrupt comes early in layer 0, and the call must stop at that layer's end (1/3 of it).
    texts = ["The cat sat on the mat and looked at the bird. " * 10] * 384
    start = time.perf_counter()
    tiny_bert(texts)
    full = time.perf_counter() - start
    timer = threading.Timer(full / 10, _thread.interrupt_main)
    start = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        tiny_bert(texts)
    stopped = time.perf_counter() - start
    assert stopped < full * 0.8, f"stopped after {stopped:.3f} s of a {full:.3f} s call"
    assert tiny_bert("still works").attentions[0].shape[0] == 1


def test_corpus_analyses_equal_the_cli_on_a_treebank_and_on_texts(tiny_bert, tmp_path):
    from conftest import FIXTURES, SHARED
    treebank = SHARED / "data" / "ud" / "en_ewt-ud-dev.conllu"
    build = pathlib.Path(os.environ.get("ATTNSCOPE_BUILD_DIR",
                                        pathlib.Path(__file__).parents[2] / "build"))
    model_dir = FIXTURES / "models" / "tiny-bert"
    ours = attnscope.analysis.corpus(tiny_bert, treebank, max_docs=40, min_count=5)
    subprocess.run([build / "attnscope", "corpus", "--model", model_dir, "--conllu", treebank,
                    "--max-docs", "40", "--min-count", "5", "-o", tmp_path / "cli"],
                   check=True, capture_output=True)
    stats = json.loads((tmp_path / "cli" / "stats.json").read_text())
    probe = json.loads((tmp_path / "cli" / "probe.json").read_text())
    assert ours["stats"]["docs"] == stats["docs"] == 40
    assert set(ours["stats"]["metrics"]) == set(stats["metrics"]) >= {"self", "prev", "cls", "sep"}
    for name, grid in stats["metrics"].items():
        assert ours["stats"]["metrics"][name].shape == (3, 4)
        np.testing.assert_allclose(ours["stats"]["metrics"][name], grid, atol=1e-12)
    assert ours["stats"]["labels"] == stats["labels"]
    assert set(ours["probe"]["relations"]) == set(probe["relations"]) and "all" in probe["relations"]
    for relation, found in probe["relations"].items():
        for direction in ("dep_to_head", "head_to_dep"):
            np.testing.assert_allclose(ours["probe"]["relations"][relation]["accuracy"][direction],
                                       found["accuracy"][direction], atol=1e-12)
        assert ours["probe"]["relations"][relation]["best"] == found["best"]
    assert ours["distance"]["js"].shape == (12, 12)

    # A list of texts is the same corpus as a text file of those lines.
    texts = ["The cat sat on the mat.", "Is it raining, or not?", "A dog barked twice."]
    (tmp_path / "texts.txt").write_text("\n".join(texts) + "\n")
    from_list = attnscope.analysis.corpus(tiny_bert, texts)
    from_file = attnscope.analysis.corpus(tiny_bert, tmp_path / "texts.txt")
    assert "probe" not in from_list and from_list["stats"]["docs"] == 3
    for name, values in from_file["stats"]["metrics"].items():
        np.testing.assert_allclose(from_list["stats"]["metrics"][name], values, atol=1e-12)

    with pytest.raises(FileNotFoundError, match="no corpus file"):
        attnscope.analysis.corpus(tiny_bert, tmp_path / "missing.conllu")
    with pytest.raises(ValueError, match="from_word takes mean or first"):
        attnscope.analysis.corpus(tiny_bert, texts, from_word="last")
