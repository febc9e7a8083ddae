"""Downloader and folder import, against local mirrors on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nnviz.data import DataFileError, download, fetch_mnist, load_mnist
from nnviz.data.download import MNIST_FILES, download_file, is_verified

SMALL = "t10k-labels-idx1-ubyte.gz"
SIZE = MNIST_FILES[SMALL][1]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.part")) if folder.exists() else []


def assert_helpful(err: pytest.ExceptionInfo[DataFileError]) -> str:
    msg = str(err.value)
    assert "\n" not in msg
    assert SMALL in msg
    assert "nnviz fetch-mnist --from FOLDER" in msg and "NNVIZ_DATA_DIR" in msg
    return msg


def test_mirrors_from_env(monkeypatch):
    monkeypatch.setenv("NNVIZ_MNIST_MIRRORS", "http://a/x, http://b/y/")
    assert download.mirrors() == ["http://a/x/", "http://b/y/"]


def test_good_mirror_with_progress(mirrors, tmp_path):
    seen = []
    path = download_file(SMALL, tmp_path, [mirrors.url("good")], progress=lambda *a: seen.append(a))
    assert path == tmp_path / SMALL and is_verified(path)
    assert seen[-1] == (SMALL, SIZE, SIZE)
    assert [d for _, d, _ in seen] == sorted(d for _, d, _ in seen)
    assert leftovers(tmp_path) == []


def test_cache_reused_without_request(mirrors, tmp_path):
    download_file(SMALL, tmp_path, [mirrors.url("good")])
    assert mirrors.count() == 1
    download_file(SMALL, tmp_path, [mirrors.url("good")])
    assert mirrors.count() == 1


def test_404_then_next_mirror(mirrors, tmp_path):
    urls = [mirrors.url("missing"), mirrors.url("good")]
    assert is_verified(download_file(SMALL, tmp_path, urls))
    assert [m for m, _, _ in mirrors.requests] == ["missing", "good"]


def test_all_mirrors_404(mirrors, tmp_path):
    with pytest.raises(DataFileError) as err:
        download_file(SMALL, tmp_path, [mirrors.url("missing")])
    assert "HTTP 404" in assert_helpful(err)
    assert not (tmp_path / SMALL).exists() and leftovers(tmp_path) == []


def test_checksum_enforced(mirrors, tmp_path):
    with pytest.raises(DataFileError) as err:
        download_file(SMALL, tmp_path, [mirrors.url("corrupt")])
    assert "checksum mismatch" in assert_helpful(err)
    assert not (tmp_path / SMALL).exists() and leftovers(tmp_path) == []


def test_corrupt_then_good_restarts(mirrors, tmp_path):
    urls = [mirrors.url("corrupt"), mirrors.url("good")]
    assert is_verified(download_file(SMALL, tmp_path, urls))
    assert mirrors.requests[-1] == ("good", SMALL, None)
    assert leftovers(tmp_path) == []


def test_dropped_connection_resumes_on_next_mirror(mirrors, tmp_path):
    urls = [mirrors.url("drop"), mirrors.url("good")]
    assert is_verified(download_file(SMALL, tmp_path, urls))
    assert mirrors.requests[-1] == ("good", SMALL, f"bytes={SIZE // 2}-")
    assert leftovers(tmp_path) == []


def test_dropped_connection_resumes_on_next_call(mirrors, tmp_path):
    with pytest.raises(DataFileError) as err:
        download_file(SMALL, tmp_path, [mirrors.url("drop")])
    assert "connection dropped" in assert_helpful(err)
    assert (tmp_path / (SMALL + ".part")).stat().st_size == SIZE // 2
    assert is_verified(download_file(SMALL, tmp_path, [mirrors.url("good")]))
    assert mirrors.requests[-1][2] == f"bytes={SIZE // 2}-"
    assert leftovers(tmp_path) == []


def test_server_ignoring_range_restarts(mirrors, tmp_path):
    urls = [mirrors.url("drop"), mirrors.url("norange")]
    assert is_verified(download_file(SMALL, tmp_path, urls))
    assert leftovers(tmp_path) == []


def test_bad_cached_file_replaced(mirrors, tmp_path):
    (tmp_path / SMALL).write_bytes(b"not mnist")
    assert is_verified(download_file(SMALL, tmp_path, [mirrors.url("good")]))


def test_unreachable_mirror(tmp_path):
    with pytest.raises(DataFileError) as err:
        download_file(SMALL, tmp_path, ["http://127.0.0.1:9/"], timeout=5)
    assert_helpful(err)
    assert leftovers(tmp_path) == []


def test_load_mnist_downloads_full_set_once(mirrors, monkeypatch, isolated):
    monkeypatch.setenv("NNVIZ_MNIST_MIRRORS", f"{mirrors.url('missing')},{mirrors.url('good')}")
    seen = set()
    X_train, _, X_test, y_test = load_mnist(progress=lambda n, d, t: seen.add(n))
    assert X_train.shape == (60000, 784) and X_test.shape == (10000, 784)
    assert seen == set(MNIST_FILES)
    assert all(is_verified(isolated / n) for n in MNIST_FILES)
    assert leftovers(isolated) == []
    before = mirrors.count()
    again = load_mnist()
    assert again[0] is X_train and mirrors.count() == before
    assert fetch_mnist() == isolated and mirrors.count() == before
    assert np.array_equal(y_test[:5], [7, 2, 1, 0, 4])


def test_import_from_folder(shared, tmp_path):
    calls = []
    dest = fetch_mnist(tmp_path / "dest", source_folder=shared, progress=lambda *a: calls.append(a))
    assert all(is_verified(dest / n) for n in MNIST_FILES)
    assert len(calls) == 4 and leftovers(dest) == []


def test_import_rejects_bad_folder(shared, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in MNIST_FILES:
        (src / name).symlink_to(shared / name)
    (src / SMALL).unlink()
    with pytest.raises(DataFileError, match=SMALL):
        fetch_mnist(tmp_path / "dest", source_folder=src)
    data = bytearray((shared / SMALL).read_bytes())
    data[100] ^= 0xFF
    (src / SMALL).write_bytes(bytes(data))
    with pytest.raises(DataFileError, match="checksum mismatch") as err:
        fetch_mnist(tmp_path / "dest", source_folder=src)
    assert SMALL in str(err.value)
    assert not (tmp_path / "dest").exists()
