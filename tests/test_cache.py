"""The cache folder for built tables: a hit equals a fresh build; anything wrong rebuilds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dateline import cache
from dateline.config import Settings


class Builder:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, list[int]]:
        self.calls += 1
        return {"kabul": [1, 2, 3]}


def test_second_load_comes_from_the_file(tmp_path: Path) -> None:
    source = tmp_path / "input.txt"
    source.write_text("v1")
    build = Builder()
    first = cache.load_or_build("table", build, inputs=[source], folder=tmp_path / "c")
    second = cache.load_or_build("table", build, inputs=[source], folder=tmp_path / "c")
    assert first == second == {"kabul": [1, 2, 3]}
    assert build.calls == 1
    assert len(list((tmp_path / "c").glob("table-*.pickle"))) == 1


def test_changed_input_rebuilds(tmp_path: Path) -> None:
    source = tmp_path / "input.txt"
    source.write_text("v1")
    build = Builder()
    cache.load_or_build("table", build, inputs=[source], folder=tmp_path)
    source.write_text("version 2")  # another size
    cache.load_or_build("table", build, inputs=[source], folder=tmp_path)
    assert build.calls == 2


def test_package_version_is_part_of_the_fingerprint() -> None:
    assert cache.fingerprint(["pyyaml"]) != cache.fingerprint(["no-such-package-here"])
    assert cache.fingerprint(["pyyaml"]) == cache.fingerprint(["pyyaml"])


def test_corrupt_file_is_rebuilt_and_replaced(tmp_path: Path) -> None:
    build = Builder()
    cache.load_or_build("table", build, inputs=[], folder=tmp_path)
    (path,) = tmp_path.glob("table-*.pickle")
    path.write_bytes(path.read_bytes()[:10])  # truncated, as by a killed writer
    assert cache.load_or_build("table", build, inputs=[], folder=tmp_path) == build()
    assert build.calls == 3  # the two loads built, plus the call in the assert
    assert cache.load_or_build("table", build, inputs=[], folder=tmp_path) == {"kabul": [1, 2, 3]}
    assert build.calls == 3  # the rebuilt file is good again


def test_unwritable_folder_still_builds(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    build = Builder()
    assert cache.load_or_build("table", build, inputs=[], folder=blocker / "sub") == {
        "kabul": [1, 2, 3]
    }
    assert build.calls == 1


def test_off_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "SETTINGS", Settings(cache_dir="off"))
    assert cache.cache_folder() is None
    monkeypatch.setattr(cache, "SETTINGS", Settings(cache_dir="~/somewhere"))
    assert cache.cache_folder() == Path(os.path.expanduser("~/somewhere"))


def test_cached_gazetteer_equals_a_fresh_build(tmp_path: Path) -> None:
    from dateline import gazetteer as gz

    built = cache.load_or_build(
        "gazetteer", gz.build_gazetteer, inputs=gz._GAZETTEER_INPUTS, folder=tmp_path
    )
    loaded = cache.load_or_build(
        "gazetteer", gz.build_gazetteer, inputs=gz._GAZETTEER_INPUTS, folder=tmp_path
    )
    assert loaded is not built
    assert loaded.index == built.index
    assert loaded.skeletons() == built.skeletons()
    assert loaded.countries == built.countries and loaded.demonyms == built.demonyms
    assert [e.name for e in loaded.lookup("Chuhuiv")] == [e.name for e in built.lookup("Chuhuiv")]
