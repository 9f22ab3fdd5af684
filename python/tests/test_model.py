"""The Hugging Face-shaped contract of load / tokenize / Model(...)."""
import gc
import resource

import numpy as np
import pytest

import attnscope


def entries_of(entries, kind):
    return [e for e in entries if e["model"] == kind]


@pytest.mark.parametrize("kind", ["bert", "gpt2"])
def test_attentions_and_hidden_states_equal_the_goldens(models, tiny_entries, golden_tiny, kind):
    model = models[kind]
    for entry in entries_of(tiny_entries, kind):
        out = model(entry["text"], output_hidden_states=True)
        key = entry["key"]
        assert out.input_ids[0].tolist() == golden_tiny[key + ".input_ids"].tolist(), key
        attentions = np.stack([layer[0] for layer in out.attentions])
        np.testing.assert_allclose(attentions, golden_tiny[key + ".attentions"], atol=1e-5, rtol=0)
        np.testing.assert_allclose(out.hidden_states[0][0], golden_tiny[key + ".hidden_first"],
                                   atol=1e-5, rtol=0)
        np.testing.assert_allclose(out.last_hidden_state[0], golden_tiny[key + ".hidden_last"],
                                   atol=1e-5, rtol=0)
        assert out.tokens[0] == entry["tokens"]


# oneDNN blocks a GEMM by its row count, so a text's sums are rounded in another order inside a
# padded batch than alone: a few float ulps of 1.0 (the C++ PaddedBatchEqualsOneByOne's bound),
# where padding leaking into a real token would show as whole percents.
TILING_ROUNDING = 16 * float(np.finfo(np.float32).eps)


@pytest.mark.parametrize("kind", ["bert", "gpt2"])
def test_a_batch_equals_its_texts_one_by_one(models, tiny_entries, kind):
    model = models[kind]
    texts = [e["text"] for e in entries_of(tiny_entries, kind)[:5]]
    batch = model(texts)
    T = batch.input_ids.shape[1]
    assert T == max(len(model.tokenize(t).ids) for t in texts)
    for i, text in enumerate(texts):
        alone = model(text)
        n = alone.input_ids.shape[1]
        assert batch.attention_mask[i].tolist() == [1] * n + [0] * (T - n)
        for layer, layer_alone in zip(batch.attentions, alone.attentions):
            np.testing.assert_allclose(layer[i, :, :n, :n], layer_alone[0], atol=TILING_ROUNDING,
                                       rtol=0)
            assert not layer[i, :, n:, :].any() and not layer[i, :, :, n:].any()
        assert batch.tokens[i] == alone.tokens[0]


def test_shapes_dtypes_and_the_tuple_contract(tiny_bert):
    out = tiny_bert(["The cat sat on the mat.", "Hello"], output_hidden_states=True)
    layers, heads, D = (tiny_bert.config["num_hidden_layers"],
                        tiny_bert.config["num_attention_heads"], tiny_bert.config["hidden_size"])
    T = out.input_ids.shape[1]
    assert isinstance(out.attentions, tuple) and len(out.attentions) == layers
    for layer in out.attentions:
        assert layer.dtype == np.float32 and layer.shape == (2, heads, T, T)
    assert out.input_ids.dtype == np.int64 and out.input_ids.shape == (2, T)
    assert out.attention_mask.dtype == np.int64
    assert out.last_hidden_state.shape == (2, T, D)
    assert isinstance(out.hidden_states, tuple) and len(out.hidden_states) == layers + 1
    assert tiny_bert(["x"]).hidden_states is None
    np.testing.assert_allclose(out.attentions[1][0].sum(-1)[:, :8], 1, atol=1e-5)
    assert tiny_bert.architecture == "bert" and tiny_bert.name == "tiny-bert"
    assert tiny_bert.config["model_type"] == "bert"


def test_arrays_view_the_result_without_a_copy(tiny_gpt2):
    out = tiny_gpt2("The cat sat on the mat.", output_hidden_states=True)
    for array in out.attentions + out.hidden_states + (out.last_hidden_state,):
        assert array.base is out._result
        assert not array.flags.owndata
    # Two reads see the same memory: the view is of the result, not a copy made per access.
    first, second = out.attentions[2], out.attentions[2]
    assert first is not second
    assert first.__array_interface__["data"][0] == second.__array_interface__["data"][0]
    held = out.attentions[0]
    del out
    gc.collect()
    assert held.shape[0] == 1 and np.isfinite(held).all()  # the view keeps the result alive


