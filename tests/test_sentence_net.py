"""The heads' sentence network as models/meaning/sentence_net.py trains it: it reads what no linear
head can, a label that does not count (a sentence left out of a head, a mode the head is never asked
in) teaches it nothing, the same seed gives the same network, and networks trained side by side are
read as one whose margins are the mean of theirs."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "models" / "meaning"))

from sentence_net import train_net, train_nets  # noqa: E402


def _xor(seed: int, n: int = 1200) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Two kinds over six features: the first is the sign of x0 * x1 (no line separates it), the
    second x2 > 0.5 (rare)."""
    rng = numpy.random.default_rng(seed)
    x = rng.standard_normal((n, 6)).astype(numpy.float32)
    y = numpy.stack([(x[:, 0] * x[:, 1] > 0), (x[:, 2] > 0.5)], axis=1).astype(numpy.int8)
    return x, y


def test_the_network_reads_a_kind_no_linear_head_can() -> None:
    x, y = _xor(1)
    net = train_net(x, y, numpy.ones(y.shape, dtype=bool), numpy.ones(len(x)), seed=0)
    fresh, truth = _xor(2)
    said = net.margins(fresh) > 0
    assert (said[:, 0] == truth[:, 0].astype(bool)).mean() > 0.9
    assert (said[:, 1] == truth[:, 1].astype(bool)).mean() > 0.9


def test_a_label_that_does_not_count_teaches_nothing() -> None:
    x, y = _xor(3)
    counts = numpy.ones(y.shape, dtype=bool)
    counts[::3, 0] = False
    scrambled = y.copy()
    scrambled[::3, 0] = 1 - scrambled[::3, 0]
    first = train_net(x, y, counts, numpy.ones(len(x)), seed=0)
    second = train_net(x, scrambled, counts, numpy.ones(len(x)), seed=0)
    assert numpy.array_equal(first.margins(x), second.margins(x))


def test_the_same_seed_gives_the_same_network_and_another_seed_another() -> None:
    x, y = _xor(4, n=300)
    weight = numpy.ones(len(x))
    counts = numpy.ones(y.shape, dtype=bool)
    first, again = train_net(x, y, counts, weight, seed=7), train_net(x, y, counts, weight, seed=7)
    assert numpy.array_equal(first.hidden_weights, again.hidden_weights)
    assert not numpy.array_equal(first.hidden_weights, train_net(x, y, counts, weight, seed=8).hidden_weights)


def test_networks_side_by_side_give_the_mean_of_their_margins() -> None:
    rng = numpy.random.default_rng(3)
    x = rng.standard_normal((300, 8)).astype(numpy.float32)
    y = (x[:, :2] + 0.3 * rng.standard_normal((300, 2)) > 0).astype(numpy.int8)
    mask, weight = numpy.ones_like(y, dtype=bool), numpy.ones(300)
    together = train_nets(x, y, mask, weight, seeds=(1, 2))
    apart = [train_net(x, y, mask, weight, seed) for seed in (1, 2)]
    expected = (apart[0].margins(x) + apart[1].margins(x)) / 2
    assert together.hidden_weights.shape[1] == 2 * apart[0].hidden_weights.shape[1]
    assert numpy.allclose(together.margins(x), expected, atol=1e-4)
