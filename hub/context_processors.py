from django.conf import settings


def hub(request) -> dict:
    return {"HUB_ENV": settings.HUB_ENV}
