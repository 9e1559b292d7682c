"""Scale-out: analysis on a Dask cluster, facts as Parquet, synthetic load corpora.

* :func:`run_dask` (``dateline ingest --cluster local|tcp://HOST:8786``) sends chunks of
  about 50 articles to Dask workers, each of which loads the spaCy pipeline once (a
  :class:`PipelinePlugin`), and streams the results back to the one writer in the client.
* :class:`~dateline.distributed.parquet.ParquetSink` (``--out parquet:DIR``) writes the
  flattened fact tables as Parquet, one file per chunk in a folder per table.
* :mod:`dateline.distributed.synthetic` makes short wire-style articles for load tests.
"""

from __future__ import annotations

from dateline.distributed.dask_runner import PipelinePlugin, run_dask

__all__ = ["PipelinePlugin", "run_dask"]
