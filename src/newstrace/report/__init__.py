"""The self-contained HTML report (``newstrace analyze --report``): :func:`.html.write_report`."""
__all__ = ["html"]
