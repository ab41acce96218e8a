"""The import page: upload a file or type a symbol, a worker imports it, the page follows its progress."""
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from ..forms import SymbolForm, UploadForm
from ..models import ImportJob
from ..permissions import staff_required
from ..tasks import enqueue


@staff_required
def upload(request):
    by_symbol = request.method == "POST" and "symbol" in request.POST
    form = UploadForm(request.POST or None, request.FILES or None) if not by_symbol else UploadForm()
    symbol_form = SymbolForm(request.POST if by_symbol else None)
    if request.method == "POST":
        if by_symbol and symbol_form.is_valid():
            symbol = symbol_form.cleaned_data["symbol"]
            return _queued(request, ImportJob.objects.create(name=symbol, symbol=symbol, data=b"", user=request.user))
        if not by_symbol and form.is_valid():
            upload = form.cleaned_data["file"]
            return _queued(request, ImportJob.objects.create(name=upload.name, data=upload.read(), user=request.user,
                                                             read_as=form.cleaned_data["read_as"]))
    jobs = ImportJob.objects.defer("data").select_related("resolution")[:10]
    invalid = request.method == "POST"
    return render(request, "tracker/upload.html", {"form": form, "symbol_form": symbol_form, "jobs": jobs},
                  status=400 if invalid else 200)


def _queued(request, job):
    if not enqueue(job):
        messages.warning(request, "The import queue cannot be reached just now. Your request is kept and will "
                                  "be carried out as soon as it is back; this page follows it.")
    return redirect("import_job", pk=job.pk)


@staff_required
def job_detail(request, pk):
    job = get_object_or_404(ImportJob.objects.defer("data").select_related("resolution"), pk=pk)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({
            "state": job.state, "label": job.get_state_display(), "message": job.message,
            "resolution": job.resolution.get_absolute_url() if job.resolution_id else None,
        })
    return render(request, "tracker/import_job.html", {"job": job})
