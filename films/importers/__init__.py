"""Film records from open data: parsers for TMDb's movie JSON and IMDb's TSV datasets (no
database access), and the applier that writes a parsed record while an editor's work wins.

reviews/importers.py runs a whole import (films here, then IMDb ratings as scores).
"""
