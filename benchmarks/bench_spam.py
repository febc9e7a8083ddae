"""The spam filter: training time to 97 % test accuracy, and the cost of a keystroke.

    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_spam.py [--seeds 5]

Trains the default network (300-32-2, ReLU, softmax + cross-entropy, Adam lr 1e-3,
batch 32) on the shipped dataset for 10 epochs per seed and reports the test accuracy
after each epoch and the CPU seconds until it first reached 97 % (goal: well within
30 s). Then times what the "read a message" view does per keystroke on a short and a
long text: `bag_of_words` alone and `read_message` (bag, probability, gradient x input
contributions, highlight spans); goal: well under 10 ms for V = 300.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


from nnviz.analysis.words import read_message
from nnviz.data import bag_of_words, load_spam, load_spam_messages
from nnviz.engine import Adam, Network, fit

SHORT = "Subject: FREE money!!!\nClick here to claim your $1,000 prize now."


def train(seed: int, data: tuple) -> tuple[Network, list[float], float | None, float]:
    X_train, y_train, X_test, y_test, _ = data
    net = Network([300, 32, 2], activation="relu", output="softmax", loss="cross_entropy",
                  seed=seed)  # fmt: skip
    t0 = time.process_time()
    reached: list[float | None] = [None]

    def on_epoch(res) -> None:
        if reached[0] is None and res.val_acc >= 0.97:
            reached[0] = time.process_time() - t0

    hist = fit(net, Adam(lr=1e-3), X_train, y_train, epochs=10, batch_size=32,
               val_data=(X_test, y_test), seed=seed, on_epoch=on_epoch)  # fmt: skip
    return net, [e.val_acc for e in hist.epochs], reached[0], time.process_time() - t0


def per_call_ms(f, n: int = 200) -> float:
    f()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    t0 = time.perf_counter()
    data = load_spam()
    print(f"load_spam: {time.perf_counter() - t0:.2f} s, X_train {data[0].shape}")
    net = None
    for seed in range(args.seeds):
        net, accs, reached, total = train(seed, data)
        curve = " ".join(f"{100 * a:.1f}" for a in accs)
        at = "never" if reached is None else f"{reached:.2f} s CPU"
        print(f"seed {seed}: test % per epoch {curve}; >= 97 % after {at}; 10 epochs {total:.2f} s")
    assert net is not None
    vocabulary = data[4]
    long = "\n\n".join(m.text for m in load_spam_messages()[1][:20])
    for name, text in (("short", SHORT), (f"{len(long)} chars", long)):
        bag = per_call_ms(lambda t=text: bag_of_words(t, vocabulary))
        read = per_call_ms(lambda t=text: read_message(net, t, vocabulary))
        print(f"{name}: bag_of_words {bag:.3f} ms, read_message {read:.3f} ms (median)")
    print(f"one forward pass of the test set for reference: "
          f"{per_call_ms(lambda: net.forward(data[2]), 20):.3f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
