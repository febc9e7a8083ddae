"""Data for nnviz: MNIST, toy 2-D sets, user CSV files, drawn digits. Never imports Qt."""

from __future__ import annotations

from nnviz.data.canvas import load_image, preprocess
from nnviz.data.csvdata import Standardizer, load_csv
from nnviz.data.errors import DataFileError
from nnviz.data.mnist import fetch_mnist, load_mnist
from nnviz.data.samples import resource_path, sample_digits
from nnviz.data.toy import TOY_DATASETS, make_dataset

__all__ = [
    "TOY_DATASETS",
    "DataFileError",
    "Standardizer",
    "fetch_mnist",
    "load_csv",
    "load_image",
    "load_mnist",
    "make_dataset",
    "preprocess",
    "resource_path",
    "sample_digits",
]
