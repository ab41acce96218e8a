"""The Celery app: configured from Django settings (CELERY_* names)."""
import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The file broker of local runs needs its folders before the first message.
for folder in (app.conf.broker_transport_options.get(name, "")
               for name in ("data_folder_in", "processed_folder", "control_folder")):
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
