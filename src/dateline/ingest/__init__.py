"""Readers: turn files, folders, globs and stdin into :class:`~dateline.model.Article`s."""
