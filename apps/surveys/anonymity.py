"""Which survey figures may be shown without exposing a small group of respondents.

Results come per unit of the organisation tree (and per factor). Each unit has its *own*
respondents, the people placed directly in it; the tracker shows, per unit, the figure of its
whole subtree: n(U), the respondents in U's subtree, and the respondent-weighted mean of the own
scores in that subtree.

A figure may be shown only when

1. n(U) >= threshold, and
2. nothing smaller than the threshold can be derived by subtraction. Let S be the set of shown
   units. The *maximal shown descendants* of a shown U are the shown units strictly below U with
   no shown unit strictly between them and U; the *residual* of U is the respondents in U's
   subtree outside those descendants' subtrees (U's own respondents plus those of hidden units
   not covered by a shown one). Every residual must be 0 or >= threshold.

Why rule 2 suffices: the subtrees of shown units form a laminar family, and each one is the
disjoint union of the residuals of the shown units inside it. So the span of the shown totals
equals the span of the (disjoint) residuals, and any group whose total can be derived by adding
and subtracting shown figures is a union of whole residuals. If each residual is 0 or >=
threshold, every derivable group has 0 or >= threshold respondents.

The algorithm is deterministic: S starts as {U : n(U) >= threshold} (closed upwards, since n
only grows towards the root). The shown units are then processed top-down, by depth, then id.
While 0 < residual(U) < threshold, the maximal shown descendant of U with the fewest
respondents is hidden (ties: the one with the larger id), which merges its residual into U's and
makes its own maximal shown descendants U's. So the parent's total stays visible and the
smallest child is rolled up into it. U itself is never hidden: with no shown descendant left its
residual is n(U) >= threshold. A unit is only ever hidden by its nearest shown ancestor, which
comes earlier in the order, and hiding it changes only that ancestor's residual; so a processed
unit stays settled and a single pass suffices. It costs O(N log N).
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """The figure shown for one unit: its whole subtree."""

    unit_id: int
    respondents: int
    score: float  # the subtree's respondent-weighted mean, not rounded


def shown_figures(
    parents: Mapping[int, int | None],
    own: Mapping[int, tuple[int, float]],
    threshold: int,
) -> dict[int, Figure]:
    """The figures that may be shown, by unit id (see the module docstring for the rule).

    `parents` maps every unit id of the tree to its parent id (None for a root; there may be
    several roots). `own` maps the ids of units with a result row to (own respondents, own
    score); a unit missing from `own` has no respondents of its own. Units with no respondents
    in their subtree never appear. Raises ValueError on a threshold below 1, negative
    respondents, an id in `own` that is not in `parents`, a parent that is not in `parents`, or
    a cycle.
    """
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, got {threshold}")
    for unit_id, (respondents, _score) in own.items():
        if unit_id not in parents:
            raise ValueError(f"unit {unit_id} has results but is not in the tree")
        if respondents < 0:
            raise ValueError(f"unit {unit_id} has negative respondents ({respondents})")

    order, depth = _top_down(parents)

    # Subtree aggregates, bottom-up.
    total: dict[int, int] = dict.fromkeys(parents, 0)
    weighted: dict[int, float] = dict.fromkeys(parents, 0.0)
    for unit_id, (respondents, score) in own.items():
        if respondents:
            total[unit_id] = respondents
            weighted[unit_id] = respondents * score
    for unit_id in reversed(order):
        parent = parents[unit_id]
        if parent is not None:
            total[parent] += total[unit_id]
            weighted[parent] += weighted[unit_id]

    # Rule 1. The set is closed upwards, so a shown unit's maximal shown descendants are its
    # shown children, and its residual is its total minus theirs.
    shown = {unit_id for unit_id in parents if total[unit_id] >= threshold}
    below: dict[int, list[int]] = {unit_id: [] for unit_id in shown}
    residual = {unit_id: total[unit_id] for unit_id in shown}
    for unit_id in shown:
        parent = parents[unit_id]
        if parent is not None:
            below[parent].append(unit_id)
            residual[parent] -= total[unit_id]

    # Rule 2, top-down by depth, then id.
    for unit_id in sorted(shown, key=lambda u: (depth[u], u)):
        if unit_id not in shown:
            continue
        remaining = residual[unit_id]
        if not 0 < remaining < threshold:
            continue
        # Fewest respondents first; on a tie the larger id first.
        heap = [(total[child], -child) for child in below[unit_id]]
        heapq.heapify(heap)
        while 0 < remaining < threshold:
            _respondents, negated = heapq.heappop(heap)
            child = -negated
            shown.discard(child)
            remaining += residual[child]
            for grandchild in below[child]:
                heapq.heappush(heap, (total[grandchild], -grandchild))
        residual[unit_id] = remaining

    return {
        unit_id: Figure(unit_id, total[unit_id], weighted[unit_id] / total[unit_id])
        for unit_id in shown
    }


def _top_down(parents: Mapping[int, int | None]) -> tuple[list[int], dict[int, int]]:
    """Every unit, parents before children, and each unit's depth (0 for a root)."""
    children: dict[int, list[int]] = {unit_id: [] for unit_id in parents}
    roots = []
    for unit_id, parent in parents.items():
        if parent is None:
            roots.append(unit_id)
        elif parent not in children:
            raise ValueError(f"unit {unit_id} has parent {parent}, which is not in the tree")
        else:
            children[parent].append(unit_id)
    order = roots
    depth = dict.fromkeys(roots, 0)
    for unit_id in order:  # grows while iterating: a breadth-first walk
        for child in children[unit_id]:
            depth[child] = depth[unit_id] + 1
            order.append(child)
    if len(order) != len(children):
        raise ValueError("the parents contain a cycle")
    return order, depth
