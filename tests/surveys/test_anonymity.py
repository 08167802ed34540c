"""The anonymity rule for survey figures: worked examples and an independent property check.

The property check does not use the module's notion of residuals: it builds the row space of the
shown totals (one indicator vector per shown unit, over the units with own respondents) with
exact rational arithmetic and asserts that no group of 1..threshold-1 respondents has an
indicator vector in it, i.e. that no such group's total can be derived from the shown figures.
"""

import math
from fractions import Fraction
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.surveys.anonymity import Figure, shown_figures

# -- Independent helpers ---------------------------------------------------------------------


def _subtrees(parents):
    """Each unit's subtree (itself included), by walking up from every unit."""
    members = {unit_id: {unit_id} for unit_id in parents}
    for unit_id in parents:
        ancestor = parents[unit_id]
        while ancestor is not None:
            members[ancestor].add(unit_id)
            ancestor = parents[ancestor]
    return members


def _truth(parents, own):
    """Each unit's true subtree aggregate: (respondents, weighted mean or None)."""
    result = {}
    for unit_id, members in _subtrees(parents).items():
        rows = [own[m] for m in members if m in own and own[m][0] > 0]
        respondents = sum(r for r, _ in rows)
        mean = math.fsum(r * s for r, s in rows) / respondents if respondents else None
        result[unit_id] = (respondents, mean)
    return result


def _naive(parents, own, threshold):
    """Rule 1 alone: every unit with enough respondents in its subtree."""
    return {u for u, (n, _) in _truth(parents, own).items() if n >= threshold}


def _rref(rows, width):
    """Reduced row echelon form over the rationals: (nonzero rows, their pivot columns)."""
    rows = [list(row) for row in rows]
    pivots = []
    for column in range(width):
        rank = len(pivots)
        pick = next((i for i in range(rank, len(rows)) if rows[i][column] != 0), None)
        if pick is None:
            continue
        rows[rank], rows[pick] = rows[pick], rows[rank]
        lead = rows[rank][column]
        rows[rank] = [x / lead for x in rows[rank]]
        for i, row in enumerate(rows):
            if i != rank and row[column] != 0:
                factor = row[column]
                rows[i] = [a - factor * b for a, b in zip(row, rows[rank], strict=True)]
        pivots.append(column)
    return rows[: len(pivots)], pivots


def _candidates(own, threshold):
    """The atoms that can be part of a group below the threshold."""
    return sorted(u for u, (r, _) in own.items() if 0 < r < threshold)


def _leaks(shown, parents, own, threshold):
    """Groups of 1..threshold-1 respondents whose total is derivable from the shown figures.

    The atoms are the units with own respondents. A set of atoms is derivable when its indicator
    vector lies in the row space of the shown subtrees' indicator vectors. All sets are tried
    when there are at most 12 candidate atoms, else the sets of at most 4.
    """
    members = _subtrees(parents)
    atoms = sorted(u for u, (r, _) in own.items() if r > 0)
    column = {atom: i for i, atom in enumerate(atoms)}
    rows = []
    for unit_id in sorted(shown):
        row = [Fraction(0)] * len(atoms)
        for member in members[unit_id]:
            if member in column:
                row[column[member]] = Fraction(1)
        rows.append(row)
    basis, pivots = _rref(rows, len(atoms))
    free = [c for c in range(len(atoms)) if c not in pivots]
    # x is in the row space iff x[j] == sum(x[p] * basis_row(p)[j]) for every free column j, so
    # a set of atoms is derivable iff the signatures below sum to zero.
    signature = {}
    for atom in atoms:
        c = column[atom]
        if c in pivots:
            row = basis[pivots.index(c)]
            signature[atom] = [row[j] for j in free]
        else:
            signature[atom] = [Fraction(-1 if j == c else 0) for j in free]
    scale = math.lcm(1, *(x.denominator for sig in signature.values() for x in sig))
    signature = {a: tuple(int(x * scale) for x in sig) for a, sig in signature.items()}

    candidates = _candidates(own, threshold)
    max_size = len(candidates) if len(candidates) <= 12 else 4
    zero = (0,) * len(free)
    found = []

    def walk(start, chosen, respondents, total):
        if chosen and total == zero:
            found.append(tuple(chosen))
        if len(chosen) == max_size:
            return
        for i in range(start, len(candidates)):
            atom = candidates[i]
            grown = respondents + own[atom][0]
            if grown < threshold:
                summed = tuple(a + b for a, b in zip(total, signature[atom], strict=True))
                walk(i + 1, [*chosen, atom], grown, summed)

    walk(0, [], 0, zero)
    return found


