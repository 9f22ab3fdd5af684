#!/usr/bin/python3
"""attnscope's forward pass against PyTorch eager on the same shapes, in the same run.

  bench/compare_torch.py [--binary build/attnscope] [--scratch DIR] [--threads N]
                         [--models bert,gpt2] [--seq-lens 32,128,512] [--batches 1,16]
                         [--repeat R] [--rounds N] [--precision fp32|bf16]

Builds the full-size random checkpoints with scripts/make-checkpoints if they are missing,
then for every (model, T, batch) runs `attnscope bench` and ../shared/perf/torch_eager.py
(Debian's python3-torch) one after the other and prints tokens/s of both, their ratio, and
attnscope's GFLOP/s as a share of its GEMM backend's (oneDNN's) own rate on the forward pass's
weight products, measured in the same `attnscope bench` process. With --rounds N the two programs alternate N times and the best
tokens/s of each is kept, so a burst of other work on a shared machine does not decide the
ratio. --precision bf16 times attnscope's fast mode (PyTorch stays fp32) and adds two columns
from the same `attnscope bench` process: its speed-up over attnscope's fp32 forward, run
alternately on the same batch, and the largest attention-probability difference between them.
Run it with /usr/bin/python3 (the interpreter that has torch).
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("ATTNSCOPE_SHARED_DIR", os.path.join(ROOT, "..", "shared"))
CHECKPOINTS = {"bert": "bert-base-uncased-random", "gpt2": "gpt2-random"}


def last_json_line(text):
    return json.loads(text.strip().splitlines()[-1])


def best(kept, new):
    return new if kept is None or new["tokens_per_s"] > kept["tokens_per_s"] else kept


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "attnscope"))
    parser.add_argument("--scratch", default=os.environ.get(
        "ATTNSCOPE_TEST_SCRATCH", os.path.join(ROOT, "build", "test-scratch")))
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--models", default="bert,gpt2")
    parser.add_argument("--seq-lens", default="32,128,512")
    parser.add_argument("--batches", default="1,16")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--precision", choices=["fp32", "bf16"], default="fp32")
    args = parser.parse_args()

    if not os.access(args.binary, os.X_OK):
        sys.exit(f"error: {args.binary} not found; build it or pass --binary")
    subprocess.run([os.path.join(ROOT, "scripts", "make-checkpoints"), args.scratch], check=True)
    torch_script = os.path.join(SHARED, "perf", "torch_eager.py")

    core = os.environ.get("OPENBLAS_CORETYPE")
    print(f"OPENBLAS_CORETYPE={core or '(unset: OpenBLAS detects the CPU)'} (torch's BLAS; "
          f"attnscope's oneDNN picks its own kernels); load: {os.getloadavg()[0]:.2f}", flush=True)
    print(f"{'model':5} {'T':>4} {'B':>3} {'attnscope tok/s':>16} {'torch tok/s':>12} "
          f"{'ratio':>6} {'GFLOP/s':>8} {'GEMM':>7} {'% GEMM':>7} "
          + (f"{'×fp32':>6} {'max err':>8} " if args.precision == "bf16" else "") + "backend",
          flush=True)
    for kind in args.models.split(","):
        model_dir = os.path.join(args.scratch, CHECKPOINTS[kind])
        for T in map(int, args.seq_lens.split(",")):
            for B in map(int, args.batches.split(",")):
                ours = theirs = None
                for _ in range(args.rounds):
                    ours = best(ours, last_json_line(subprocess.run(
                        [args.binary, "bench", "--model", model_dir, "--seq-len", str(T),
                         "--batch", str(B), "--repeat", str(args.repeat),
                         "--threads", str(args.threads), "--precision", args.precision],
                        check=True, capture_output=True, text=True).stdout))
                    theirs = best(theirs, last_json_line(subprocess.run(
                        ["/usr/bin/python3", torch_script, kind, str(T), str(B),
                         str(args.threads), str(args.repeat)],
                        check=True, capture_output=True, text=True).stdout))
                ratio = ours["tokens_per_s"] / theirs["tokens_per_s"]
                print(f"{kind:5} {T:4} {B:3} {ours['tokens_per_s']:16.1f} "
                      f"{theirs['tokens_per_s']:12.1f} {ratio:6.2f} {ours['gflops']:8.1f} "
                      f"{ours['gemm_gflops']:7.1f} {100 * ours['fraction_of_gemm']:6.1f}% "
                      + (f"{ours['speedup_vs_fp32']:6.2f} {ours['max_attention_error_vs_fp32']:8.4f} "
                         if args.precision == "bf16" else "") +
                      f"{ours['gemm_backend']} {ours['gemm_isa']}",
                      flush=True)


if __name__ == "__main__":
    main()
