"""thp: a local strategic partnership's governance as code."""

__version__ = "0.1.0"
