"""A reference for lessons in the Step workspace, on the engine alone: the state of named
quantities for one sample, and the "show me" actions that only touch that workspace."""

from __future__ import annotations

from typing import Any

import numpy as np

from nnviz.engine import SGD, Network
from nnviz.engine.functions import get_activation
from nnviz.teach.lessons import Lesson
from nnviz.teach.lessons.actions import Action
from nnviz.teach.tiny_nets import textbook

STEP_VERBS = ("set", "step", "forward", "reset", "select")


class StepSim:
    """The sample shown, the network at its current weights and the lesson's counters."""

    def __init__(self, lesson: Lesson) -> None:
        self.lesson = lesson
        self.reset()

    def reset(self) -> None:
        p = self.lesson.preset
        self.output, self.loss_name, self.lr = p.output, p.loss, p.lr
        if p.dataset == "tiny-2-2-2":
            net, samples, _ = textbook()
            self.x, self.y = np.array(samples[0][0]), np.array(samples[0][1])
            self.params = [(L.W.copy(), L.b.copy()) for L in net.layers]
        else:
            assert p.dataset == "sample", p.dataset
            self.x, self.y = np.array(p.input), np.array(p.target)
            net = Network(p.layers, list(p.activations), p.output, p.loss, np.float64, p.seed)
            self.params = [(L.W.copy(), L.b.copy()) for L in net.layers]
            for k, W in p.weights.items():
                self.params[k][0][...] = W
            for k, b in p.biases.items():
                self.params[k][1][...] = b
        self.steps, self.answer, self.selected, self.forward_done = 0, None, "", False

    def _net(self) -> Network:
        p = self.lesson.preset
        net = Network(p.layers, list(p.activations), self.output, self.loss_name, np.float64)
        net.set_params(self.params)
        return net

    def state(self) -> dict[str, Any]:
        net = self._net()
        rec = net.train_step(self.x[None], self.y[None], SGD(lr=1.0))  # values before the update
        da_dz = []
        for T in rec.layers:
            out = np.empty_like(T.z)
            get_activation(T.activation).derivative(T.z, T.a, out)
            da_dz.append(out[0])
        grads = [T.dW for T in rec.layers]
        s: dict[str, Any] = {
            "loss": rec.loss,
            "output": rec.Y_hat[0],
            "x": self.x,
            "target": self.y,
            "predicted": int(np.argmax(rec.Y_hat[0])),
            "w": [W for W, _ in self.params],
            "b": [b for _, b in self.params],
            "z": [T.z[0] for T in rec.layers],
            "a": [T.a[0] for T in rec.layers],
            "da_dz": da_dz,
            "delta": [T.delta[0] for T in rec.layers],
            "grad_w": grads,
            "grad_b": [T.db for T in rec.layers],
            "max_abs_grad_w": max(float(np.abs(g).max()) for g in grads),
            "steps": self.steps,
            "lr": self.lr,
            "output_activation": self.output,
            "loss_function": self.loss_name,
            "selected_weight": self.selected,
            "forward_done": self.forward_done,
            "workspace": "step",
        }
        if self.selected:
            k, j, i = map(int, self.selected.split())
            s["selected_grad"] = grads[k][j, i]
        if self.answer is not None:
            s["answer"] = self.answer
        return s

    def run(self, action: Action) -> None:
        """Perform one "show me" action of the Step workspace."""
        if action.verb == "reset":
            self.reset()
        elif action.verb == "step":
            for _ in range(action.count or 1):
                net = self._net()
                net.train_step(self.x[None], self.y[None], SGD(lr=self.lr))
                self.params = [(L.W.copy(), L.b.copy()) for L in net.layers]
                self.steps += 1
        elif action.verb == "forward":
            self.forward_done = True
        elif action.verb == "select":
            self.selected = " ".join(map(str, action.index)) if action.unit == "weight" else ""
        elif action.verb == "set":
            assert action.target is not None and action.value is not None
            name, idx = action.target
            value = action.value.value(self.state())
            if name == "w":
                self.params[idx[0]][0][idx[1], idx[2]] = value
            elif name == "b":
                self.params[idx[0]][1][idx[1]] = value
            elif name == "answer":
                self.answer = value
            elif name == "output_activation":
                self.output = value
            elif name == "loss_function":
                self.loss_name = value
            elif name == "lr":
                self.lr = value
            else:
                raise AssertionError(f"the step reference cannot set {name}")
        else:
            raise AssertionError(f"not a Step workspace action: {action.source}")
