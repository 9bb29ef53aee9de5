"""Benchmarks (`make bench`): speed and memory targets, each reported as a ratio against a
baseline measured in the same run, never as a timed test. One module per topic, each with main().

The helpers below are shared by the modules that time reference code on one BLAS thread.
"""
import importlib.util
import os
import subprocess
import sys
import time

from autograder.config.paths import SOLUTIONS

ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def load_reference(aid: str, filename: str):
    """A reference module of solutions/<aid>/ loaded by path, under a name of its own."""
    spec = importlib.util.spec_from_file_location(f"{aid}_{filename[:-3]}", SOLUTIONS / aid / filename)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_of(fn, repeat=5):
    """The fastest of `repeat` runs (after one warm-up), in seconds."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def on_one_thread(module_name: str):
    """Run `module_name.measure()` in a fresh process whose BLAS is fixed to one thread before NumPy
    starts (as in the grader's child), or right here when this process already is one."""
    if all(os.environ.get(k) == v for k, v in ONE_THREAD.items()):
        return importlib.import_module(module_name).measure()
    env = dict(os.environ, **ONE_THREAD)
    subprocess.run([sys.executable, "-c", f"import {module_name} as m; m.measure()"], env=env, check=True)
