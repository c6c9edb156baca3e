# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""The partner's lifecycle card (article 004: the questions a good record answers at a
glance), as plain functions over plain values."""


def weakest_factor(parts, weights):
    """The factor of the health score that pulls it down the most: the one that loses
    the most points, its weight times what it misses of 100. ``parts`` and ``weights``
    map a factor's name to its part (0 to 100) and its weight. None when no factor loses
    anything (a perfect score, or no weights)."""
    losses = {name: weights.get(name, 0) * (100 - part) for name, part in parts.items() if part is not None}
    name = max(losses, key=lambda key: (losses[key], key), default=None)
    return name if name is not None and losses[name] > 0 else None
