"""Demo data, for trying the hub out: each app that has some answers :data:`register_demo_data` with
its ``seed(*, stdout)``. ``manage.py seed_demo`` runs them in the order of INSTALLED_APPS (people
first, then the tools, then what refers to tools), and never in production.

An app connects its receiver in ``AppConfig.ready()`` and imports its demo module only inside it,
so that a running hub never loads demo code::

    def _demo(sender, **kwargs):
        from .demo import seed  # loaded only when seed_demo runs

        return seed
"""

from collections.abc import Callable

from django.dispatch import Signal

register_demo_data = Signal()


def demo_seeders() -> list[Callable]:
    """Every app's ``seed``, in the order of INSTALLED_APPS."""
    return [seed for _receiver, seed in register_demo_data.send(sender=None)]
