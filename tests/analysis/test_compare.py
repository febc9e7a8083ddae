"""Comparing two moments: B - A per layer, the weights and neurons that moved most."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz import Network
from nnviz.analysis.compare import compare


def test_delta_and_top_changes():
    net = Network([3, 4, 2], seed=0)
    A = net.params()
    net.layers[0].W[2, 1] += 5.0  # the biggest single change
    net.layers[1].b[0] -= 3.0
    net.layers[0].W[3, :] += 1.0  # unit 3 of layer 0: norm sqrt(3)
    B = net.params()
    c = compare(A, B, top=3)
    for (dW, db), (Wa, ba), (Wb, bb) in zip(c.delta, A, B, strict=True):
        np.testing.assert_array_equal(dW, Wb - Wa)
        np.testing.assert_array_equal(db, bb - ba)
    first, second, third = c.top_weights
    assert (first.layer, first.j, first.i) == (0, 2, 1)
    assert first.delta == pytest.approx(5.0) and first.before == A[0][0][2, 1]
    assert (second.layer, second.j, second.i) == (1, 0, None)
    assert second.delta == pytest.approx(-3.0)
    assert third.layer == 0 and third.j == 3 and third.delta == pytest.approx(1.0)
    assert [(n.layer, n.j) for n in c.top_neurons] == [(0, 2), (1, 0), (0, 3)]
    assert c.top_neurons[2].norm == pytest.approx(np.sqrt(3.0))
    assert c.max_abs == pytest.approx(5.0)


def test_identical_moments_and_small_networks():
    net = Network([1, 1], seed=0)
    c = compare(net.params(), net.params(), top=10)
    assert len(c.top_weights) == 2 and c.max_abs == 0.0
    assert all(w.delta == 0 for w in c.top_weights)


def test_different_architectures_are_refused():
    with pytest.raises(ValueError, match="architectures"):
        compare(Network([2, 3]).params(), Network([2, 4]).params())
