"""Data for nnviz: MNIST, toy 2-D sets, user CSV files, drawn digits, spam e-mails.

Never imports Qt.
"""

from __future__ import annotations

from nnviz.data.canvas import load_image, preprocess
from nnviz.data.csvdata import Standardizer, load_csv, load_csv_regression
from nnviz.data.errors import DataFileError
from nnviz.data.features import PLANE_FEATURES, FeatureError, expand, parse_features
from nnviz.data.mnist import fetch_mnist, load_mnist
from nnviz.data.samples import resource_path, sample_digits
from nnviz.data.text.spam import SpamMessage, bag_of_words, load_spam, load_spam_messages
from nnviz.data.toy import REGRESSION_DATASETS, TOY_DATASETS, make_dataset

__all__ = [
    "PLANE_FEATURES",
    "REGRESSION_DATASETS",
    "TOY_DATASETS",
    "DataFileError",
    "FeatureError",
    "SpamMessage",
    "Standardizer",
    "bag_of_words",
    "expand",
    "fetch_mnist",
    "load_csv",
    "load_csv_regression",
    "load_image",
    "load_mnist",
    "load_spam",
    "load_spam_messages",
    "make_dataset",
    "parse_features",
    "preprocess",
    "resource_path",
    "sample_digits",
]
