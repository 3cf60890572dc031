"""The suppression's fast question (augmenting paths from the true table, suppression.py) against
the plain one it replaced: a maximum flow over the whole table with lower bounds, for every value
asked about. Both must answer every question alike, so that the same tables hide the same cells;
test_suppression.py then checks the guarantee itself with linear programming."""

from __future__ import annotations

from collections import deque

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.reporting.suppression import Position, _Table, suppress

_UNBOUNDED = 10**12


class _Network:
    """Max flow (Dinic) on a small graph; edges are [to, capacity, index of the reverse edge]."""

    def __init__(self, nodes: int) -> None:
        self.edges: list[list[list[int]]] = [[] for _ in range(nodes)]

    def add(self, tail: int, head: int, capacity: int) -> None:
        self.edges[tail].append([head, capacity, len(self.edges[head])])
        self.edges[head].append([tail, 0, len(self.edges[tail]) - 1])

    def max_flow(self, source: int, sink: int) -> int:
        total = 0
        while True:
            level = [-1] * len(self.edges)
            level[source] = 0
            queue = deque([source])
            while queue:
                node = queue.popleft()
                for head, capacity, _reverse in self.edges[node]:
                    if capacity > 0 and level[head] < 0:
                        level[head] = level[node] + 1
                        queue.append(head)
            if level[sink] < 0:
                return total
            cursor = [0] * len(self.edges)
            while pushed := self._push(source, sink, _UNBOUNDED, level, cursor):
                total += pushed

    def _push(self, node: int, sink: int, limit: int, level: list[int], cursor: list[int]) -> int:
        if node == sink:
            return limit
        edges = self.edges[node]
        while cursor[node] < len(edges):
            edge = edges[cursor[node]]
            head, capacity, reverse = edge
            if capacity > 0 and level[head] == level[node] + 1:
                pushed = self._push(head, sink, min(limit, capacity), level, cursor)
                if pushed:
                    edge[1] -= pushed
                    self.edges[head][reverse][1] += pushed
                    return pushed
            cursor[node] += 1
        return 0


class _PlainTable(_Table):
    """The table asking each question as a feasible circulation, from scratch."""

    def can_be(self, position: Position, value: int) -> bool:
        low, high = self.bounds(position)
        if not low <= value <= high:
            return False
        nodes = self.rows + self.columns + 2
        extra_source, extra_sink = nodes, nodes + 1
        network = _Network(nodes + 2)
        excess = [0] * nodes
        for other in self.values:
            low, high = (value, value) if other == position else self.bounds(other)
            tail, head = self._arc(other)
            if high > low:
                network.add(tail, head, high - low)
            excess[head] += low
            excess[tail] -= low
        needed = 0
        for node, amount in enumerate(excess):
            if amount > 0:
                network.add(extra_source, node, amount)
                needed += amount
            elif amount < 0:
                network.add(node, extra_sink, -amount)
        return network.max_flow(extra_source, extra_sink) == needed


counts = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 40))
tables = st.integers(1, 7).flatmap(
    lambda rows: st.integers(1, 9).flatmap(
        lambda columns: st.lists(
            st.lists(counts, min_size=columns, max_size=columns), min_size=rows, max_size=rows
        )
    )
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables, st.data())
def test_both_ways_answer_every_question_alike(cells: list[list[int]], data: st.DataObject) -> None:
    fast, plain = _Table(cells), _PlainTable(cells)
    # Hide some more numbers at random, as the loop would, in both tables alike.
    extra = data.draw(st.sets(st.sampled_from(sorted(fast.values, key=str)), max_size=8))
    fast.secondary |= extra - fast.primary
    plain.secondary |= extra - plain.primary
    for position in fast.values:
        value = fast.values[position]
        for change in (-3, -2, -1, 1, 2, 3):
            assert fast.can_be(position, value + change) == plain.can_be(
                position, value + change
            ), (position, value, change)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_the_same_tables_hide_the_same_numbers(cells: list[list[int]]) -> None:
    assert suppress(cells) == _PlainTable(cells).suppress()
