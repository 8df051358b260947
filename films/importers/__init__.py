"""Film records from open data: parsers for TMDb's movie JSON and IMDb's TSV datasets (no
database access: tmdb.py, imdb.py -> records.py), and the appliers that write a parsed record
while an editor's work wins (applying.py for the film, credits.py for its people and rows,
fields.py for the field-by-field rule, report.py for what changed).

reviews/importers.py runs a whole import (films here, then IMDb ratings as scores).
"""