def _residuals_ok(shown, parents, own, threshold):
    """Rule 2, computed directly from its definition."""
    members = _subtrees(parents)
    truth = _truth(parents, own)
    for unit_id in shown:
        below = [v for v in shown if v != unit_id and v in members[unit_id]]
        maximal = [
            v
            for v in below
            if not any(w != v and v in members[w] for w in below)  # nothing shown between
        ]
        residual = truth[unit_id][0] - sum(truth[v][0] for v in maximal)
        if 0 < residual < threshold:
            return False
    return True


# -- Worked examples -------------------------------------------------------------------------


def test_small_team_hidden_and_the_next_smallest_rolled_up():
    parents = {1: None, 2: 1, 3: 1, 4: 1}
    own = {2: (6, 50.0), 3: (6, 75.0), 4: (2, 100.0)}
    # Team 4 is below the threshold; then the parent's residual would be 2, so one of the teams
    # of 6 goes too: the one with the larger id.
    assert shown_figures(parents, own, 5) == {
        1: Figure(1, 14, pytest.approx((300 + 450 + 200) / 14)),
        2: Figure(2, 6, 50.0),
    }


def test_naive_rule_leaks_the_small_team():
    parents = {1: None, 2: 1, 3: 1, 4: 1}
    own = {2: (6, 50.0), 3: (6, 75.0), 4: (2, 100.0)}
    naive = _naive(parents, own, 5)
    assert naive == {1, 2, 3}
    assert _leaks(naive, parents, own, 5) == [(4,)]  # 14 - 6 - 6
    assert not _residuals_ok(naive, parents, own, 5)
    shown = set(shown_figures(parents, own, 5))
    assert _leaks(shown, parents, own, 5) == []
    assert _residuals_ok(shown, parents, own, 5)


def test_everything_shown_when_nothing_can_be_derived():
    parents = {1: None, 2: 1, 3: 1, 4: 3}
    own = {1: (5, 10.0), 2: (7, 20.0), 3: (10, 30.0), 4: (5, 40.0)}
    assert shown_figures(parents, own, 5) == {
        1: Figure(1, 27, pytest.approx((50 + 140 + 300 + 200) / 27)),
        2: Figure(2, 7, 20.0),
        3: Figure(3, 15, pytest.approx((300 + 200) / 15)),
        4: Figure(4, 5, 40.0),
    }


def test_parent_own_respondents_protected():
    # With both children shown, the parent's own 3 respondents would be 16 - 6 - 7.
    parents = {10: None, 11: 10, 12: 10}
    own = {10: (3, 0.0), 11: (6, 60.0), 12: (7, 70.0)}
    assert shown_figures(parents, own, 5) == {
        10: Figure(10, 16, pytest.approx((360 + 490) / 16)),
        12: Figure(12, 7, 70.0),
    }


def test_hiding_a_fully_covered_child_exposes_its_children():
    # Child 2 has nothing of its own (residual 0) and is hidden first, being the smallest; its
    # child 5 then becomes the parent's and is hidden next, which settles the parent.
    parents = {1: None, 2: 1, 3: 1, 5: 2}
    own = {1: (2, 0.0), 3: (6, 30.0), 5: (5, 50.0)}
    assert shown_figures(parents, own, 5) == {
        1: Figure(1, 13, pytest.approx((180 + 250) / 13)),
        3: Figure(3, 6, 30.0),
    }


def test_root_under_threshold_shows_nothing():
    parents = {1: None, 2: 1}
    own = {1: (2, 50.0), 2: (2, 60.0)}
    assert shown_figures(parents, own, 5) == {}


def test_multiple_roots():
    parents = {1: None, 2: 1, 3: 1, 7: None, 8: 7, 9: 7, 20: None, 21: None}
    own = {
        2: (5, 40.0),
        3: (5, 60.0),  # tree 1 is fine: residual of 1 is 0
        7: (1, 0.0),
        8: (5, 80.0),
        9: (9, 90.0),  # tree 7: own 1 derivable unless child 8 is hidden
        20: (4, 50.0),  # under the threshold
        21: (0, 99.0),  # a row with no respondents
    }
    assert shown_figures(parents, own, 5) == {
        1: Figure(1, 10, 50.0),
        2: Figure(2, 5, 40.0),
        3: Figure(3, 5, 60.0),
        7: Figure(7, 15, pytest.approx((400 + 810) / 15)),
        9: Figure(9, 9, 90.0),
    }


def test_threshold_one_shows_every_unit_with_respondents():
    parents = {1: None, 2: 1, 3: 2, 4: None}
    own = {1: (1, 10.0), 3: (2, 30.0)}
    assert shown_figures(parents, own, 1) == {
        1: Figure(1, 3, pytest.approx(70 / 3)),
        2: Figure(2, 2, 30.0),
        3: Figure(3, 2, 30.0),
    }


