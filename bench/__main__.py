"""Run the benchmarks: ``python -m bench`` runs every bench/bench_*.py; ``python -m bench
child_search`` runs only bench/bench_child_search.py. Each module has a ``run()``."""

import importlib
import sys
import time
from pathlib import Path

from bench import common


def main(argv: list[str]) -> int:
    available = sorted(path.stem.removeprefix("bench_") for path in Path(__file__).parent.glob("bench_*.py"))
    wanted = argv or available
    unknown = set(wanted) - set(available)
    if unknown:
        print(f"Unknown benchmark(s): {', '.join(sorted(unknown))}; available: {', '.join(available)}", file=sys.stderr)
        return 2
    common.setup()
    for name in wanted:
        print(f"== bench_{name}", file=sys.stderr)
        started = time.perf_counter()
        importlib.import_module(f"bench.bench_{name}").run()
        print(f"== bench_{name} finished in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
