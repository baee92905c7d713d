"""``python -m newstrace …``: the same command-line interface as the ``newstrace`` script."""
from .cli import app

app(prog_name="newstrace")
