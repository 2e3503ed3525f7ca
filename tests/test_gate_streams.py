"""How ``tqcheck batch --jobs N`` deals documents to its workers: contiguous runs, so two workers
rarely check neighbouring documents (which share sentences) at the same time, and stealing, so no
worker idles while documents remain."""

from __future__ import annotations

from tqcheck.gate.batch import _Streams


def _deal(items: list[int], count: int, order: list[int]) -> list[tuple[int, int]]:
    """Ask streams for documents in ``order`` (stream numbers, cycled) until all are dry."""
    streams = _Streams(items, count)  # type: ignore[arg-type]
    dealt: list[tuple[int, int]] = []
    dry: set[int] = set()
    step = 0
    while len(dry) < count:
        stream = order[step % len(order)]
        step += 1
        if stream in dry:
            continue
        item = streams.next(stream)
        if item is None:
            dry.add(stream)
        else:
            dealt.append((stream, item))  # type: ignore[arg-type]
    return dealt


def test_every_document_is_dealt_exactly_once() -> None:
    for count in (1, 2, 3, 5):
        for size in (0, 1, 2, 7, 31):
            dealt = _deal(list(range(size)), count, list(range(count)))
            assert sorted(item for _, item in dealt) == list(range(size))


def test_two_workers_walk_the_two_halves_in_order() -> None:
    dealt = _deal(list(range(10)), 2, [0, 1])
    assert [item for stream, item in dealt if stream == 0] == [0, 1, 2, 3, 4]
    assert [item for stream, item in dealt if stream == 1] == [5, 6, 7, 8, 9]


def test_a_fast_worker_steals_the_far_end_of_the_longest_run() -> None:
    # Stream 1 asks four times for every time stream 0 asks: it finishes its half, then takes the
    # back half of what stream 0 has left, never the documents stream 0 is about to check.
    dealt = _deal(list(range(20)), 2, [0, 1, 1, 1, 1])
    first = [item for stream, item in dealt if stream == 0]
    second = [item for stream, item in dealt if stream == 1]
    assert second[:10] == list(range(10, 20))
    assert first[:3] == [0, 1, 2]
    stolen = second[10:]
    assert stolen and min(stolen) > max(first[:3])
    assert sorted(first + second) == list(range(20))
