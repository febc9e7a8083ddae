"""Setup codes, links and files: round trips, and hostile input gives one clear line."""

from __future__ import annotations

import base64
import json
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnviz.app.setups.code import (
    DATASETS,
    LINK_PREFIX,
    MAX_CODE,
    SHORT,
    Setup,
    SetupError,
    decode,
    encode,
    link,
    load_setup,
    parse_link,
    read_setup_file,
    write_setup_file,
)
from nnviz.app.setups.run import build_dataset, build_network, build_optimizer
from nnviz.data import PLANE_FEATURES, REGRESSION_DATASETS
from nnviz.engine import HIDDEN_ACTIVATIONS
from nnviz.engine.train import Minibatches


def pack(payload: bytes) -> str:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return "1." + base64.urlsafe_b64encode(c.compress(payload) + c.flush()).decode().rstrip("=")


def rejected(text) -> str:
    with pytest.raises(SetupError) as e:
        decode(text)
    msg = str(e.value)
    assert msg and "\n" not in msg and len(msg) < 200
    return msg


def accepts_or_rejects(text) -> None:
    """Anything gives a Setup or a one-line SetupError, nothing else."""
    try:
        assert isinstance(decode(text), Setup)
    except SetupError as e:
        assert "\n" not in str(e)


@st.composite
def setups(draw) -> Setup:
    dataset = draw(st.sampled_from([d for d in DATASETS if d != "mnist"]))
    depth = draw(st.integers(0, 4))
    regression = dataset in REGRESSION_DATASETS
    return Setup.for_dataset(
        dataset,
        n_samples=draw(st.integers(20, 5000)),
        noise=draw(st.floats(0, 1)),
        seed=draw(st.integers(0, 2**31 - 1)),
        train_fraction=draw(st.floats(0.1, 0.9)),
        features=tuple(draw(st.lists(st.sampled_from(PLANE_FEATURES), unique=True))),
        hidden=tuple(draw(st.lists(st.integers(1, 1024), min_size=depth, max_size=depth))),
        activations=tuple(
            draw(st.lists(st.sampled_from(HIDDEN_ACTIVATIONS), min_size=depth, max_size=depth))
        ),
        optimizer=draw(st.sampled_from(["sgd", "momentum", "adam"])),
        lr=draw(st.floats(1e-6, 10)),
        momentum=draw(st.floats(0, 0.999)),
        beta2=draw(st.floats(0, 0.99999)),
        l1=draw(st.floats(0, 10)),
        l2=draw(st.floats(0, 10)),
        batch_size=draw(st.integers(1, 4096)),
        init_seed=draw(st.none() | st.integers(0, 2**31 - 1)),
        **({} if regression else {"output": "softmax"}),
    )


@given(setups())
def test_round_trip(s):
    code = encode(s)
    assert len(code) < 400 and code.isascii() and all(c.isalnum() or c in "._-" for c in code)
    assert decode(code) == s
    assert parse_link(link(s)) == s


def test_default_code_is_short_and_pinned():
    assert encode(Setup()) == "1.q64FAA"  # pins the version-1 defaults
    lesson = Setup(features=("x1^2", "x2^2"), hidden=(), activations=())
    assert len(encode(lesson)) < 60


@given(st.text(max_size=300))
def test_random_text(text):
    accepts_or_rejects(text)


@given(st.binary(max_size=400))
def test_random_packed_bytes(data):
    accepts_or_rejects(pack(data))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=4), kids, max_size=4)
    ),
    max_leaves=20,
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from([*SHORT.values(), "x", "__class__"]), JSON, max_size=8))
def test_random_json_objects(d):
    accepts_or_rejects(pack(json.dumps(d).encode()))


@given(setups(), st.integers(0, 10_000), st.characters(codec="ascii"))
def test_mutated_codes(s, where, char):
    code = encode(s)
    i = where % len(code)
    accepts_or_rejects(code[:i] + char + code[i + 1 :])
    accepts_or_rejects(code[:i])


