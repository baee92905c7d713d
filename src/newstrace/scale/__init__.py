"""The Spark job (``newstrace spark``): the same stage lists and contract on a cluster.

:mod:`.spark_job` (the job and its command), :mod:`.stages` (the stages as ``mapPartitions``
bodies), :mod:`.ingest` (the CLI's readers on executors), :mod:`.candidates` (candidate pairs
and groups at scale), :mod:`.records` (transport rows and reading an output folder back).
Importing this package does not import pyspark.
"""
__all__ = ["candidates", "ingest", "records", "spark_job", "stages"]
