#!/usr/bin/python3
"""Start-up time and peak memory of `attnscope extract` on the full-size BERT checkpoint.

  bench/startup_memory.py [--binary build/attnscope] [--scratch DIR] [--repeat R]

Measures (1) the wall time of `extract` for a 12-token sentence with a warm page cache (median
of R runs after one warm-up; the weights are memory-mapped, so start-up should not grow with
the checkpoint), and (2) the peak resident memory of `extract` at T = 512 with every attention
captured, as a multiple of the checkpoint's size on disk.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SENTENCE = "The cat sat on the mat and looked up."  # 12 tokens with [CLS] and [SEP]


def run(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "attnscope"))
    parser.add_argument("--scratch", default=os.environ.get(
        "ATTNSCOPE_TEST_SCRATCH", os.path.join(ROOT, "build", "test-scratch")))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"error: {args.binary} not found; build it or pass --binary")
    subprocess.run([os.path.join(ROOT, "scripts", "make-checkpoints"), args.scratch], check=True)
    model = os.path.join(args.scratch, "bert-base-uncased-random")
    checkpoint_bytes = os.path.getsize(os.path.join(model, "model.safetensors"))

    with tempfile.TemporaryDirectory() as out:
        short = [args.binary, "extract", "--model", model, "--text", SENTENCE,
                 "-o", os.path.join(out, "short.safetensors")]
        run(short)  # warm the page cache
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run(short)
            times.append(time.perf_counter() - start)
        print(f"extract, 12 tokens, warm cache: median {statistics.median(times):.3f} s "
              f"(min {min(times):.3f}, max {max(times):.3f}; target < 0.5 s)")

        ids = ",".join(str(1000 + i % 20000) for i in range(512))
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        run([args.binary, "extract", "--model", model, "--ids", ids,
             "-o", os.path.join(out, "long.safetensors")])
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if peak_kib <= before:
            sys.exit("error: the T = 512 run did not raise the children's peak RSS; run it alone")
        ratio = peak_kib * 1024 / checkpoint_bytes
        print(f"extract, T = 512, all attentions: peak RSS {peak_kib / 1024:.0f} MiB = "
              f"{ratio:.2f}x the {checkpoint_bytes / 2**20:.0f} MiB checkpoint (target < 1.5x)")


if __name__ == "__main__":
    main()
