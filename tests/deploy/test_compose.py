"""The container deployment files: what an operator relies on when running the hub with Docker.

docker-compose.yml is checked by a real Compose implementation (``docker compose`` v2, or Debian's
``docker-compose``): it validates the file and prints the effective configuration (interpolated,
with the YAML anchors merged), which the tests then read. Only ``config`` runs, so no Docker engine
is needed. The Dockerfile is read instruction by instruction. No test here touches a database.
"""

import functools
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
OVERRIDE_EXAMPLE = ROOT / "docker-compose.override.example.yml"
DOCKERFILE = ROOT / "Dockerfile"
PROXY_DIR = ROOT / "deploy" / "nginx"

SERVICES = {
    "db", "redis", "objects", "buckets", "mail", "release", "web", "worker", "beat", "proxy",
}  # fmt: skip
APP_SERVICES = ("release", "web", "worker", "beat", "seed")
# The hub's long-running parts: none may start before the release step has succeeded.
SERVERS = ("web", "worker", "beat", "seed")
# What only the stack itself may reach.
INTERNAL = ("db", "redis", "objects", "web", "worker", "beat", "release")

# Variables the compose file interpolates: unset, so the tests see the defaults `docker compose up`
# gets on a clean machine.
INTERPOLATED = (
    "HUB_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL",
    "POSTGRES_PASSWORD", "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD", "S3_ACCESS_KEY", "S3_SECRET_KEY",
    "HUB_SERVER_NAME",
)  # fmt: skip

INSTALL_HINT = (
    "no Compose implementation found: install Debian's `docker-compose` package "
    "(apt-get install docker-compose), or the Docker Compose v2 plugin (`docker compose`)"
)


# --- Running Compose ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Compose:
    argv: tuple[str, ...]
    version: str

    @property
    def legacy(self) -> bool:
        """docker-compose 1.x: has no ``config --format json``, prints YAML only."""
        return self.version.lstrip("v").startswith("1.")


def _version(argv: list[str]) -> str | None:
    try:
        done = subprocess.run(
            [*argv, "version", "--short"], capture_output=True, text=True, timeout=60, check=False
        )
    except OSError:
        return None
    out = done.stdout.strip()
    return out if done.returncode == 0 and out else None


@functools.cache
def _find_compose() -> Compose | None:
    docker = shutil.which("docker")
    if docker and (version := _version([docker, "compose"])):
        return Compose((docker, "compose"), version)
    legacy = shutil.which("docker-compose")
    if legacy and (version := _version([legacy])):
        return Compose((legacy,), version)
    return None


@pytest.fixture(scope="module")
def compose() -> Compose:
    found = _find_compose()
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{INSTALL_HINT}; CI must install it.")
        pytest.skip(INSTALL_HINT)
    return found


@pytest.fixture(scope="module")
def empty_env_file(tmp_path_factory) -> Path:
    # An explicit, empty --env-file keeps a developer's own .env out of the results.
    path = tmp_path_factory.mktemp("compose") / "empty.env"
    path.write_text("", encoding="utf-8")
    return path


def run_compose(
    compose: Compose,
    env_file: Path,
    *args: str,
    compose_file: Path = COMPOSE_FILE,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in INTERPOLATED and not key.startswith("COMPOSE_")
    }
    clean.update(env or {})
    argv = [*compose.argv, "-f", str(compose_file), "--env-file", str(env_file), *args]
    return subprocess.run(
        argv, capture_output=True, text=True, timeout=120, env=clean, cwd=ROOT, check=False
    )


