"""The partnership as data: a ``data/`` tree read into one indexed :class:`Dataset` of located records.

``records`` (the Dataset, Located, Where), ``source`` (where files are read
from: disk or a git revision), ``load`` (reading a folder), ``salvage``
(validating one record, keeping what is sound), ``validation_messages``
(pydantic's errors in plain words), ``names`` (ids from names, names to ids)
and ``file_names`` (advice on naming files).
"""
