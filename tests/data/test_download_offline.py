"""A failed download says whether the mirrors could be reached at all (offline)."""

from __future__ import annotations

import pytest

from nnviz.data.download import DownloadError, download_file

SMALL = "t10k-labels-idx1-ubyte.gz"


def test_no_mirror_reachable_means_offline(tmp_path):
    with pytest.raises(DownloadError) as err:
        download_file(SMALL, tmp_path, ["http://127.0.0.1:9/", "http://nnviz.invalid/"])
    assert err.value.unreachable and err.value.name == SMALL


def test_a_mirror_that_answers_404_is_not_offline(mirrors, tmp_path):
    with pytest.raises(DownloadError) as err:
        download_file(SMALL, tmp_path, ["http://127.0.0.1:9/", mirrors.url("missing")])
    assert not err.value.unreachable


def test_a_corrupt_file_is_not_offline(mirrors, tmp_path):
    with pytest.raises(DownloadError) as err:
        download_file(SMALL, tmp_path, [mirrors.url("corrupt")])
    assert not err.value.unreachable
