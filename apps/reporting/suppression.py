"""Small-cell suppression for a table of counts published with its totals.

A directorate report shows counts of people, never the people, so (DOMAIN.md, "Reporting"):

1. **Primary suppression.** A cell counting 1 to 4 people is shown as ":". Zero is shown: it
   tells nobody anything about a person.
2. **Small totals.** A row, column or grand total of 1 to 4 is a count of people too and is not
   shown either. It is hidden as an unknown (not as "between 1 and 4"): were a total of 4 over a
   row of four 1s announced as "1 to 4", every one of those cells would be known to be 1.
3. **Secondary suppression.** Further numbers are hidden until no hidden number can be narrowed
   down to fewer than three possible values from everything the table still shows: its shown
   cells and totals, ":" meaning 1 to 4, and every other hidden number being at least 0.

The algorithm is a loop a person can follow. Take the first hidden number that is not yet safe.
It is safe when the shown numbers still allow it to be one more and one less than it is (or two
more, or two less): then at least three values are possible. If it is not safe, hide the
smallest shown number on its row or column (cells before totals, and a zero only when no
non-zero number is left there, so zeros stay visible whenever that is possible), and look again.
Hiding a number only ever widens what the others could be, so a number found safe stays safe,
and the loop ends: at worst everything is hidden, and then every hidden number can move freely.

Whether a number can take a value is an exact question about the table, answered as a flow
problem (no linear-programming library needed in production): the cells are the flow from each
row to each column, the row totals the flow into the rows, the column totals the flow out of the
columns, and the grand total the flow back round. A table with the given numbers shown and the
others within their bounds is a feasible circulation in that network, and the true table is one.
So a number can be ``k`` more than it is exactly when ``k`` more units can go round a cycle
through its arc: from its arc's head back to its tail through the other hidden numbers, each
able to grow to its upper bound or shrink to its lower one (a shown number cannot move). That is
a search for at most two augmenting paths in a graph of the hidden numbers only, instead of a
maximum flow over the whole table for every question. The constraint matrix of such a network is
totally unimodular, so the values a number can take are all the whole numbers between its
smallest and largest possible value: checking the neighbours of its true value is enough.

The result names the hidden positions, never their values.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass

# (row, column); a None stands for "all of them": (i, None) is row i's total, (None, j) column
# j's total, (None, None) the grand total.
Position = tuple[int | None, int | None]

SMALL_LOW, SMALL_HIGH = 1, 4
SUPPRESSED = ":"
# Stands in for "no upper bound" in the flow network; far above any count of people.
_UNBOUNDED = 10**12


def is_small(count: int) -> bool:
    return SMALL_LOW <= count <= SMALL_HIGH


@dataclass(frozen=True)
class Suppression:
    """Which positions of a rows x columns table (with its totals) are not shown."""

    rows: int
    columns: int
    primary: frozenset[Position]  # cells of 1 to 4
    secondary: frozenset[Position]  # small totals and the numbers hidden to protect others

    @property
    def hidden(self) -> frozenset[Position]:
        return self.primary | self.secondary

    def shows(self, position: Position) -> bool:
        return position not in self.hidden

    def display(self, cells: Sequence[Sequence[int]]) -> list[list[str]]:
        """The table as shown: each row with its total last, then the column totals and the
        grand total. Every hidden number is shown as ":", as Statistics Norway does, so a reader
        cannot tell a small cell from one hidden to protect it."""
        values = _values(cells)
        shown = [
            [
                SUPPRESSED if position in self.hidden else str(values[position])
                for position in [*((i, j) for j in range(self.columns)), (i, None)]
            ]
            for i in range(self.rows)
        ]
        shown.append(
            [
                SUPPRESSED if position in self.hidden else str(values[position])
                for position in [*((None, j) for j in range(self.columns)), (None, None)]
            ]
        )
        return shown


def _values(cells: Sequence[Sequence[int]]) -> dict[Position, int]:
    rows, columns = len(cells), len(cells[0]) if cells else 0
    values: dict[Position, int] = {}
    for i in range(rows):
        for j in range(columns):
            values[(i, j)] = cells[i][j]
        values[(i, None)] = sum(cells[i])
    for j in range(columns):
        values[(None, j)] = sum(cells[i][j] for i in range(rows))
    values[(None, None)] = sum(values[(i, None)] for i in range(rows))
    return values


class _Table:
    def __init__(self, cells: Sequence[Sequence[int]]) -> None:
        self.rows = len(cells)
        self.columns = len(cells[0]) if cells else 0
        if any(len(row) != self.columns for row in cells):
            raise ValueError("Every row needs the same number of cells.")
        if any(count < 0 for row in cells for count in row):
            raise ValueError("Counts cannot be negative.")
        self.values = _values(cells)
        small = {position for position, count in self.values.items() if is_small(count)}
        # Small cells are shown as ":" (1 to 4); small totals are simply hidden (see the module).
        self.primary = {(row, column) for row, column in small if None not in (row, column)}
        self.secondary = small - self.primary
        self._unit_cost = {position: self._cost([position]) for position in self.values}

    # --- The table as a circulation ----------------------------------------------------------

    def _arc(self, position: Position) -> tuple[int, int]:
        """The arc a position's count flows along: source -> row -> column -> sink -> source."""
        source, sink = 0, self.rows + self.columns + 1
        row, column = position
        if row is None:
            # The grand total flows back round; a column total leaves its column for the sink.
            return (sink, source) if column is None else (1 + self.rows + column, sink)
        if column is None:
            return source, 1 + row
        return 1 + row, 1 + self.rows + column

    def bounds(self, position: Position) -> tuple[int, int]:
        if position in self.primary:
            return SMALL_LOW, SMALL_HIGH
        if position in self.secondary:
            return 0, _UNBOUNDED
        value = self.values[position]
        return value, value

    def can_be(self, position: Position, value: int) -> bool:
        """Could ``position`` hold ``value``, given what is shown and what is hidden?"""
        low, high = self.bounds(position)
        if not low <= value <= high:
            return False
        change = value - self.values[position]
        if change == 0:
            return True
        tail, head = self._arc(position)
        # More on this arc comes back round from its head to its tail; less, the other way.
        start, end = (head, tail) if change > 0 else (tail, head)
        return self._paths(start, end, abs(change), position) >= abs(change)

    def _paths(self, start: int, end: int, wanted: int, skip: Position) -> int:
        """How many units (up to ``wanted``) can go from ``start`` to ``end`` by moving the hidden
        numbers other than ``skip`` within their bounds, starting from the true table: the
        residual network of the true circulation, searched breadth first for augmenting paths."""
        residual: dict[int, dict[int, int]] = defaultdict(dict)
        for other in self.primary | self.secondary:
            if other == skip:
                continue
            low, high = self.bounds(other)
            value = self.values[other]
            tail, head = self._arc(other)
            if high > value:  # it can grow: flow along its arc
                residual[tail][head] = residual[tail].get(head, 0) + high - value
            if value > low:  # it can shrink: flow against its arc
                residual[head][tail] = residual[head].get(tail, 0) + value - low
        found = 0
        while found < wanted:
            previous: dict[int, int] = {start: start}
            queue = deque([start])
            while queue and end not in previous:
                node = queue.popleft()
                for neighbour, capacity in residual[node].items():
                    if capacity > 0 and neighbour not in previous:
                        previous[neighbour] = node
                        queue.append(neighbour)
            if end not in previous:
                return found
            path, node = [], end
            while node != start:
                path.append((previous[node], node))
                node = previous[node]
            amount = min(wanted - found, *(residual[u][v] for u, v in path))
            for u, v in path:
                residual[u][v] -= amount
                residual[v][u] = residual[v].get(u, 0) + amount
            found += amount
        return found

    def is_safe(self, position: Position) -> bool:
        """At least three whole values possible (they form an interval holding the true one)."""
        value = self.values[position]
        up, down = self.can_be(position, value + 1), self.can_be(position, value - 1)
        if up and down:
            return True
        if up:
            return self.can_be(position, value + 2)
        if down:
            return self.can_be(position, value - 2)
        return False

    # --- Choosing what else to hide ----------------------------------------------------------

    def _position(self, row: int, column: int) -> Position:
        """Index into the table with its totals: row ``self.rows`` is the column totals, column
        ``self.columns`` the row totals."""
        return (None if row == self.rows else row, None if column == self.columns else column)

    def _cost(self, positions: list[Position]) -> tuple[int, int, int, int]:
        """What hiding these (shown) numbers gives away: totals first, then zeros (both are to
        stay visible when anything else will do), then the people hidden, then the count."""
        return (
            sum(1 for row, column in positions if row is None or column is None),
            sum(1 for p in positions if self.values[p] == 0),
            sum(self.values[p] for p in positions),
            len(positions),
        )

    def partners(self, position: Position) -> list[Position]:
        """The cheapest rectangle of still shown numbers that lets ``position`` move.

        Adding to one corner of a rectangle (in the table with its totals) and taking from the
        two corners beside it, adding to the fourth, changes no total; so once the other three
        corners are hidden, the shown numbers no longer pin ``position`` down. If every
        rectangle is hidden already and it is still pinned (by the bounds), fall back to the
        cheapest single shown number anywhere.
        """
        hidden = self.primary | self.secondary
        row, column = (
            self.rows if position[0] is None else position[0],
            self.columns if position[1] is None else position[1],
        )
        best: list[Position] | None = None
        best_cost: tuple[int, ...] = ()
        for other_row in range(self.rows + 1):
            for other_column in range(self.columns + 1):
                if other_row == row or other_column == column:
                    continue
                corners = [
                    self._position(row, other_column),
                    self._position(other_row, column),
                    self._position(other_row, other_column),
                ]
                new = [p for p in corners if p not in hidden]
                if not new:
                    continue
                # _cost(new), added up from each corner's own cost: this loop runs over the
                # whole table for every number that is not yet safe.
                cost = tuple(map(sum, zip(*(self._unit_cost[p] for p in new), strict=True)))
                if best is None or cost < best_cost:
                    best, best_cost = new, cost
        if best is not None:
            return best
        shown = [p for p in self.values if p not in hidden]
        return [min(shown, key=lambda p: self._cost([p]))] if shown else []

    def suppress(self) -> Suppression:
        pending = sorted(self.primary | self.secondary, key=_order)
        while pending:
            position = pending[0]
            if self.is_safe(position):
                pending.pop(0)
                continue
            partners = self.partners(position)
            if not partners:  # pragma: no cover - everything hidden leaves every value free
                raise RuntimeError("No suppression pattern protects this table.")
            self.secondary.update(partners)
            pending.extend(partners)
        return Suppression(
            rows=self.rows,
            columns=self.columns,
            primary=frozenset(self.primary),
            secondary=frozenset(self.secondary),
        )


def _order(position: Position) -> tuple[int, int]:
    row, column = position
    return (-1 if row is None else row, -1 if column is None else column)


def suppress(cells: Sequence[Sequence[int]]) -> Suppression:
    """Decide what a table of counts (rows x columns, totals added) may show. See the module."""
    return _Table(cells).suppress()
