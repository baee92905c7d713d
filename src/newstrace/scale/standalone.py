"""A Spark standalone cluster on this machine: one master and N workers as separate processes.

Spark's own standalone cluster manager, started with the ``spark-class`` launcher that ships
in the pyspark wheel (``org.apache.spark.deploy.master.Master`` and ``...worker.Worker``, what
``sbin/start-master.sh`` and ``start-worker.sh`` run on a full Spark install), bound to
127.0.0.1. It is what the cluster test and the benchmark submit the job to, and a way to
try ``newstrace spark --master spark://127.0.0.1:PORT`` before renting machines::

    from newstrace.scale.standalone import standalone_cluster
    with standalone_cluster(workers=2, cores=1, memory="2g") as master:
        ...  # build_session(master) / newstrace spark --master <master>

The processes are stopped (and their work folders removed) when the block ends, also on
error. On a real cluster the same two classes run on each machine, started by the scripts
of a Spark distribution (docs/spark.md).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

__all__ = ["spark_class", "standalone_cluster"]


def spark_class() -> Path:
    """The ``spark-class`` launcher of the installed pyspark (or of ``$SPARK_HOME``)."""
    home = os.environ.get("SPARK_HOME")
    if not home:
        import pyspark

        home = os.path.dirname(pyspark.__file__)
    path = Path(home) / "bin" / "spark-class"
    if not path.exists():
        raise FileNotFoundError(f"no spark-class launcher at {path}: install pyspark or set SPARK_HOME")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive_workers(ui_port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=2) as r:  # local only
            return int(json.load(r).get("aliveworkers", 0))
    except (OSError, ValueError):
        return -1


@contextlib.contextmanager
def standalone_cluster(workers: int = 2, cores: int = 1, memory: str = "2g", timeout: float = 90.0):
    """Start a master and ``workers`` workers (``cores`` cores and ``memory`` each) on
    127.0.0.1; yield the master URL once every worker has registered; stop them all."""
    launcher = str(spark_class())
    work = Path(tempfile.mkdtemp(prefix="newstrace-spark-"))
    port, ui = _free_port(), _free_port()
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1", SPARK_WORKER_DIR=str(work / "workers"),
               PYSPARK_PYTHON=os.environ.get("PYSPARK_PYTHON", sys.executable))
    procs: list[subprocess.Popen] = []

    def start(args: list[str], log: str) -> None:
        fh = open(work / log, "wb")
        procs.append(subprocess.Popen([launcher, *args], env=env, stdout=fh, stderr=subprocess.STDOUT,
                                      start_new_session=True))

    try:
        start(["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", str(port),
               "--webui-port", str(ui)], "master.log")
        master = f"spark://127.0.0.1:{port}"
        for k in range(workers):
            start(["org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", str(cores),
                   "--memory", memory, "--webui-port", str(_free_port()), "--work-dir", str(work / f"w{k}"),
                   master], f"worker{k}.log")
        deadline = time.time() + timeout
        while _alive_workers(ui) < workers:
            dead = [p for p in procs if p.poll() is not None]
            if dead or time.time() > deadline:
                logs = "\n".join(f"--- {f.name}\n" + f.read_text(errors="replace")[-1500:]
                                 for f in sorted(work.glob("*.log")))
                raise RuntimeError(f"the standalone cluster did not start ({len(dead)} process(es) exited, "
                                   f"{max(_alive_workers(ui), 0)} of {workers} workers registered):\n{logs}")
            time.sleep(0.5)
        yield master
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)
