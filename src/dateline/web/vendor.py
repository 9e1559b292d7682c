"""Build step (``make install``): vendor the map's JS/CSS and country outlines from npm.

``python -m dateline.web.vendor`` runs ``npm pack`` for the pinned packages and unpacks the
files the map needs into ``static/vendor/`` (gitignored: nothing external is committed).
Run time never downloads anything; without npm or the network this prints why and exits 0,
and the map page falls back to a table of coordinates.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from dateline.web.render import VENDOR

# package@version → {file inside the tarball: path under vendor/}
PACKAGES: dict[str, dict[str, str]] = {
    "leaflet@1.9.4": {
        "package/dist/leaflet.js": "leaflet/leaflet.js",
        "package/dist/leaflet.css": "leaflet/leaflet.css",
        "package/dist/images/layers.png": "leaflet/images/layers.png",
        "package/dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
        "package/dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
        "package/dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
        "package/dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
        "package/LICENSE": "leaflet/LICENSE",
    },
    "world-atlas@2.0.2": {
        "package/countries-110m.json": "world-atlas/countries-110m.json",
        "package/LICENSE": "world-atlas/LICENSE",
    },
}


NPM_FAST_FAIL = ("--fetch-retries=1", "--fetch-retry-mintimeout=2000", "--fetch-timeout=30000")


def missing(dest: Path) -> list[str]:
    """The packages whose files are not all in ``dest``."""
    return [
        p for p, files in PACKAGES.items() if not all((dest / f).is_file() for f in files.values())
    ]


def unpack(tarball: Path, files: dict[str, str], dest: Path) -> None:
    with tarfile.open(tarball) as tar:
        for member, target in files.items():
            src = tar.extractfile(member)
            if src is None:
                raise KeyError(f"{member} is not a file in {tarball.name}")
            out = dest / target
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(src.read())


def vendor(dest: Path = VENDOR, force: bool = False) -> int:
    todo = list(PACKAGES) if force else missing(dest)
    if not todo:
        print(f"web assets already vendored in {dest}")
        return 0
    npm = shutil.which("npm")
    if npm is None:
        print("npm not found: the map page will list coordinates instead of drawing a map")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for spec in todo:
            # offline, npm retries for minutes by default: fail fast, the build goes on
            cmd = [npm, "pack", "--silent", *NPM_FAST_FAIL, "--pack-destination", tmp, spec]
            try:
                run = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
            except (OSError, subprocess.TimeoutExpired) as exc:
                print(f"npm pack {spec} did not finish ({exc}); skipping it")
                continue
            names = run.stdout.split()
            if run.returncode != 0 or not names:
                print(f"npm pack {spec} failed ({run.stderr.strip()[:200]}); skipping it")
                continue
            unpack(Path(tmp) / names[-1], PACKAGES[spec], dest)
            print(f"vendored {spec} into {dest}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=VENDOR)
    parser.add_argument("--force", action="store_true", help="Fetch again even when present.")
    args = parser.parse_args(argv)
    return vendor(args.dest, args.force)


if __name__ == "__main__":
    sys.exit(main())
