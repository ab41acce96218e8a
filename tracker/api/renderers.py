"""`?format=csv` for the API's lists: the whole filtered set, one row an item."""
import csv
import io

from rest_framework.renderers import BaseRenderer

from ..exports.rows import safe_cell


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data.get("results", data) if isinstance(data, dict) else data
        if isinstance(rows, dict):  # an error: one row of it
            rows = [rows]
        out = io.StringIO()
        if rows:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: safe_cell("; ".join(map(str, v)) if isinstance(v, list) else v)
                                 for k, v in row.items()})
        return out.getvalue().encode(self.charset)
