"""Loading a PO file in steps (what the review screen does with a large file): the entries
and header read so far are there before the end, and the result, or the error, is the one
PoStore.load gives, whatever the steps and wherever the file is wrong."""

from __future__ import annotations

import random
import sys
import threading
from pathlib import Path

import pytest
from test_po_reader import HEADER, entries, mutants, written

from review_tool.errors import InputError
from review_tool.po.store import PoStore


def state(store: PoStore) -> tuple[object, ...]:
    """Everything a load decides, positions included (PoEntry equality ignores them)."""
    return (
        [(e, e.line, e.msgstr_line) for e in store._items],
        store._starts,
        store._ends,
        store._lines0,
        store._live,
        store._obs,
        store._header_item,
        store.header,
        store.newline,
        store.entries,
        store.obsolete,
        {e.key: store.find(*e.key) for e in store.entries},
        store._current_bytes(),
    )


def loaded(path: Path, sizes: list[int] | None = None) -> object:
    """The store state (or error) of a load in steps of ``sizes`` bytes, then the rest."""
    try:
        loading = PoStore.start_load(path)
        for size in sizes or []:
            loading.step(size)
        return state(loading.finish())
    except InputError as error:
        return ("error", error.line, error.message)


def test_first_entries_and_header_come_before_the_end(tmp_path: Path) -> None:
    items = [e for e in entries(1, 400, rare=False) if not e.obsolete]
    path = tmp_path / "big.po"
    path.write_bytes(written(items))
    loading = PoStore.start_load(path)
    assert len(loading.entries) == 0 and loading.fraction == 0.0
    assert not loading.step(20_000)
    assert loading.header["Language"] == "de"
    seen = len(loading.entries)
    assert 0 < seen < len(items)
    assert list(loading.entries) == items[:seen]
    assert loading.entries[-1] == items[seen - 1]
    assert 0 < loading.fraction < 1 and not loading.complete
    while not loading.step(50_000):
        assert len(loading.entries) >= seen
        seen = len(loading.entries)
    assert loading.complete and loading.fraction == 1.0
    store = loading.finish()
    assert store.entries == items and list(loading.entries) == items
    assert state(store) == state(PoStore.load(path))


@pytest.mark.parametrize("seed", range(4))
def test_steps_give_what_load_gives_or_the_same_error(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    base = written(entries(seed, 30))
    path = tmp_path / "cat.po"
    results = {"loaded": 0, "refused": 0}
    for data in [base, *mutants(base, seed, 120), base.replace(b"Language", b"\xffLanguage")]:
        path.write_bytes(data)
        whole = loaded(path)
        sizes = [rng.randint(1, 3000) for _ in range(rng.randint(1, 12))]
        assert loaded(path, sizes) == whole, data
        results["refused" if whole[0] == "error" else "loaded"] += 1  # type: ignore[index]
    assert results["loaded"] > 10 and results["refused"] > 10, results


def test_a_bad_byte_at_the_end_is_the_error_even_after_the_first_entries(tmp_path: Path) -> None:
    items = [e for e in entries(2, 300, rare=False) if not e.obsolete]
    data = written(items)
    path = tmp_path / "cat.po"
    # a broken entry near the start, an invalid byte near the end: load names the byte
    first, last = data.find(b'\nmsgid "') + 8, data.rfind(b'\nmsgstr "') + 9
    broken = data[:first] + b"\\q" + data[first:last] + b"\xff" + data[last:]
    path.write_bytes(broken)
    with pytest.raises(InputError) as caught:
        PoStore.load(path)
    assert "invalid UTF-8" in caught.value.message
    assert caught.value.line == broken[:last].count(b"\n") + 1
    loading = PoStore.start_load(path)
    with pytest.raises(InputError) as stepped:
        while not loading.step(4096):
            pass
    assert (stepped.value.line, stepped.value.message) == (caught.value.line, caught.value.message)
    with pytest.raises(InputError):  # and again on every later call
        loading.finish()
    # an entry broken near the end, read in steps: the first entries come, then the error
    path.write_bytes(data[: len(data) - 40] + b'\nmsgstr[7] "x"\n')
    loading = PoStore.start_load(path)
    loading.step(4096)
    assert len(loading.entries) > 0
    with pytest.raises(InputError) as late:
        loading.finish()
    with pytest.raises(InputError) as whole:
        PoStore.load(path)
    assert (late.value.line, late.value.message) == (whole.value.line, whole.value.message)


def test_a_charset_python_cannot_read_stops_the_load_before_any_entry(tmp_path: Path) -> None:
    path = tmp_path / "euc-tw.po"
    body = "".join(f'\nmsgid "a{i}"\nmsgstr "b"\n' for i in range(2000))
    path.write_bytes((HEADER.replace("UTF-8", "EUC-TW") + body).encode())  # no codec
    with pytest.raises(InputError, match="msgconv"):
        PoStore.start_load(path).step(1000)


def test_entries_read_so_far_can_be_read_while_another_thread_parses(tmp_path: Path) -> None:
    items = [e for e in entries(4, 3000, rare=False) if not e.obsolete]
    path = tmp_path / "big.po"
    path.write_bytes(written(items))
    loading = PoStore.start_load(path)
    failures: list[BaseException] = []

    def reader() -> None:
        try:
            while not loading.complete:
                view = loading.entries
                count = len(view)
                if count:
                    assert view[count - 1] == items[count - 1]
        except BaseException as error:  # reported in the test's thread
            failures.append(error)

    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # thread switches inside the parse, often
    try:
        thread = threading.Thread(target=reader)
        thread.start()
        while not loading.step(5000):
            pass
        thread.join()
    finally:
        sys.setswitchinterval(switch)
    assert not failures, failures
