"""The REST API (/api/v1/): Django REST Framework over the same models, filters and edits as the pages."""
