"""Demo watches: the two demo officers each watch a catalogue search (safe to run again)."""

from hub.models import User

from .services import watch_search

# (officer, catalogue search, email)
DEMO_WATCHES = [
    ("amina.diallo@police-senegal.example", "deployment=offline-air-gapped&ilang=fr", "daily"),
    ("amina.diallo@police-senegal.example", "purpose=hash-matching", "none"),
    ("lucas.moreau@gendarmerie.example", "purpose=grooming-sextortion&alang=fr", "weekly"),
]


def seed(*, stdout) -> None:
    made = 0
    for email, query, frequency in DEMO_WATCHES:
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        _watch, created = watch_search(
            user=user, query=query, frequency=frequency, language=user.language or "en"
        )
        made += created
    stdout.write(f"  watches: {made} demo watches created")
