"""Conditions and "show me" actions: the grammar, evaluation on plain mappings, errors."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.teach.lessons.actions import parse_action
from nnviz.teach.lessons.conditions import (
    ConditionError,
    Missing,
    parse_condition,
    parse_expression,
)


@pytest.mark.parametrize(
    ("text", "state", "expected"),
    [
        ("loss < 0.1", {"loss": 0.05}, True),
        ("loss < 0.1", {"loss": 0.1}, False),
        ("loss <= 0.1", {"loss": 0.1}, True),
        ("steps > 10", {"steps": 11}, True),
        ("steps >= 10", {"steps": 9}, False),
        ("predicted == 3", {"predicted": np.int64(3)}, True),
        ("predicted != 3", {"predicted": 3}, False),
        ("predicted ≠ 3", {"predicted": 4}, True),
        ("lr ≤ 0.01", {"lr": 0.01}, True),
        ("test_accuracy >= 95%", {"test_accuracy": 0.95}, True),
        ("test_accuracy >= 95%", {"test_accuracy": 0.949}, False),
        ("output[0] within 0.01 of 0.5", {"output": np.array([0.509, 0.491])}, True),
        ("output[0] within 0.01 of 0.5", {"output": [0.52]}, False),
        ("output[1] within 0.01 of 0.5", {"output": [0.5]}, False),  # index out of range
        ("output[0] within 0.01 of 0.5", {"output[0]": 0.495}, True),  # the exact key
        ("w[1][0][1] > 0.4", {"w": [np.zeros((2, 2)), np.array([[0.4, 0.45]])]}, True),
        ("w[1][0][1] > 0.4", {"w[1][0][1]": 0.3}, False),
        ('dataset == "Spirals"', {"dataset": "spirals"}, True),
        ("dataset == 'xor'", {"dataset": "spirals"}, False),
        ('activation != "tanh"', {"activation": "relu"}, True),
        ("diverged", {"diverged": True}, True),
        ("diverged == true", {"diverged": np.bool_(True)}, True),
        ("not diverged", {"diverged": False}, True),
        ("diverged == false", {"diverged": True}, False),
        ("loss < 0.1 and steps >= 10", {"loss": 0.05, "steps": 9}, False),
        ("loss < 0.1 or steps >= 10", {"loss": 0.5, "steps": 10}, True),
        ("loss < 0.1 or steps >= 10", {"steps": 10}, True),  # a missing side of 'or'
        ("loss < 0.1 and steps >= 10", {"steps": 10}, False),
        ("steps > 1 or loss < 1 and lr > 1", {"steps": 2, "loss": 5, "lr": 0}, True),
        ("(steps > 1 or loss < 1) and lr > 1", {"steps": 2, "loss": 5, "lr": 0}, False),
        ("answer == predicted", {"answer": " 7 ", "predicted": 7}, True),
        ("answer == predicted", {"answer": "seven", "predicted": 7}, False),
        (
            "answer within 0.001 of w[0][0][0] - lr * grad_w[0][0][0]",
            {"answer": "0.38", "w": [[[0.2]]], "lr": 0.1, "grad_w": [[[-1.8]]]},
            True,
        ),
        (
            "abs(selected_grad) >= max_abs_grad_w",
            {"selected_grad": -0.3, "max_abs_grad_w": 0.3},
            True,
        ),
        ("loss * 2 + 1 == 3", {"loss": 1}, True),
        ("-loss < -1", {"loss": 2}, True),
        ("1 - 2 - 3 == -4", {}, True),  # left-associative
        ("8 / 2 / 2 == 2", {}, True),
        ("loss / 0 > 1", {"loss": 1}, False),  # division by zero: not done
        ("loss < 1", {"loss": "not a number"}, False),
        ("loss < 1", {"loss": None}, False),
        ("loss < 1", {"loss": [1, 2]}, False),
        ("loss < 1", {"loss": float("nan")}, False),
        ("loss != 1", {"loss": float("nan")}, True),
        ("1e-3 < lr", {"lr": 0.01}, True),
    ],
)
def test_condition_evaluates(text, state, expected):
    assert parse_condition(text).check(state) is expected


@pytest.mark.parametrize(
    ("text", "col", "fragment"),
    [
        ("loss <", 7, "expected a value"),
        ("loss + 1", 1, "must compare"),
        ("loss", 1, "must compare"),
        ("foo < 1", 1, "unknown quantity 'foo'"),
        ("accuracy > 0.9", 1, "did you mean test_accuracy?"),
        ("w[0][1] > 0", 1, "needs 3 index"),
        ("output[-1] > 0", 8, "index"),
        ("output[0.5] > 0", 8, "index"),
        ('dataset < "a"', 9, "compares numbers"),
        ('loss == "low"', 6, "cannot compare"),
        ("loss < 1 and 2", 1, "joins conditions"),
        ("loss within 0.1 0.5", 17, "'of'"),
        ("(loss < 1", 10, "')'"),
        ("loss < 1)", 9, "unexpected ')'"),
        ("loss < 1 $", 10, "unexpected character"),
        ("loss < 1e999", 8, "too large"),
        ("not loss", 1, "applies to a condition"),
        ("", 1, "expected a value"),
        ("(" * 60 + "loss < 1" + ")" * 60, 41, "nested too deeply"),
        ("loss < " + "1 + " * 200 + "1", 1, "longer than"),
    ],
)
def test_malformed_conditions(text, col, fragment):
    with pytest.raises(
        ConditionError, match=fragment.replace("(", r"\(").replace(")", r"\)")
    ) as err:
        parse_condition(text)
    assert err.value.col == col
    assert isinstance(err.value, ValueError)


def test_expression_values_and_quantities():
    e = parse_expression("w[0][0][0] - lr * grad_w[0][0][0]")
    assert e.quantities == {"w", "lr", "grad_w"} and e.kind == "number"
    assert e.value({"w": [[[0.2]]], "lr": 0.1, "grad_w": [[[-1.8]]]}) == pytest.approx(0.38)
    assert parse_expression('"tanh"').value({}) == "tanh"
    assert parse_condition("answer == predicted").quantities == {"answer", "predicted"}
    with pytest.raises(Missing):
        e.value({"w": [[[0.2]]], "lr": 0.1})
    with pytest.raises(Missing):
        parse_expression("lr / 0").value({"lr": 1})


def test_actions():
    a = parse_action("set w[1][0][1] = 0.4 + 0.05")
    assert a.verb == "set" and a.target == ("w", (1, 0, 1)) and a.value is not None
    assert a.value.text == "0.4 + 0.05" and a.value.value({}) == pytest.approx(0.45)
    assert parse_action('set layers = "2-16-2"').value.value({}) == "2-16-2"
    assert parse_action("set answer = top_spam_word").value.quantities == {"top_spam_word"}
    assert parse_action("step").count == 1 and parse_action("step 5").count == 5
    t = parse_action("train steps = 200")
    assert (t.verb, t.count, t.unit, t.until) == ("train", 200, "steps", None)
    assert parse_action("train epochs = 3").unit == "epochs"
    u = parse_action("train until test_accuracy >= 0.95 and steps > 1 limit 5000")
    assert u.until is not None and u.until.text == "test_accuracy >= 0.95 and steps > 1"
    assert u.count == 5000 and u.until.check({"test_accuracy": 0.96, "steps": 9})
    assert parse_action("train until loss < 0.1").count is None
    s = parse_action("select weight 0 1 0")
    assert (s.unit, s.index) == ("weight", (0, 1, 0))
    assert parse_action("select neuron 1 0").index == (1, 0)
    assert parse_action("select input 1").index == (1,)
    assert parse_action("select none").index == ()
    assert parse_action('write message "Win a FREE prize"').text == "Win a FREE prize"
    assert parse_action("write spam message").text is None
    for verb in ("forward", "reset", "teach"):
        assert parse_action(verb).verb == verb
    assert parse_action("draw mistake").unit == "mistake"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("jump", "expected set or step"),
        ("set loss = 1", "cannot be set"),
        ('set lr = "fast"', "takes a number"),
        ("set activation = 3", "takes a string"),
        ("set lr 0.1", "'='"),
        ("set foo = 1", "unknown quantity"),
        ("step 0", "whole number"),
        ("step 2.5", "whole number"),
        ("train steps = -3", "whole number"),
        ("train forever", "expected steps or epochs or until"),
        ("train until loss", "needs a condition"),
        ("train until loss < 1 limit", "whole number"),
        ("select weight 0 1", "index"),
        ("select weight 0 1 0 2", "unexpected"),
        ("write message hello", "quoted message"),
        ("draw 7", "expected mistake"),
        ("reset now", "unexpected"),
    ],
)
def test_malformed_actions(text, fragment):
    with pytest.raises(ConditionError, match=fragment):
        parse_action(text)
