"""The loss and update frames show data loss + penalty and the penalty's gradient term."""

import numpy as np

from nnviz.engine import SGD, Network
from nnviz.teach.frames import Frame, explain


def _step(l1: float = 0.01, l2: float = 0.1):
    net = Network([2, 3, 1], "tanh", "linear", "mse", dtype=np.float64, seed=0, l1=l1, l2=l2)
    return net.train_step(np.array([[0.5, -1.0]]), np.array([[0.3]]), SGD(lr=0.1))


def test_loss_frame_shows_data_loss_plus_penalty():
    st = _step()
    text = explain(st, Frame("loss", None), digits=6)
    assert "loss = data loss + penalty" in text and "0.01*sum|W|" in text
    assert f"{st.penalty:.6g}"[:5] in text
    plain = explain(_step(0.0, 0.0), Frame("loss", None))
    assert "penalty" not in plain


def test_update_frame_shows_the_penalty_gradient():
    st = _step()
    text = explain(st, Frame("update", None), weight=(0, 1), layer=0, digits=10)
    W = st.params_before[0][0][0, 1]
    pen = 0.01 * np.sign(W) + 0.1 * W
    assert np.isclose(st.layers[0].dW_penalty[0, 1], pen)
    assert "data gradient + (l1*sign(w) + l2*w)" in text
    assert f"{abs(pen):.10g}"[:7] in text
