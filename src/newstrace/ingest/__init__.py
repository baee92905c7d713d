"""Ingestion: readers for .txt, .html and .jsonl, and aggregator-page segmentation."""
from .readers import SUPPORTED_SUFFIXES, iter_input_files, read_file, read_file_guarded, read_inputs, unique_id

__all__ = ["SUPPORTED_SUFFIXES", "iter_input_files", "read_file", "read_file_guarded", "read_inputs", "unique_id"]
