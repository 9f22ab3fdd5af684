"""Fixtures of the Python package's tests: the shared checkpoints and Hugging Face goldens."""
import json
import os
import pathlib
import struct

import numpy as np
import pytest

import attnscope

SHARED = pathlib.Path(os.environ.get("ATTNSCOPE_SHARED_DIR",
                                     pathlib.Path(__file__).parents[2] / ".." / "shared"))
FIXTURES = SHARED / "fixtures"
DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32}


def read_safetensors(path):
    """Every tensor of a safetensors file as a numpy array (the format is a JSON header)."""
    data = pathlib.Path(path).read_bytes()
    (header_size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_size])
    body = memoryview(data)[8 + header_size:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        tensors[name] = np.frombuffer(body[start:end], DTYPES[info["dtype"]]).reshape(info["shape"])
    return tensors


@pytest.fixture(scope="session")
def golden_tiny():
    return read_safetensors(FIXTURES / "golden" / "golden_tiny.safetensors")


@pytest.fixture(scope="session")
def tiny_entries():
    manifest = json.loads((FIXTURES / "golden" / "manifest.json").read_text(encoding="utf-8"))
    return manifest["entries"]["tiny"]


@pytest.fixture(scope="session")
def tiny_bert():
    return attnscope.load(FIXTURES / "models" / "tiny-bert")


@pytest.fixture(scope="session")
def tiny_gpt2():
    return attnscope.load(FIXTURES / "models" / "tiny-gpt2")


@pytest.fixture(scope="session")
def models(tiny_bert, tiny_gpt2):
    return {"bert": tiny_bert, "gpt2": tiny_gpt2}
