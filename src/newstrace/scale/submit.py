"""The application file for ``spark-submit``: the same as ``newstrace spark ARGS``.

    spark-submit --master spark://HOST:7077 .../newstrace/scale/submit.py \\
        --input s3a://bucket/crawl/ --output s3a://bucket/newstrace --master spark://HOST:7077

spark-submit runs this file as a script, not as a module of the package, so it imports the
package absolutely (``spark_job.py`` itself uses relative imports and cannot be the file).
Give ``--master`` to newstrace too: the session it builds names its master explicitly.
"""
import sys

from newstrace.cli import app

if __name__ == "__main__":
    app(["spark", *sys.argv[1:]])
