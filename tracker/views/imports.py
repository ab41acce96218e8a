"""The import page: upload a file, a worker imports it, the page follows its progress."""
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from ..forms import UploadForm
from ..models import ImportJob
from ..permissions import staff_required
from ..tasks import enqueue


@staff_required
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(name=upload.name, data=upload.read(), user=request.user)
        if not enqueue(job):
            messages.warning(request, "The import queue cannot be reached just now. Your file is kept and will "
                                      "be imported as soon as it is back; this page follows it.")
        return redirect("import_job", pk=job.pk)
    jobs = ImportJob.objects.defer("data").select_related("resolution")[:10]
    return render(request, "tracker/upload.html", {"form": form, "jobs": jobs},
                  status=400 if form.is_bound and not form.is_valid() else 200)


@staff_required
def job_detail(request, pk):
    job = get_object_or_404(ImportJob.objects.defer("data").select_related("resolution"), pk=pk)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({
            "state": job.state, "label": job.get_state_display(), "message": job.message,
            "resolution": job.resolution.get_absolute_url() if job.resolution_id else None,
        })
    return render(request, "tracker/import_job.html", {"job": job})
