"""The Spark job on a real standalone cluster: a master and two workers started as separate
processes on 127.0.0.1 (Spark's own deploy classes, from the pyspark wheel), the job submitted
to spark://127.0.0.1:PORT, its output equal to the CLI's on the seeds."""
from __future__ import annotations

import json
import os
import time

import pytest

from .test_scale_spark import _articles, _attributions, _families, _require_java, _support

pytestmark = [pytest.mark.spark]


def test_scale_standalone_cluster_two_workers_equal_cli(seeds_run, seeds_dir, tmp_path, monkeypatch):
    _require_java()
    from pyspark.sql import SparkSession

    from newstrace.scale.records import read_output
    from newstrace.scale.spark_job import build_session, run_job
    from newstrace.scale.standalone import standalone_cluster

    if SparkSession.getActiveSession() is not None:
        SparkSession.getActiveSession().stop()
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
    _, summary = seeds_run
    cli = summary.tables
    with standalone_cluster(workers=2, cores=1, memory="1500m") as master:
        assert master.startswith("spark://127.0.0.1:")
        spark = build_session(master, app_name="newstrace-cluster-test", driver_memory="1g",
                              conf={"spark.executor.memory": "1g", "spark.executor.cores": "1",
                                    "spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1",
                                    "spark.sql.shuffle.partitions": "4"})
        try:
            assert spark.sparkContext.master == master
            deadline = time.time() + 60
            while (executors := spark.sparkContext._jsc.sc().getExecutorMemoryStatus().size() - 1) < 2 \
                    and time.time() < deadline:  # executors register with the driver after it starts
                time.sleep(0.5)
            job = run_job(spark, [str(seeds_dir)], tmp_path / "out", partitions=4)
        finally:
            spark.stop()
    assert executors == 2
    got = read_output(tmp_path / "out")
    assert _articles(got) == _articles(cli) and len(got["articles"]) == 14
    assert _attributions(got) == _attributions(cli)
    assert _families(got) == _families(cli)
    assert _support(got) == _support(cli)
    assert sorted(json.dumps(e, sort_keys=True) for e in got["entities"]) == \
        sorted(json.dumps(e, sort_keys=True) for e in cli["entities"])
    assert job["counts"]["articles"] == 14
    assert os.environ.get("SPARK_LOCAL_IP") == "127.0.0.1"
