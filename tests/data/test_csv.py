"""User CSV files and the Standardizer."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.data import DataFileError, Standardizer, load_csv


def write(tmp_path, text: str | bytes, name: str = "data.csv"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_header_and_text_labels(tmp_path):
    path = write(tmp_path, "x1, x2 ,x3,species\n1,2,3,cat\n\n# note\n4,5.5,-6e-1,dog\n7,8,9,cat\n")
    X, y, names = load_csv(path)
    assert X.dtype == np.float64 and np.allclose(X, [[1, 2, 3], [4, 5.5, -0.6], [7, 8, 9]])
    assert names == ["cat", "dog"] and np.array_equal(y, [0, 1, 0]) and y.dtype == np.int64


def test_no_header_numeric_labels(tmp_path):
    X, y, names = load_csv(write(tmp_path, "0.5,10\n1.5,2\n2.5,10\n3.5,2.0\n"))
    assert X.shape == (4, 1)
    assert names == ["2", "10"] and np.array_equal(y, [1, 0, 1, 0])


@pytest.mark.parametrize("sep", [";", "\t", "  "])
def test_other_delimiters(tmp_path, sep):
    text = "\n".join(sep.join(r) for r in [["a", "b", "c"], ["1", "2", "x"], ["3", "4", "y"]])
    X, _, names = load_csv(write(tmp_path, text))
    assert np.array_equal(X, [[1, 2], [3, 4]]) and names == ["x", "y"]


def test_utf8_bom_and_latin1(tmp_path):
    X, _, names = load_csv(write(tmp_path, "\ufeffa,label\n1,été\n2,hiver\n".encode()))
    assert names == ["hiver", "été"] and X.shape == (2, 1)
    _, _, names = load_csv(write(tmp_path, "a,label\n1,\xe9t\xe9\n2,b\n".encode("latin-1")))
    assert names == ["b", "été"]


@pytest.mark.parametrize(
    "text, words",
    [
        ("x,y,label\n1,2,a\n3,,b\n", "line 3, column 2 ('y'): missing value"),
        ("1,2,a\n3,NA,b\n", "line 2, column 2: missing value"),
        ("x,y,label\n1,2,a\n3,4,\n", "line 3, column 3 ('label'): missing value"),
        ("x,y,label\n1,2,a\n\n3,four,b\n", "line 4, column 2 ('y'): 'four' is not a number"),
        ("1,2,a\n3,inf,b\n", "line 2, column 2: 'inf' is not a number"),
        ("x,y,label\n1,2,a\n3,4,5,b\n", "line 3: expected 3 columns, found 4"),
        ("x,y,label\n1,2,a\n3,b\n", "line 3: expected 3 columns, found 2"),
        ("x,y,label\n1,2,a\n3,4,a\n", "every row has the label 'a'; need at least two classes"),
        ("", "empty file"),
        ("\n  \n# only a comment\n", "empty file"),
        ("x,y,label\n", "only a header"),
        ("justone\n1\n", "line 1: need at least one feature column"),
        (b"1,2,a\n3,4,b\n\x89PNG\x00\x00", "line 3: binary data"),
    ],
)
def test_bad_files(tmp_path, text, words):
    with pytest.raises(DataFileError) as err:
        load_csv(write(tmp_path, text, "bad.csv"))
    msg = str(err.value)
    assert msg.startswith("bad.csv") and words in msg and "\n" not in msg


def test_unreadable(tmp_path):
    with pytest.raises(DataFileError, match=r"nothere\.csv: cannot read"):
        load_csv(tmp_path / "nothere.csv")
    with pytest.raises(DataFileError, match="cannot read"):
        load_csv(tmp_path)


def test_standardizer_roundtrip():
    rng = np.random.default_rng(0)
    X = rng.normal(5.0, 3.0, (200, 3))
    X[:, 2] = 7.0
    s = Standardizer().fit(X)
    Z = s.transform(X)
    assert np.allclose(Z[:, :2].mean(axis=0), 0) and np.allclose(Z[:, :2].std(axis=0), 1)
    assert np.all(Z[:, 2] == 0)
    assert np.allclose(s.inverse_transform(Z), X)
    t = Standardizer.from_dict(json.loads(json.dumps(s.to_dict())))
    assert np.array_equal(t.mean, s.mean) and np.array_equal(t.std, s.std)
    assert s.transform(X.astype(np.float32)).dtype == np.float32
    with pytest.raises(ValueError, match="3 features"):
        s.transform(np.zeros((2, 4)))
    with pytest.raises(ValueError):
        Standardizer.from_dict({"mean": [0, 1], "std": [1]})
