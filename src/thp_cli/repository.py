"""Moved to :mod:`thp_cli.dataset` (``Source`` is now ``DataSource``); kept importable until the merge."""

from .dataset.file_names import RECORD_NOUNS, folder_message
from .dataset.load import FILES, FOLDER_LINK, LINK_TO_FOLDER, Memo, load_dataset, load_source
from .dataset.records import Dataset, Kept, Located, Where
from .dataset.salvage import Checked
from .dataset.source import DATA, DataSource, DiskSource, Entry, data_dir
from .dataset.source import DataSource as Source

__all__ = [
    "DATA",
    "FILES",
    "FOLDER_LINK",
    "LINK_TO_FOLDER",
    "RECORD_NOUNS",
    "Checked",
    "DataSource",
    "Dataset",
    "DiskSource",
    "Entry",
    "Kept",
    "Located",
    "Memo",
    "Source",
    "Where",
    "data_dir",
    "folder_message",
    "load_dataset",
    "load_source",
]