def test_tokenize_gives_hugging_face_tokens_offsets_and_display(tiny_bert, tiny_gpt2):
    enc = tiny_bert.tokenize("Hello world")
    assert enc.tokens == ["[CLS]", "hello", "world", "[SEP]"]
    assert enc.offsets == [(0, 0), (0, 5), (6, 11), (0, 0)]
    gpt = tiny_gpt2.tokenize("The cat")
    assert gpt.tokens == ["The", "Ġcat"] and gpt.display == ["The", "cat"]
    assert gpt.ids == [464, 3797]
    assert tiny_gpt2.tokenize("The cat", bos=True).ids == [50256, 464, 3797]
    pair = tiny_bert.tokenize("a b", text_pair="c")
    assert pair.tokens == ["[CLS]", "a", "b", "[SEP]", "c", "[SEP]"]


def test_bad_input_raises_the_python_exception_with_the_cli_message(tiny_bert, tiny_gpt2,
                                                                   tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist|neither a folder"):
        attnscope.load(tmp_path / "missing")
    with pytest.raises(ValueError, match="threads must be"):
        attnscope.load(tmp_path, threads=0)
    with pytest.raises(ValueError, match="must be a str or a list of str, got int"):
        tiny_bert(5)
    with pytest.raises(ValueError, match="text must be a str, got bytes"):
        tiny_bert([b"bytes"])
    with pytest.raises(ValueError, match="no text given"):
        tiny_bert([])
    with pytest.raises(attnscope.Error, match="GPT-2 needs at least one token"):
        tiny_gpt2("")
    with pytest.raises(attnscope.Error, match="takes at most 128"):
        tiny_bert("word " * 300)
    out = tiny_bert("The cat sat.")
    with pytest.raises(ValueError, match="layer 7 does not exist"):
        attnscope.figures.head(out, 7, 0)
    with pytest.raises(ValueError, match="outside the batch"):
        attnscope.figures.head(out, 0, 0, index=3)
    with pytest.raises(ValueError, match="unknown head pattern"):
        attnscope.analysis.detect(tiny_bert, ["a b"], patterns=["nope"])
    assert issubclass(attnscope.HubError, attnscope.Error)
    assert issubclass(attnscope.Error, RuntimeError)


def test_bf16_stays_near_fp32_and_says_so(tiny_bert):
    fast = attnscope.load(tiny_bert._core.dir, precision="bf16")
    assert (tiny_bert.precision, fast.precision) == ("fp32", "bf16")
    assert "precision='bf16'" in repr(fast)
    exact, rounded = tiny_bert("The cat sat on the mat."), fast("The cat sat on the mat.")
    worst = max(float(np.abs(a - b).max()) for a, b in zip(exact.attentions, rounded.attentions))
    assert 1e-5 < worst < 0.05
    svg = attnscope.figures.head(rounded, 0, 0).svg()
    assert "Computed with --precision bf16" in svg
    assert "Computed with --precision bf16" not in attnscope.figures.head(exact, 0, 0).svg()
    with pytest.raises(ValueError, match="precision must be 'fp32' or 'bf16', got 'fp16'"):
        attnscope.load(tiny_bert._core.dir, precision="fp16")


def test_an_id_not_in_an_offline_cache_is_a_hub_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(attnscope.HubError, match="HF_HUB_OFFLINE=1 forbids downloading"):
        attnscope.load("openai-community/gpt2")


def rss_kib():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_500_calls_keep_memory_flat(tiny_bert):
    text = "The cat sat on the mat and looked at the bird. " * 4
    for _ in range(50):  # warm-up: allocator pools, the GEMM kernel cache and fonts fill once
        attnscope.figures.head(tiny_bert(text), 0, 0).png()
    before = rss_kib()
    for _ in range(500):
        out = tiny_bert(text, output_hidden_states=True)
        out.attentions[0].sum()
        attnscope.figures.head(out, 0, 0).png()
    gc.collect()
    grown = rss_kib() - before
    assert grown < 8 * 1024, f"RSS grew {grown} KiB over 500 calls"


def test_import_changes_no_blas_threading_and_no_signal_handler():
    import signal
    import subprocess
    import sys
    probe = (
        "import signal, numpy, threadpoolctl\n"
        "def state():\n"
        "    info = {(i['internal_api'], i['filepath']): i['num_threads']\n"
        "            for i in threadpoolctl.threadpool_info()}\n"
        "    handlers = [signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)]\n"
        "    return info, handlers\n"
        "before_info, before_handlers = state()\n"
        "import attnscope, os\n"
        "model = attnscope.load(os.environ['TINY'])\n"
        "out = model('The cat sat on the mat.')\n"
        "attnscope.analysis.rollout(out)\n"
        "after_info, after_handlers = state()\n"
        "assert after_handlers == before_handlers, (before_handlers, after_handlers)\n"
        "for key, threads in before_info.items():\n"
        "    assert after_info[key] == threads, (key, threads, after_info[key])\n"
        "print('ok', len(before_info))\n")
    from conftest import FIXTURES
    env = dict(__import__("os").environ, TINY=str(FIXTURES / "models" / "tiny-bert"))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok ") and int(done.stdout.split()[1]) >= 1
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
