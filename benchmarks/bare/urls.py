from django.http import HttpResponse
from django.urls import path

PAGE = (
    b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bare</title></head>'
    b"<body><main><h1>A bare Django view</h1><p>No database, no middleware.</p></main></body></html>"
)


def page(request):
    return HttpResponse(PAGE)


urlpatterns = [path("", page), path("healthz", page)]