@pytest.mark.parametrize(
    ("parents", "own", "threshold"),
    [
        ({1: None}, {1: (5, 1.0)}, 0),
        ({1: None}, {1: (-1, 1.0)}, 5),
        ({1: None}, {2: (5, 1.0)}, 5),
        ({1: None, 2: 3}, {}, 5),
        ({1: 2, 2: 1}, {}, 5),
    ],
    ids=["threshold", "negative", "unknown-unit", "unknown-parent", "cycle"],
)
def test_invalid_input(parents, own, threshold):
    with pytest.raises(ValueError):
        shown_figures(parents, own, threshold)


# -- Property --------------------------------------------------------------------------------


@st.composite
def surveys(draw):
    """A random forest with random own results and a threshold."""
    size = draw(st.integers(1, 30))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=size, max_size=size, unique=True))
    parents = {}
    for i, unit_id in enumerate(ids):
        # An index below 0 makes a root; i - 1 makes chains (deep trees) likely.
        index = draw(st.one_of(st.just(i - 1), st.integers(-1, i - 1))) if i else -1
        parents[unit_id] = ids[index] if index >= 0 else None
    respondents = st.one_of(st.integers(0, 4), st.integers(0, 12))
    scores = st.floats(0, 100, allow_nan=False)
    own = {}
    for unit_id in ids:
        row = draw(st.none() | st.tuples(respondents, scores))
        if row is not None:
            own[unit_id] = row
    threshold = draw(st.integers(1, 8))
    return parents, own, threshold


@settings(deadline=None, max_examples=200)
@given(surveys())
def test_no_small_group_is_derivable(survey):
    parents, own, threshold = survey
    figures = shown_figures(parents, own, threshold)
    shown = set(figures)
    truth = _truth(parents, own)

    # (a) Every figure is over the threshold and is the true subtree aggregate.
    for unit_id, figure in figures.items():
        respondents, mean = truth[unit_id]
        assert figure.unit_id == unit_id
        assert figure.respondents == respondents >= threshold
        assert math.isclose(figure.score, mean, rel_tol=0, abs_tol=1e-9)

    # (b) No group of 1..threshold-1 respondents can be derived from the shown figures.
    assert _leaks(shown, parents, own, threshold) == []

    # (c) The output satisfies rule 2 as defined, keeps every root with enough respondents,
    # hides only units rule 1 allows, and hides nothing when rule 1 alone is already safe.
    assert _residuals_ok(shown, parents, own, threshold)
    naive = _naive(parents, own, threshold)
    assert {u for u in naive if parents[u] is None} <= shown <= naive
    naive_ok = _residuals_ok(naive, parents, own, threshold)
    if naive_ok:
        assert shown == naive
    # The linear-algebra check catches exactly the naive sets that break rule 2 (when it can
    # try every group), so the property above would fail for a rule-1-only implementation.
    if len(_candidates(own, threshold)) <= 12:
        assert bool(_leaks(naive, parents, own, threshold)) == (not naive_ok)


def test_id_order_does_not_matter():
    parents = {1: None, 2: 1, 3: 1, 4: 1}
    own = {2: (6, 50.0), 3: (6, 75.0), 4: (2, 100.0)}
    reversed_parents = dict(reversed(list(parents.items())))
    reversed_own = dict(reversed(list(own.items())))
    assert shown_figures(reversed_parents, reversed_own, 5) == shown_figures(parents, own, 5)


def test_exhaustive_leak_check_matches_brute_force():
    # The signature trick in _leaks against plain Gaussian elimination, on a small case.
    parents = {1: None, 2: 1, 3: 1, 4: 2, 5: 2}
    own = {1: (1, 0.0), 2: (2, 0.0), 3: (3, 0.0), 4: (1, 0.0), 5: (2, 0.0)}
    shown = {1, 2, 4}
    members = _subtrees(parents)
    atoms = sorted(own)
    rows = [[Fraction(int(a in members[u])) for a in atoms] for u in sorted(shown)]
    rank = len(_rref(rows, len(atoms))[0])
    expected = []
    for size in range(1, len(atoms) + 1):
        for group in combinations(atoms, size):
            if sum(own[a][0] for a in group) >= 5:
                continue
            vector = [Fraction(int(a in group)) for a in atoms]
            if len(_rref([*rows, vector], len(atoms))[0]) == rank:
                expected.append(group)
    assert expected  # e.g. atom 4 alone, and {1, 3} = total of 1 minus subtree 2
    assert sorted(_leaks(shown, parents, own, 5)) == sorted(expected)
