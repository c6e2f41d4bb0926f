"""Train the heads' sentence network (``tuumaustauko.meaning.heads.SentenceNet``): one hidden layer of
rectified units over a sentence's ``features``, one output a kind, trained on every kind at once.

A linear head a kind over the same features could not keep the near misses the writers put beside
each kind apart from its positives: more of them in training raised the thresholds rather than the
heads' reach (the eighteenth round, models/meaning/README.md). A network shares what one kind's
sentences teach about a sentence (a confession's tone, a rumour's hedging) with the others. Its loss
is the cross-entropy of each kind where the kind's label counts (``mask``: not a sentence left out of
the head, not a mode the head is never asked in), each kind's classes balanced as in the linear heads.
scikit-learn's MLPClassifier has no such mask (it would read every left-out sentence as a negative),
so the few lines of training are here: minibatch Adam with dropout and weight decay, seeded.
"""

from __future__ import annotations

import numpy

from tuumaustauko.meaning.heads import SentenceNet

HIDDEN = 512
EPOCHS = 20
BATCH = 256
LEARNING_RATE = 1e-3
WEIGHT_DECAY = 1e-4
DROPOUT = 0.3


def train_net(x: numpy.ndarray, y: numpy.ndarray, mask: numpy.ndarray, weight: numpy.ndarray,
              seed: int) -> SentenceNet:
    """``x``: (sentences, features); ``y`` and ``mask``: (sentences, kinds), 1/0 and whether the label
    counts; ``weight``: (sentences,), how much each sentence weighs. The features are standardised
    for training, and the standardisation is folded into the first layer's weights."""
    rng = numpy.random.default_rng(seed)
    x = numpy.asarray(x, dtype=numpy.float32)
    centre, spread = x.mean(axis=0), x.std(axis=0) + 1e-6
    standard = (x - centre) / spread
    n_features, n_kinds = x.shape[1], y.shape[1]
    w1 = (rng.standard_normal((n_features, HIDDEN)) * numpy.sqrt(2.0 / n_features)).astype(numpy.float32)
    w2 = (rng.standard_normal((HIDDEN, n_kinds)) * numpy.sqrt(1.0 / HIDDEN)).astype(numpy.float32)
    params = [w1, numpy.zeros(HIDDEN, numpy.float32), w2, numpy.zeros(n_kinds, numpy.float32)]
    first_moment = [numpy.zeros_like(p) for p in params]
    second_moment = [numpy.zeros_like(p) for p in params]
    counted = mask.astype(numpy.float32)
    positives, negatives = (y * counted).sum(axis=0), ((1 - y) * counted).sum(axis=0)
    total = positives + negatives
    class_weight = numpy.where(y > 0, total / (2 * numpy.maximum(positives, 1)),
                               total / (2 * numpy.maximum(negatives, 1))).astype(numpy.float32)
    loss_weight = counted * class_weight * weight[:, None].astype(numpy.float32)
    target = y.astype(numpy.float32)
    step = 0
    for _ in range(EPOCHS):
        order = rng.permutation(len(standard))
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            inputs = standard[batch]
            before = inputs @ params[0] + params[1]
            keep = (rng.random(before.shape) > DROPOUT).astype(numpy.float32) / (1 - DROPOUT)
            hidden = numpy.maximum(before, 0) * keep
            margins = numpy.clip(hidden @ params[2] + params[3], -30, 30)
            error = (1 / (1 + numpy.exp(-margins)) - target[batch]) * loss_weight[batch] / len(batch)
            back = (error @ params[2].T) * keep * (before > 0)
            gradients = [inputs.T @ back, back.sum(axis=0), hidden.T @ error, error.sum(axis=0)]
            step += 1
            for i, gradient in enumerate(gradients):
                if i in (0, 2):
                    gradient = gradient + WEIGHT_DECAY * params[i]
                first_moment[i] = 0.9 * first_moment[i] + 0.1 * gradient
                second_moment[i] = 0.999 * second_moment[i] + 0.001 * gradient * gradient
                corrected = first_moment[i] / (1 - 0.9**step)
                params[i] -= LEARNING_RATE * corrected / (numpy.sqrt(second_moment[i] / (1 - 0.999**step)) + 1e-8)
    hidden_weights = params[0] / spread[:, None]
    hidden_bias = params[1] - (centre / spread) @ params[0]
    return SentenceNet(hidden_weights=hidden_weights.astype(numpy.float32),
                       hidden_bias=hidden_bias.astype(numpy.float32),
                       output_weights=params[2].astype(numpy.float32), output_bias=params[3].astype(numpy.float64))


def train_nets(x: numpy.ndarray, y: numpy.ndarray, mask: numpy.ndarray, weight: numpy.ndarray,
               seeds: tuple[int, ...]) -> SentenceNet:
    """One network per seed (``train_net``), as a single network whose margins are the mean of theirs:
    the hidden layers side by side, each output weight divided by the number of networks, the output
    biases averaged. The service reads it as one ``SentenceNet`` of ``len(seeds) * HIDDEN`` units."""
    nets = [train_net(x, y, mask, weight, seed) for seed in seeds]
    return SentenceNet(hidden_weights=numpy.hstack([n.hidden_weights for n in nets]),
                       hidden_bias=numpy.concatenate([n.hidden_bias for n in nets]),
                       output_weights=numpy.vstack([n.output_weights / len(nets) for n in nets]).astype(numpy.float32),
                       output_bias=numpy.mean([n.output_bias for n in nets], axis=0))
