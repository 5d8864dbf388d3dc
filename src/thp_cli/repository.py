"""Moved to :mod:`thp_cli.dataset` (``Source`` is now ``DataSource``); kept importable until the merge."""

from .dataset.file_names import RECORD_NOUNS, folder_message  # noqa: F401
from .dataset.load import FILES, FOLDER_LINK, LINK_TO_FOLDER, Memo, load_dataset, load_source  # noqa: F401
from .dataset.records import Dataset, Kept, Located, Where  # noqa: F401
from .dataset.salvage import Checked  # noqa: F401
from .dataset.source import DATA, DataSource, DiskSource, Entry, data_dir  # noqa: F401
from .dataset.source import DataSource as Source  # noqa: F401
