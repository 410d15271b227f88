"""The embedded NLU's costs: training time, parse latency (intent, language and every
entity) and the memory the loaded model takes. Run: ``python benchmarks/nlu.py``.

Latency is measured over every sentence of the six test sets (1,872), after a warm-up,
with no language hint (a first message); memory is the growth of the process's
resident set from before importing the NLU to after the model and lingua are loaded.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the test sets")
    args = parser.parse_args()
    before = _rss_mb()

    from bot.catalog.loading import load_catalog
    from bot.nlu import classifier, language
    from bot.nlu.catalog_facts import facts_from_file
    from bot.nlu.embedded import EmbeddedInterpreter
    from bot.nlu.interpreter import ParseContext
    from bot.nlu.training_data import read_training_data

    with tempfile.TemporaryDirectory() as cache:
        os.environ["SLOTCHAT_NLU_CACHE"] = cache
        started = time.perf_counter()
        examples = classifier.read_data().examples
        read = time.perf_counter() - started
        started = time.perf_counter()
        model = classifier.load_or_train()
        trained = time.perf_counter() - started
        started = time.perf_counter()
        model = classifier.load_or_train()  # from the cache, as every later start
        loaded = time.perf_counter() - started
    print(
        f"training: {len(examples)} examples, {len(model.intents.labels)} intents: "
        f"{trained:.1f} s (reading the data {read:.1f} s; {os.cpu_count()} cores); "
        f"loading the cached model {loaded:.2f} s"
    )

    interpreter = EmbeddedInterpreter(
        model, facts_from_file(load_catalog(ROOT / "bot/demo/catalog.yml"))
    )
    language.warm_up()
    print(f"resident memory of the loaded NLU: {_rss_mb() - before:.0f} MB")

    texts = [
        e.text
        for code in ("en", "lt", "pl", "sq", "de", "ru")
        for e in read_training_data(ROOT / "tests/nlu/data" / f"{code}.yml").examples
    ]
    context = ParseContext(
        language=None, timezone=ZoneInfo("Europe/Vilnius"), now=datetime.now(UTC)
    )
    for text in texts[:200]:
        interpreter.parse_now(text, context)
    timings: list[float] = []
    for _ in range(args.repeat):
        for text in texts:
            started = time.perf_counter()
            interpreter.parse_now(text, context)
            timings.append(time.perf_counter() - started)
    timings.sort()
    p50 = statistics.median(timings) * 1000
    p99 = timings[int(len(timings) * 0.99) - 1] * 1000
    print(
        f"parse latency over {len(timings)} parses: p50 {p50:.2f} ms, p99 {p99:.2f} ms, "
        f"max {timings[-1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