@pytest.mark.parametrize(
    "payload",
    [
        b"[" * 3000 + b"]" * 3000,  # deep nesting
        b'{"d": "circles", "d": "xor"}',  # repeated key
        b'{"z": NaN}',
        b'{"z": Infinity}',
        b'{"n": 1' + b"0" * 5000 + b"}",  # huge number
        b'{"n": true}',  # a bool is not a number
        b'{"r": 0}',
        b'{"h": [4, 2], "a": ["tanh"]}',
        b'{"f": ["x1^2", "x1^2"]}',
        b'{"f": "x1"}',
        b'{"d": "/etc/passwd"}',
        b'{"d": "plane"}',  # regression with softmax
        b'{"unknown": 1}',
        b"[1, 2]",
        b"\xff\xfe",
        b"{" + b" " * 100_000 + b"}",  # inflates past the limit
    ],
)
def test_hostile_payloads(payload):
    rejected(pack(payload))


@pytest.mark.parametrize(
    "code",
    [
        None,
        12,
        b"1.abc",
        "",
        "1.",
        "2.q64FAA",
        "x.q64FAA",
        "1.q64FAA!",
        "1.q64F",
        "1." + "A" * MAX_CODE,
    ],
)
def test_malformed_codes(code):
    rejected(code)


def test_links():
    s = Setup(noise=0.2)
    assert link(s).startswith(LINK_PREFIX)
    assert parse_link(link(s) + "/") == s
    assert parse_link("  " + encode(s)) == s
    for bad in ["http://setup/" + encode(s), "nnviz://model/" + encode(s), 3]:
        with pytest.raises(SetupError):
            parse_link(bad)


def test_file_round_trip_and_errors(tmp_path):
    s = Setup.for_dataset("multigauss", features=("x1", "x2", "sin(x1)"), l1=0.01, init_seed=3)
    path = tmp_path / "lesson.nnviz-setup"
    write_setup_file(path, s)
    assert read_setup_file(path) == s and load_setup(str(path)) == s
    assert json.loads(path.read_text())["setup"]["features"] == ["x1", "x2", "sin(x1)"]
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left
    doc = json.loads(path.read_text())
    for change in [{"version": True}, {"version": 2}, {"format": "x"}, {"extra": 1}]:
        path.write_text(json.dumps({**doc, **change}))
        with pytest.raises(SetupError, match=r"lesson\.nnviz-setup"):
            read_setup_file(path)
    path.write_text(json.dumps({**doc, "setup": {**doc["setup"], "lr": -1}}))
    with pytest.raises(SetupError, match="lr"):
        read_setup_file(path)
    path.write_bytes(b" " * 70_000)
    with pytest.raises(SetupError, match="too large"):
        read_setup_file(path)
    with pytest.raises(SetupError):
        read_setup_file(tmp_path / "missing.nnviz-setup")
    with pytest.raises(SetupError, match="cannot write"):
        write_setup_file(tmp_path / "no" / "dir.nnviz-setup", s)


def _train(s: Setup, steps: int, traced: bool) -> np.ndarray:
    ds = build_dataset(s)
    net = build_network(s, ds, dtype=np.float64)
    opt = build_optimizer(s)
    batches = Minibatches(ds.X_train, ds.y_train, s.batch_size, seed=s.seed)
    for _ in range(steps):
        X, y, _ = batches.next()
        if traced:
            net.train_step(X, y, opt)
        else:
            net.fit_batch(X, y, opt)
    return net.theta.copy()


@pytest.mark.parametrize(
    "setup",
    [
        Setup(features=("x1^2", "x2^2"), hidden=(), activations=(), l1=0.001, l2=0.01),
        Setup.for_dataset(
            "plane", hidden=(8,), activations=("relu",), optimizer="adam", lr=0.01, init_seed=7
        ),
        Setup(dataset="spirals", optimizer="momentum", train_fraction=0.3, noise=0.2, l2=0.003),
    ],
)
def test_round_trip_reproduces_training(setup):
    twin = decode(encode(setup))
    first = _train(setup, 50, traced=False)
    np.testing.assert_array_equal(first, _train(twin, 50, traced=True))
    assert not np.array_equal(first, _train(setup, 0, traced=False))
