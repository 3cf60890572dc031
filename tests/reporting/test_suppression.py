"""Small-cell suppression, checked from the outside by linear programming.

For every hidden number the test asks scipy's ``linprog`` for the smallest and the largest value
it could have, given everything the table publishes: the shown cells and totals, ":" cells
between 1 and 4 (primary suppression), and every other hidden number at least 0. It then asserts
that the two are at least 2 apart, so that at least three values remain possible.

Relaxing the integers to reals loses nothing here. The constraints are "each row's cells add up
to the row total, each column's to the column total, the row totals (and the column totals) to
the grand total": the node-arc incidence matrix of a network (source -> row -> column -> sink ->
source), which is totally unimodular. With whole-number bounds and right-hand sides every vertex
of the feasible region is whole, so the real minimum and maximum are whole numbers themselves,
and every whole number between them is reachable (fixing one variable to it keeps the system
totally unimodular and, by convexity, feasible). So max - min >= 2 means three whole values.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from apps.reporting.suppression import Position, Suppression, suppress

Table = list[list[int]]


def published_values(cells: Sequence[Sequence[int]]) -> dict[Position, int]:
    rows, columns = len(cells), len(cells[0])
    values: dict[Position, int] = {(i, j): cells[i][j] for i in range(rows) for j in range(columns)}
    values.update({(i, None): sum(cells[i]) for i in range(rows)})
    values.update({(None, j): sum(row[j] for row in cells) for j in range(columns)})
    values[(None, None)] = sum(map(sum, cells))
    return values


def ranges(cells: Table, suppression: Suppression) -> dict[Position, tuple[float, float]]:
    """The smallest and largest value of each hidden number, from the published table only."""
    rows, columns = len(cells), len(cells[0])
    values = published_values(cells)
    hidden = sorted(suppression.hidden, key=str)
    index = {position: k for k, position in enumerate(hidden)}
    equations: list[list[Position]] = (
        [[(i, j) for j in range(columns)] + [(i, None)] for i in range(rows)]
        + [[(i, j) for i in range(rows)] + [(None, j)] for j in range(columns)]
        + [[(i, None) for i in range(rows)] + [(None, None)]]
        + [[(None, j) for j in range(columns)] + [(None, None)]]
    )
    a_eq, b_eq = [], []
    for equation in equations:
        # Parts minus the total is zero; what is shown moves to the right-hand side.
        coefficients = np.zeros(len(hidden))
        constant = 0.0
        for position in equation:
            sign = -1.0 if position == equation[-1] else 1.0
            if position in index:
                coefficients[index[position]] += sign
            else:
                constant -= sign * values[position]
        a_eq.append(coefficients)
        b_eq.append(constant)
    bounds = [(1, 4) if p in suppression.primary else (0, None) for p in hidden]
    found = {}
    for position in hidden:
        objective = np.zeros(len(hidden))
        objective[index[position]] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        assert low.status == 0, low.message  # the true table is feasible
        top = float("inf") if high.status == 3 else -high.fun
        assert high.status in (0, 3), high.message
        found[position] = (low.fun, top)
    return found


def assert_protected(cells: Table, suppression: Suppression) -> None:
    values = published_values(cells)
    for position, (low, high) in ranges(cells, suppression).items():
        assert low - 1e-6 <= values[position] <= high + 1e-6
        assert high - low >= 2 - 1e-6, (position, values[position], low, high)


def assert_primary_rule(cells: Table, suppression: Suppression) -> None:
    values = published_values(cells)
    small_cells = {p for p, v in values.items() if None not in p and 1 <= v <= 4}
    small_totals = {p for p, v in values.items() if None in p and 1 <= v <= 4}
    assert suppression.primary == small_cells
    assert small_totals <= suppression.secondary
    assert not any(values[p] == 0 for p in suppression.primary)
    shown = suppression.display(cells)
    assert all(
        (shown[-1 if i is None else i][-1 if j is None else j] == ":") == (p in suppression.hidden)
        for p in values
        for i, j in [p]
    )


counts = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 60))
tables = st.integers(1, 6).flatmap(
    lambda rows: st.integers(2, 12).flatmap(
        lambda columns: st.lists(
            st.lists(counts, min_size=columns, max_size=columns), min_size=rows, max_size=rows
        )
    )
)
sparse = st.integers(2, 5).flatmap(
    lambda rows: st.lists(
        st.lists(st.sampled_from([0, 0, 0, 0, 1, 2, 3, 7, 25]), min_size=6, max_size=6),
        min_size=rows,
        max_size=rows,
    )
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_no_hidden_number_can_be_narrowed_to_fewer_than_three_values(cells: Table) -> None:
    suppression = suppress(cells)
    assert_primary_rule(cells, suppression)
    assert_protected(cells, suppression)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sparse)
def test_mostly_empty_tables_are_protected_too(cells: Table) -> None:
    suppression = suppress(cells)
    assert_primary_rule(cells, suppression)
    assert_protected(cells, suppression)


def test_zeros_are_published_and_the_small_cells_still_protected() -> None:
    cells = [
        [0, 12, 3, 9],
        [7, 0, 2, 15],
        [11, 8, 0, 0],
        [0, 6, 14, 10],
    ]
    suppression = suppress(cells)
    assert suppression.primary == {(0, 2), (1, 2)}
    # The cheapest rectangle without a zero: the 9 and the 15 beside the two small cells.
    assert suppression.secondary == {(0, 3), (1, 3)}
    assert suppression.display(cells) == [
        ["0", "12", ":", ":", "24"],
        ["7", "0", ":", ":", "24"],
        ["11", "8", "0", "0", "19"],
        ["0", "6", "14", "10", "30"],
        ["18", "26", "19", "34", "97"],
    ]
    assert_protected(cells, suppression)


def test_a_table_without_small_counts_is_shown_whole() -> None:
    cells = [[0, 0, 0], [12, 0, 7], [5, 9, 0]]
    suppression = suppress(cells)
    assert suppression.hidden == frozenset()
    assert suppression.display(cells)[1] == ["12", "0", "7", "19"]


def test_a_small_total_is_hidden_not_announced_as_one_to_four() -> None:
    # Were the row total shown as ":" (1 to 4), four ":" cells would each be exactly 1.
    cells = [[1, 1, 1, 1], [9, 8, 7, 6]]
    suppression = suppress(cells)
    assert (0, None) in suppression.secondary
    assert suppression.shows((None, None))
    assert_protected(cells, suppression)


@pytest.mark.parametrize(
    "cells",
    [
        [[3, 4], [9, 9]],  # a row of 3 + 4: shown, its total would pin both to 3 or 4
        [[1, 0], [0, 0]],  # one person in the whole table
        [[2, 0, 0, 0], [0, 0, 0, 30]],
        [[5, 5, 1], [5, 5, 5], [5, 5, 5]],
    ],
)
def test_hard_tables_are_protected(cells: Table) -> None:
    suppression = suppress(cells)
    assert_primary_rule(cells, suppression)
    assert_protected(cells, suppression)


def test_the_result_names_positions_never_values() -> None:
    suppression = suppress([[3, 12], [10, 20]])
    assert all(isinstance(p, tuple) for p in suppression.hidden)
    assert not hasattr(suppression, "values")
