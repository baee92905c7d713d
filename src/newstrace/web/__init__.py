"""The local web app (``newstrace serve``): :func:`.app.create_app` over a DuckDB store."""
__all__ = ["app", "render", "views"]
