#!/usr/bin/python3
"""The Python package's Model(text) on full-size BERT against PyTorch eager, in the same run, and
the binding's own cost per call.

  bench/compare_python.py [--scratch DIR] [--threads N] [--seq-len 128] [--calls 30] [--rounds 3]

Builds the full-size random checkpoint with scripts/make-checkpoints if it is missing, loads it
with attnscope.load, and times `model(text)` on a text of exactly --seq-len tokens, from Python,
as a notebook calls it: tokenization, the forward pass, the output's numpy arrays. Each call's
C++ forward pass is timed inside the binding (Output._result.forward_seconds); the rest of the
call is the binding's overhead. ../shared/perf/torch_eager.py runs the same shapes (batch 1)
between the rounds; the best of each side is kept. Run it with /usr/bin/python3 (it has torch)
and PYTHONPATH=build/python.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import attnscope

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("ATTNSCOPE_SHARED_DIR", os.path.join(ROOT, "..", "shared"))


def text_of_length(model, tokens):
    """A sentence-like text that tokenizes to exactly `tokens` ids, [CLS] and [SEP] included."""
    words = ("the cat sat on the mat and looked at the bird while a dog slept by the door").split()
    count = tokens
    while True:
        text = " ".join(words[i % len(words)] for i in range(count))
        length = len(model.tokenize(text).ids)
        if length == tokens:
            return text
        count += tokens - length


def time_calls(model, text, calls):
    """Per call: (wall seconds seen from Python, seconds of the C++ forward pass)."""
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        out = model(text)
        attentions = out.attentions  # what the notebook reads; part of the call's cost
        wall = time.perf_counter() - start
        assert attentions[0].shape[-1] == len(out.tokens[0])
        samples.append((wall, out._result.forward_seconds))
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scratch", default=os.environ.get(
        "ATTNSCOPE_TEST_SCRATCH", os.path.join(ROOT, "build", "test-scratch")))
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--seq-len", type=int, default=128)
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    subprocess.run([os.path.join(ROOT, "scripts", "make-checkpoints"), args.scratch], check=True)
    model = attnscope.load(os.path.join(args.scratch, "bert-base-uncased-random"),
                           threads=args.threads)
    text = text_of_length(model, args.seq_len)
    model(text)  # first call: pages in the weights, sizes the work buffers
    torch_script = os.path.join(SHARED, "perf", "torch_eager.py")

    best_wall = best_forward = best_torch = None
    overheads = []
    for _ in range(args.rounds):
        samples = time_calls(model, text, args.calls)
        wall = statistics.median(s[0] for s in samples)
        forward = statistics.median(s[1] for s in samples)
        overheads += [(w - f) / f for w, f in samples]
        best_wall = wall if best_wall is None else min(best_wall, wall)
        best_forward = forward if best_forward is None else min(best_forward, forward)
        torch = json.loads(subprocess.run(
            [sys.executable, torch_script, "bert", str(args.seq_len), "1", str(args.threads),
             str(args.calls)], check=True, capture_output=True, text=True).stdout.splitlines()[-1])
        best_torch = torch["s_per_batch"] if best_torch is None else min(best_torch, torch["s_per_batch"])

    print(f"full-size BERT, T = {args.seq_len}, batch 1, {args.threads} threads, "
          f"{args.rounds} rounds of {args.calls} calls (medians; best round)")
    print(f"  attnscope Model(text) from Python  {1e3 * best_wall:8.2f} ms")
    print(f"  of which the C++ forward pass      {1e3 * best_forward:8.2f} ms")
    print(f"  PyTorch eager forward (torch_eager) {1e3 * best_torch:7.2f} ms")
    print(f"  speed-up over PyTorch eager         {best_torch / best_wall:7.2f}x")
    print(f"  binding overhead per call: median {100 * statistics.median(overheads):.2f}%, "
          f"90th percentile {100 * statistics.quantiles(overheads, n=10)[-1]:.2f}%")


if __name__ == "__main__":
    main()
