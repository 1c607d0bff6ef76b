"""Reference side of bench/nets/gemm_bound: GFLOP/s of torch.matmul (float32, one thread) and NumPy's dot (float64,
OpenBLAS, one thread) on the products of the nets benchmarks.

Usage: /usr/bin/python3 bench/nets/torch_gemm.py SHAPES_JSON
SHAPES_JSON: [[name, m, k, n, aT, bT, dtype], ...]. Prints JSON: {name: GFLOP/s}, and the thread counts.
"""
import json, sys, time
import numpy as np
import torch
from threadpoolctl import threadpool_limits

torch.set_num_threads(1)
shapes = json.loads(sys.argv[1])
out = {}
with threadpool_limits(limits=1):
    for name, m, k, n, aT, bT, dtype in shapes:
        if dtype == "f32":
            a = torch.rand(k, m) - 0.5 if aT else torch.rand(m, k) - 0.5
            b = torch.rand(n, k) - 0.5 if bT else torch.rand(k, n) - 0.5
            f = lambda: torch.matmul(a.t() if aT else a, b.t() if bT else b)
        else:
            a = np.random.rand(k, m) - 0.5 if aT else np.random.rand(m, k) - 0.5
            b = np.random.rand(n, k) - 0.5 if bT else np.random.rand(k, n) - 0.5
            f = lambda: np.dot(a.T if aT else a, b.T if bT else b)
        for _ in range(20):
            f()
        reps = max(20, int(2e8 / (m * k * n)))
        t0 = time.process_time()
        for _ in range(reps):
            f()
        s = time.process_time() - t0
        out[name] = 2 * m * k * n * reps / s / 1e9
print(json.dumps({"gflops": out, "torch_threads": torch.get_num_threads()}))
