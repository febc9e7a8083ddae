"""Data for nnviz: MNIST, toy 2-D sets, user CSV files, drawn digits, spam e-mails.

Never imports Qt.
"""

from __future__ import annotations

from nnviz.data.canvas import load_image, preprocess
from nnviz.data.csvdata import Standardizer, load_csv
from nnviz.data.errors import DataFileError
from nnviz.data.mnist import fetch_mnist, load_mnist
from nnviz.data.samples import resource_path, sample_digits
from nnviz.data.spam import SpamMessage, bag_of_words, load_spam, load_spam_messages
from nnviz.data.toy import TOY_DATASETS, make_dataset

__all__ = [
    "TOY_DATASETS",
    "DataFileError",
    "SpamMessage",
    "Standardizer",
    "bag_of_words",
    "fetch_mnist",
    "load_csv",
    "load_image",
    "load_mnist",
    "load_spam",
    "load_spam_messages",
    "make_dataset",
    "preprocess",
    "resource_path",
    "sample_digits",
]