def _yaml_to_data(compose: Compose, text: str):
    """Parse Compose's YAML output: with PyYAML when the project has it, else with the PyYAML that
    Debian's docker-compose (a Python program) depends on, through its own interpreter."""
    if importlib.util.find_spec("yaml") is not None:
        import yaml

        return yaml.safe_load(text)
    first_line = (
        Path(compose.argv[0]).read_bytes()[:200].split(b"\n", 1)[0].decode(errors="replace")
    )
    if not (first_line.startswith("#!") and "python" in first_line):
        pytest.fail(
            f"cannot parse the YAML printed by {compose.argv[0]} {compose.version}: PyYAML is not "
            "installed in the project and that docker-compose is not a Python program"
        )
    interpreter = shlex.split(first_line[2:].strip())
    done = subprocess.run(
        [
            *interpreter,
            "-c",
            "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)",
        ],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def load_config(compose: Compose, env_file: Path, env: dict[str, str] | None = None) -> dict:
    """The effective configuration, every profile included (so the one-off `seed` too)."""
    args = ["--profile", "demo", "config"]
    if not compose.legacy:
        args += ["--format", "json"]
    done = run_compose(compose, env_file, *args, env=env)
    assert done.returncode == 0, f"{' '.join(compose.argv)} config failed:\n{done.stderr}"
    if compose.legacy:
        return _yaml_to_data(compose, done.stdout)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def config(compose, empty_env_file) -> dict:
    return load_config(compose, empty_env_file)


@pytest.fixture(scope="module")
def services(config) -> dict:
    return config["services"]


# --- Normalising the two Compose versions' output -----------------------------------------------


def command_of(service: dict) -> list[str]:
    command = service.get("command") or []
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def depends_on(service: dict) -> dict[str, str]:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def environment_of(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def healthcheck_test(service: dict) -> str:
    test = (service.get("healthcheck") or {}).get("test") or []
    return test if isinstance(test, str) else " ".join(str(part) for part in test)


def contains_sequence(items: list[str], sequence: list[str]) -> bool:
    return any(items[i : i + len(sequence)] == sequence for i in range(len(items)))


# --- Reading the Dockerfile -----------------------------------------------------------------------


def dockerfile_instructions(path: Path = DOCKERFILE) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        full = pending + line
        pending = ""
        keyword, _, arguments = full.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
    assert not pending, "the Dockerfile ends inside a continued line"
    return instructions


def dockerfile_cmd() -> list[str]:
    cmds = [args for keyword, args in dockerfile_instructions() if keyword == "CMD"]
    assert cmds, "the Dockerfile has no CMD"
    return json.loads(cmds[-1])  # exec form: gunicorn gets the signals, not a shell


# --- (a) A real Compose validator accepts the file -------------------------------------------------


def test_compose_file_is_valid(compose, empty_env_file):
    done = run_compose(compose, empty_env_file, "--profile", "demo", "config", "-q")
    assert done.returncode == 0, (
        f"{' '.join(compose.argv)} {compose.version} rejects docker-compose.yml:\n{done.stderr}"
    )


def test_the_validator_really_validates(compose, empty_env_file, tmp_path):
    broken = tmp_path / "docker-compose.yml"
    broken.write_text("services:\n  web:\n    image: x\n    no_such_option: true\n", "utf-8")
    done = run_compose(compose, empty_env_file, "config", "-q", compose_file=broken)
    assert done.returncode != 0


# --- (b) What the stack promises ---------------------------------------------------------------


def test_all_services_exist(services):
    missing = SERVICES - set(services)
    assert not missing, f"missing services: {sorted(missing)}"


def test_seed_is_a_one_off_in_the_demo_profile(services):
    seed = services["seed"]
    assert seed.get("profiles") == ["demo"]
    assert contains_sequence(command_of(seed), ["python", "manage.py", "seed_demo"])
    for name in SERVICES:
        assert not services[name].get("profiles"), f"{name} must start with a plain `up`"


def test_app_services_share_one_image_build(services):
    builds = {}
    for name in APP_SERVICES:
        build = services[name].get("build")
        assert build, f"{name} has no build"
        if isinstance(build, str):
            build = {"context": build}
        context = (ROOT / build["context"]).resolve()
        builds[name] = (context, build.get("dockerfile", "Dockerfile"), services[name].get("image"))
    assert len(set(builds.values())) == 1, builds
    context, dockerfile, image = builds["web"]
    assert context == ROOT
    assert (context / dockerfile).resolve() == DOCKERFILE
    assert image, "name the image, so the services run one build, not one each"


def mounts_of(service: dict) -> list[tuple[str, str]]:
    return [
        (v["source"], v["target"]) if isinstance(v, dict) else tuple(v.split(":")[:2])
        for v in service.get("volumes") or []
    ]


def published_ports(service: dict) -> list[str]:
    """Each published port as HOST_IP:PUBLISHED:TARGET (HOST_IP empty when on every address)."""
    ports = []
    for port in service.get("ports") or []:
        if isinstance(port, dict):
            ports.append(f"{port.get('host_ip', '')}:{port.get('published')}:{port.get('target')}")
        else:
            parts = str(port).split(":")
            ports.append(":".join([""] * (3 - len(parts)) + parts))
    return ports


def test_app_services_share_the_var_and_static_volumes(config, services):
    for name in APP_SERVICES:
        mounts = mounts_of(services[name])
        assert ("hubvar", "/app/var") in mounts, f"{name}: {mounts}"
        assert ("static", "/app/staticfiles") in mounts, f"{name}: {mounts}"
    assert {"hubvar", "static"} <= set(config.get("volumes") or {})


def test_db_and_redis_have_healthchecks(services):  # and the object store
    assert "mc ready local" in healthcheck_test(services["objects"])
    db, redis = services["db"], services["redis"]
    assert db["image"].startswith("postgres:15")
    assert "pg_isready" in healthcheck_test(db)
    assert redis["image"].startswith("redis:7")
    assert "redis-cli ping" in healthcheck_test(redis)
    assert any(
        (v["target"] if isinstance(v, dict) else v.split(":")[1]) == "/var/lib/postgresql/data"
        for v in db.get("volumes") or []
    ), "the database must live on a named volume"


def test_web_waits_for_a_healthy_db_and_redis(services):
    deps = depends_on(services["web"])
    assert deps.get("db") == "service_healthy"
    assert deps.get("redis") == "service_healthy"


def test_the_release_step_runs_once_before_every_server(services):
    release = services["release"]
    assert command_of(release) == ["python", "manage.py", "release"]
    assert release.get("restart") == "no", "a finished release step must not be started again"
    assert not (release.get("deploy") or {}).get("replicas", 1) > 1
    deps = depends_on(release)
    assert deps.get("db") == "service_healthy"
    assert deps.get("redis") == "service_healthy"
    assert deps.get("buckets") == "service_completed_successfully"
    for name in SERVERS:
        assert depends_on(services[name]).get("release") == "service_completed_successfully", name


def test_no_server_migrates_at_start(services):
    # Migrations belong to the release step alone: replicas starting together must not race.
    for name in SERVERS:
        assert "migrate" not in " ".join(command_of(services[name])), name
    assert "release" not in " ".join(command_of(services["seed"]))


def test_two_web_replicas_serve_what_the_image_serves(services):
    web = services["web"]
    assert (web.get("deploy") or {}).get("replicas") == 2
    # The image's own CMD, so the two cannot drift apart; and no port: only the proxy reaches it.
    assert not command_of(web) or command_of(web) == dockerfile_cmd()
    assert not web.get("ports"), published_ports(web)
    assert "disable" not in (web.get("healthcheck") or {}), "web is checked by the image's /healthz"


def test_beat_runs_exactly_once(services):
    assert (services["beat"].get("deploy") or {}).get("replicas", 1) == 1
    for name, service in services.items():
        if name != "beat":
            assert "beat" not in command_of(service), f"{name} would send the schedule twice"


def test_nothing_internal_is_published(services):
    for name in INTERNAL:
        assert not services[name].get("ports"), (
            f"{name} publishes {published_ports(services[name])}"
        )
    # The mail catcher's page holds every email: this machine only.
    assert all(port.startswith("127.0.0.1:") for port in published_ports(services["mail"]))
    assert sorted(published_ports(services["proxy"])) == [":443:443", ":80:80"]


def test_long_running_services_have_healthchecks(services):
    assert "celery -A config inspect ping" in healthcheck_test(services["worker"])
    for name in ("db", "redis", "objects", "worker"):
        assert healthcheck_test(services[name]), name
    # web and proxy: their images' HEALTHCHECK (Dockerfile, deploy/nginx/Dockerfile).
    proxy_health = [
        args
        for kw, args in dockerfile_instructions(PROXY_DIR / "Dockerfile")
        if kw == "HEALTHCHECK"
    ]
    assert proxy_health and "/healthz" in proxy_health[0]
    assert depends_on(services["proxy"]).get("web") == "service_healthy"


def test_the_proxy_fronts_the_web_replicas(services):
    proxy = services["proxy"]
    build = proxy["build"] if isinstance(proxy["build"], dict) else {"context": proxy["build"]}
    assert (ROOT / build["context"]).resolve() == PROXY_DIR
    env = environment_of(proxy)
    assert "server web:8000" in env["HUB_UPSTREAM_SERVERS"]
    mounts = mounts_of(proxy)
    assert ("static", "/srv/static") in mounts
    assert ("certs", "/etc/nginx/certs") in mounts


def test_the_bucket_is_created_private(services):
    buckets = services["buckets"]
    script = " ".join(command_of(buckets) or [])
    script += " ".join(str(part) for part in buckets.get("entrypoint") or [])
    assert "mc mb --ignore-existing objects/hub-private" in script
    assert "mc anonymous set none objects/hub-private" in script
    assert buckets.get("restart") == "no"
    assert depends_on(buckets).get("objects") == "service_healthy"


def test_the_development_override_example_is_valid(compose, empty_env_file):
    done = subprocess.run(
        [*compose.argv, "-f", str(COMPOSE_FILE), "-f", str(OVERRIDE_EXAMPLE), "--env-file",
         str(empty_env_file), "--profile", "demo", "config", "-q"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_worker_and_beat_run_celery_for_the_hub(services):
    assert contains_sequence(command_of(services["worker"]), ["celery", "-A", "config", "worker"])
    beat = command_of(services["beat"])
    assert contains_sequence(beat, ["celery", "-A", "config", "beat"])
    assert "--schedule" in beat or any(arg.startswith("--schedule=") for arg in beat)


def test_shared_environment(services):
    envs = {name: environment_of(services[name]) for name in APP_SERVICES}
    first = envs["web"]
    assert all(env == first for env in envs.values()), "web, worker, beat and seed share one env"
    assert first["DATABASE_URL"] == "postgres://hub:hub@db:5432/hub"
    assert first["REDIS_URL"] == "redis://redis:6379/0"
    assert first["EMAIL_HOST"] == "mail"
    assert first["EMAIL_PORT"] == "1025"
    assert first["HUB_VAR_DIR"] == "/app/var"
    assert first["ALLOWED_HOSTS"] == "localhost,127.0.0.1"
    assert first["SITE_URL"] == "https://localhost"
    # Behind the one proxy: the client's address is the last entry of X-Forwarded-For.
    assert first["TRUSTED_PROXY_COUNT"] == "1"
    # Members-only files in the object store, handed out by the proxy after the hub's check.
    assert first["S3_BUCKET"] == "hub-private"
    assert first["S3_ENDPOINT_URL"] == "http://objects:9000"
    assert first["AWS_ACCESS_KEY_ID"] and first["AWS_SECRET_ACCESS_KEY"]
    assert first["PRIVATE_MEDIA_DELIVERY"] == "x-accel-redirect"
    # `docker compose up` works on a clean checkout: development, key generated once.
    assert first["HUB_ENV"] == "development"
    assert first["SECRET_KEY"] == ""


def test_operator_can_switch_to_production(compose, empty_env_file):
    key = "k" * 30 + "-production-key-for-the-test-0123456789"
    config = load_config(
        compose,
        empty_env_file,
        env={"HUB_ENV": "production", "SECRET_KEY": key, "ALLOWED_HOSTS": "hub.example.org"},
    )
    for name in APP_SERVICES:
        env = environment_of(config["services"][name])
        assert env["HUB_ENV"] == "production"
        assert env["SECRET_KEY"] == key
        assert env["ALLOWED_HOSTS"] == "hub.example.org"


# --- (c) The Dockerfile ----------------------------------------------------------------------------


def test_dockerfile_base_image_and_uv():
    instructions = dockerfile_instructions()
    assert instructions[0] == ("FROM", "python:3.11-slim")
    runs = [args for keyword, args in instructions if keyword == "RUN"]
    assert any(re.search(r"\bpip install\b.*\buv\b", run) for run in runs), "uv comes from PyPI"


def test_dockerfile_installs_dependencies_from_the_lock_file():
    instructions = dockerfile_instructions()
    lock_copied = next(
        (
            i
            for i, (kw, args) in enumerate(instructions)
            if kw == "COPY" and "uv.lock" in args.split()
        ),
        None,
    )
    sync = next(
        (i for i, (kw, args) in enumerate(instructions) if kw == "RUN" and "uv sync" in args),
        None,
    )
    assert lock_copied is not None, "uv.lock is never copied in"
    assert sync is not None, "dependencies are not installed with `uv sync`"
    assert lock_copied < sync
    sync_args = instructions[sync][1].split()
    assert "--frozen" in sync_args, "install exactly what uv.lock says"
    assert "--no-dev" in sync_args


def test_dockerfile_collects_static_files_at_build():
    instructions = dockerfile_instructions()
    collect = [args for kw, args in instructions if kw == "RUN" and "collectstatic" in args]
    assert collect, "collectstatic must run at build (the manifest storage needs it)"
    assert "--noinput" in collect[0]
    assert "HUB_ENV=production" in collect[0], "collect with the production (manifest) storage"
    cmd_index = max(i for i, (kw, _) in enumerate(instructions) if kw == "CMD")
    collect_index = next(i for i, (kw, args) in enumerate(instructions) if "collectstatic" in args)
    assert collect_index < cmd_index


def test_dockerfile_runs_as_a_non_root_user():
    instructions = dockerfile_instructions()
    cmd_index = max(i for i, (kw, _) in enumerate(instructions) if kw == "CMD")
    users = [args for kw, args in instructions[:cmd_index] if kw == "USER"]
    assert users, "no USER before CMD: the container would run as root"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    runs = " ".join(args for kw, args in instructions if kw == "RUN")
    assert re.search(rf"useradd\b.*--uid 10001\b.*\b{re.escape(user)}\b", runs)


def test_dockerfile_serves_gunicorn_with_a_healthcheck():
    instructions = dockerfile_instructions()
    assert ("EXPOSE", "8000") in instructions
    cmd = dockerfile_cmd()
    assert cmd[:2] == ["gunicorn", "config.wsgi:application"]
    assert contains_sequence(cmd, ["--bind", "0.0.0.0:8000"])
    assert contains_sequence(cmd, ["--access-logfile", "-"])
    health = [args for kw, args in instructions if kw == "HEALTHCHECK"]
    assert health, "no HEALTHCHECK"
    assert "urllib" in health[0] and "/healthz" in health[0]
