from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from .models import Notice
from .services import notices_mark_read


@never_cache
def notices(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        notices_mark_read(user=request.user)
        return redirect("notices")
    page = Paginator(Notice.objects.filter(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "hub/notices.html", {"page": page})
