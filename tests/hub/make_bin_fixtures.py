#!/usr/bin/python3
"""Writes the pytorch_model.bin test data for tests/hub into OUT_DIR (run with Debian's python3,
which has python3-torch):

  tiny-bert-bin/, tiny-gpt2-bin/   the tiny fixture models with their weights re-saved by
                                   torch.save(state_dict) from their model.safetensors
  tiny-gpt2-bin-sharded/           the same split into two shards with a
                                   pytorch_model.bin.index.json, as save_pretrained writes them
  strided.bin                      views that are not contiguous, and non-float dtypes
  tiny-bert-legacy.bin, strided-legacy.bin
                                   the same in the legacy (before PyTorch 1.6) format
  malicious_system.bin             a pickle that would call os.system("touch MARKER")
  malicious_eval.bin               a pickle that would call builtins.eval(...)

usage: make_bin_fixtures.py FIXTURES_MODELS_DIR OUT_DIR MARKER_PATH
The folder appears whole (written under a temporary name, then renamed) so that concurrent
test processes never see half of it.
"""
import collections
import json
import os
import shutil
import struct
import sys
import tempfile

import numpy as np
import torch

SAFETENSORS_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def read_safetensors(path):
    """The state dict of a safetensors file (the safetensors package is not in Debian)."""
    with open(path, "rb") as f:
        header_size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(header_size))
        data = f.read()
    state = collections.OrderedDict()
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=SAFETENSORS_DTYPES[entry["dtype"]])
        state[name] = torch.from_numpy(array.reshape(entry["shape"]).copy())
    # model.state_dict() carries this attribute; torch.save pickles it with BUILD.
    state._metadata = collections.OrderedDict({"": {"version": 1}})
    return state


def save_legacy(state, path):
    torch.save(state, path, _use_new_zipfile_serialization=False)


def copy_model_without_weights(models_dir, name, target):
    """Creates target with every file of the fixture model but its model.safetensors, and
    returns that file's state dict."""
    source = os.path.join(models_dir, name)
    os.makedirs(target)
    for file in os.listdir(source):
        if file != "model.safetensors":
            shutil.copyfile(os.path.join(source, file), os.path.join(target, file))
    return read_safetensors(os.path.join(source, "model.safetensors"))


def write_model(models_dir, name, out_dir):
    target = os.path.join(out_dir, name + "-bin")
    state = copy_model_without_weights(models_dir, name, target)
    torch.save(state, os.path.join(target, "pytorch_model.bin"))


def write_sharded_model(models_dir, name, out_dir):
    target = os.path.join(out_dir, name + "-bin-sharded")
    state = copy_model_without_weights(models_dir, name, target)
    names = list(state)
    halves = [names[: len(names) // 2], names[len(names) // 2:]]
    weight_map = {}
    for i, half in enumerate(halves):
        shard = "pytorch_model-%05d-of-%05d.bin" % (i + 1, len(halves))
        torch.save(collections.OrderedDict((n, state[n]) for n in half),
                   os.path.join(target, shard))
        weight_map.update({n: shard for n in half})
    with open(os.path.join(target, "pytorch_model.bin.index.json"), "w") as f:
        json.dump({"metadata": {}, "weight_map": weight_map}, f)


class CallsSystem:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, ("touch " + self.marker,))


class CallsEval:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (eval, ("open(%r, 'w').close()" % self.marker,))


def main():
    models_dir, out_dir, marker = sys.argv[1:4]
    if os.path.isdir(out_dir):
        return
    parent = os.path.dirname(os.path.abspath(out_dir))
    os.makedirs(parent, exist_ok=True)
    temp = tempfile.mkdtemp(prefix=".bin-fixtures.", dir=parent)
    os.chmod(temp, 0o755)
    for name in ("tiny-bert", "tiny-gpt2"):
        write_model(models_dir, name, temp)
    write_sharded_model(models_dir, "tiny-gpt2", temp)
    save_legacy(read_safetensors(os.path.join(models_dir, "tiny-bert", "model.safetensors")),
                os.path.join(temp, "tiny-bert-legacy.bin"))

    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    strided = collections.OrderedDict([
        ("transposed", base.t()),                  # [4, 3], strides (1, 4)
        ("sliced", base[1:, ::2]),                 # [2, 2], offset 4, strides (4, 2)
        ("shared", base),                          # the same storage as the views
        ("ids", torch.arange(5, dtype=torch.int64) - 2),
        ("half", torch.tensor([1.5, -2.0, 65504.0], dtype=torch.float16)),
        ("scalar", torch.tensor(7.25)),
    ])
    torch.save(strided, os.path.join(temp, "strided.bin"))
    save_legacy(strided, os.path.join(temp, "strided-legacy.bin"))

    weights = torch.zeros(2)
    torch.save({"weight": weights, "payload": CallsSystem(marker)},
               os.path.join(temp, "malicious_system.bin"))
    torch.save({"weight": weights, "payload": CallsEval(marker)},
               os.path.join(temp, "malicious_eval.bin"))
    try:
        os.rename(temp, out_dir)
    except OSError:  # another process finished first
        shutil.rmtree(temp)


if __name__ == "__main__":
    main()
