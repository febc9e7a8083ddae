"""Confusion matrix, per-class metrics, mistakes and the one-sample step."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import numpy as np
import pytest

from nnviz.analysis.evaluate import (
    class_metrics,
    confusion_matrix,
    evaluate_network,
    matrix_csv,
    mistakes,
)
from nnviz.engine import Adam, Network


def reference(y_true: np.ndarray, y_pred: np.ndarray, k: int) -> dict[str, np.ndarray]:
    """The metrics computed independently: np.add.at over (true, pred) pairs, plain loops."""
    C = np.zeros((k, k), dtype=np.int64)
    np.add.at(C, (y_true, y_pred), 1)
    recall = np.array(
        [np.mean(y_pred[y_true == c] == c) if np.any(y_true == c) else np.nan for c in range(k)]
    )
    precision = np.array(
        [np.mean(y_true[y_pred == c] == c) if np.any(y_pred == c) else np.nan for c in range(k)]
    )
    return {"C": C, "recall": recall, "precision": precision}


def check_against_reference(net: Network, X: np.ndarray, y: np.ndarray) -> None:
    ev = evaluate_network(net, X, y, batch=1000)
    probs = net.forward(X)
    y_pred = np.argmax(probs, axis=1)
    ref = reference(y, y_pred, net.sizes[-1])
    C = confusion_matrix(y, y_pred, net.sizes[-1])
    assert C.dtype == np.int64 and C.shape == (net.sizes[-1],) * 2
    np.testing.assert_array_equal(C, ref["C"])
    np.testing.assert_array_equal(ev.matrix, ref["C"])
    np.testing.assert_array_equal(ev.y_pred, y_pred)
    np.testing.assert_allclose(ev.recall, ref["recall"], equal_nan=True)
    np.testing.assert_allclose(ev.precision, ref["precision"], equal_nan=True)
    assert ev.accuracy == pytest.approx(np.mean(y_pred == y))
    assert ev.loss == pytest.approx(net.loss(X, y), rel=1e-5)
    rows = ref["C"].sum(axis=1, keepdims=True)
    np.testing.assert_allclose(ev.percent, 100 * ref["C"] / np.maximum(rows, 1))
    np.testing.assert_allclose(ev.confidence, probs.max(axis=1), rtol=1e-6)


def toy_net(seed: int = 0) -> tuple[Network, np.ndarray, np.ndarray]:
    X, y = _toy(seed)
    net = Network([2, 8, 3], activation="tanh", dtype=np.float64, seed=seed)
    opt = Adam(0.03)
    for _ in range(60):
        net.fit_batch(X, y, opt)
    return net, X, y


def _toy(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centers = np.array([[0.0, 1.0], [1.0, -0.5], [-1.0, -0.5]])
    y = rng.integers(0, 3, 300)
    X = centers[y] + rng.normal(scale=0.6, size=(300, 2))
    return X, y


def test_confusion_matrix_small() -> None:
    C = confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)
    np.testing.assert_array_equal(C, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert C.dtype == np.int64


def test_confusion_matrix_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match=r"lie in 0\.\.1"):
        confusion_matrix([0, 2], [0, 1], 2)
    with pytest.raises(ValueError, match="predictions"):
        confusion_matrix([0, 1], [0], 2)


def test_metrics_match_reference_on_toy_data() -> None:
    net, X, y = toy_net()
    check_against_reference(net, X, y)


def test_metrics_match_reference_on_mnist(mnist_test) -> None:
    X, y = mnist_test
    net = Network([784, 32, 10], activation="relu", seed=0)
    opt = Adam(1e-3)
    for s in range(0, 3000, 100):
        net.fit_batch(X[s : s + 100], y[s : s + 100], opt)
    check_against_reference(net, X, y)
    ev = evaluate_network(net, X, y)
    assert 0.5 < ev.accuracy < 1.0 and ev.matrix.sum() == len(X)


def test_empty_set() -> None:
    net, X, _ = toy_net()
    ev = evaluate_network(net, X[:0], np.zeros(0, np.int64))
    assert ev.n == 0 and np.isnan(ev.accuracy) and ev.matrix.sum() == 0
    assert np.all(np.isnan(ev.recall)) and len(mistakes(ev, 0, 1)) == 0


def test_missing_classes_give_nan() -> None:
    net, X, y = toy_net()
    keep = y != 2
    ev = evaluate_network(net, X[keep], y[keep])
    assert np.isnan(ev.recall[2]) and np.isnan(ev.class_loss[2])
    assert np.all(np.isnan(ev.percent[2]))


def test_one_hot_targets_and_one_sigmoid_output() -> None:
    net, X, y = toy_net()
    a = evaluate_network(net, X, y)
    b = evaluate_network(net, X, np.eye(3)[y])
    c = evaluate_network(net, X, y.astype(np.float64))  # float labels read as labels
    np.testing.assert_array_equal(a.matrix, b.matrix)
    np.testing.assert_array_equal(a.matrix, c.matrix)
    np.testing.assert_allclose(a.losses, b.losses)
    rng = np.random.default_rng(1)
    Xb = rng.normal(size=(50, 2))
    yb = (Xb[:, 0] > 0).astype(np.float64)  # one output unit: float targets
    net1 = Network([2, 4, 1], activation="tanh", output="sigmoid", loss="mse", seed=0)
    ev = evaluate_network(net1, Xb, yb)
    p = net1.forward(Xb)[:, 0]
    assert ev.n_classes == 2
    np.testing.assert_array_equal(ev.y_true, yb.astype(int))
    np.testing.assert_array_equal(ev.y_pred, (p > 0.5).astype(int))
    np.testing.assert_allclose(ev.confidence, np.maximum(p, 1 - p), rtol=1e-6)


def test_class_loss_and_accuracy_of_a_batch() -> None:
    net, X, y = toy_net()
    loss_k, acc_k = class_metrics(net, X, y)
    per = evaluate_network(net, X, y).losses
    for k in range(3):
        assert loss_k[k] == pytest.approx(net.loss(X[y == k], y[y == k]))
        assert loss_k[k] == pytest.approx(per[y == k].mean())
        assert acc_k[k] == pytest.approx(np.mean(net.predict(X[y == k]) == k))


def test_mistakes_sorted_by_confidence() -> None:
    net, X, y = toy_net(seed=3)
    ev = evaluate_network(net, X, y)
    C = ev.matrix
    t, p = np.unravel_index(np.argmax(C - np.diag(np.diag(C))), C.shape)
    assert C[t, p] > 1
    idx = mistakes(ev, int(t), int(p))
    assert len(idx) == C[t, p]
    assert np.all(y[idx] == t) and np.all(ev.y_pred[idx] == p)
    conf = net.forward(X[idx])[:, p]
    assert np.all(np.diff(conf) <= 0)
    assert len(mistakes(ev, 0, 0)) == C[0, 0]


def test_matrix_csv_has_names_on_both_axes() -> None:
    net, X, y = toy_net()
    ev = evaluate_network(net, X, y, classes=["a", "b", "c,d"])
    rows = list(csv.reader(io.StringIO(matrix_csv(ev))))
    assert rows[0] == ["true \\ predicted", "a", "b", "c,d"]
    assert [r[0] for r in rows[1:]] == ["a", "b", "c,d"]
    np.testing.assert_array_equal(np.array([r[1:] for r in rows[1:]], dtype=int), ev.matrix)
    pct = list(csv.reader(io.StringIO(matrix_csv(ev, percent=True))))
    assert float(pct[1][1]) == pytest.approx(ev.percent[0, 0], abs=0.05)
    with pytest.raises(ValueError, match="class names"):
        evaluate_network(net, X, y, classes=["a"])


@pytest.fixture(scope="module")
def mnist_test() -> tuple[np.ndarray, np.ndarray]:
    folder = os.environ.get("NNVIZ_DATA_DIR")
    if not folder or not (Path(folder) / "t10k-images-idx3-ubyte.gz").is_file():
        pytest.skip("MNIST not found: set NNVIZ_DATA_DIR to the folder of the IDX files")
    from nnviz.data import load_mnist

    _, _, X, y = load_mnist(folder)
    return X, y
