"""What a train step needs to give the same result on N replicas as on one device.

Under a `tf.distribute` strategy each replica runs `train_step` on its slice of the
global batch. Four things then need care, and this module is where they live:
random draws (each replica draws the global batch with the shared seed and keeps its
own slice, so noise equals a one-device run's), losses (divided by the replica count,
as Keras does, because gradients are summed over replicas; a mean over the valid steps of
padded sequences is first weighted by the replica's share of them, `step_share`),
gradients (all-reduced before their norm is taken and clipped), and batch statistics
(moment and feature matching take the global batch's: sums all-reduced inside the tape,
`sum_over_replicas`, the gradient of an all-reduced sum being the all-reduced gradients;
each replica's own inside chunked training's loop, `replica_statistics`).
Outside a strategy, or with one replica, every function here is the identity.
"""

from __future__ import annotations

import contextlib
import threading

import tensorflow as tf


def replica_context():
    """The current replica context when there are several replicas, else None."""
    context = tf.distribute.get_replica_context()
    if context is None or context.num_replicas_in_sync == 1:
        return None
    return context


def draw(random_function, shape, seed, **kwargs):
    """`random_function(shape, seed=seed)` for this replica's slice of the global batch."""
    context = replica_context()
    if context is None:
        return random_function(shape, seed=seed, **kwargs)
    per_replica = shape[0]
    full = random_function((per_replica * context.num_replicas_in_sync, *shape[1:]), seed=seed, **kwargs)
    start = context.replica_id_in_sync_group * per_replica
    return full[start : start + per_replica]


def sum_gradients(gradients):
    """All-reduced (summed) gradients of a loss already divided by the replica count."""
    context = replica_context()
    if context is None:
        return gradients
    return context.all_reduce(tf.distribute.ReduceOp.SUM, gradients)


_local = threading.local()


def sum_over_replicas(value):
    """`value` summed over the replicas (differentiable: its gradient is summed alike); as is
    with one replica or inside `replica_statistics()`. For a batch statistic of the global
    batch, such as moment matching's."""
    context = replica_context()
    if context is None or getattr(_local, "replica_statistics", False):
        return value
    return context.all_reduce(tf.distribute.ReduceOp.SUM, value)


@contextlib.contextmanager
def replica_statistics():
    """Batch statistics traced inside are each replica's own: for the body of a
    `tf.while_loop`, where TensorFlow cannot all-reduce (its `merge_call` refuses)."""
    before = getattr(_local, "replica_statistics", False)
    _local.replica_statistics = True
    try:
        yield
    finally:
        _local.replica_statistics = before


def step_share(mask):
    """This replica's valid steps (`mask` True) times the replica count, over the global
    batch's; None with one replica.

    A mean over this replica's valid steps, times this, divided by the replica count as every
    loss is, sums over replicas to the mean over the global batch's valid steps, however the
    padded steps fall between the replicas. The count is all-reduced where the batch is
    unpacked, before any tape: it depends on no variable, so nothing is differentiated
    through the collective.
    """
    context = replica_context()
    if context is None:
        return None
    steps = tf.reduce_sum(tf.cast(mask, tf.float32))
    total = sum_over_replicas(steps)
    return steps * context.num_replicas_in_sync / tf.maximum(total, 1.0)


def num_replicas() -> int:
    context = replica_context()
    return 1 if context is None else context.num_replicas_in_sync


def vector_logs_needed() -> bool:
    """True under a multi-worker strategy, where Keras 3 reduces logs along axis 0.

    Keras' `reduce_per_replica` calls `strategy.reduce("MEAN", value, axis=0)` on each
    logged value when several workers train together, which fails on the scalars that
    every `train_step` returns ("Invalid reduction dimension 0 for input with 0
    dimensions", tensorflow/tensorflow#72388). Logging shape-(1,) values avoids it and
    still yields one scalar per metric.
    """
    strategy = tf.distribute.get_strategy()
    if not isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy):
        return False
    in_multi_worker_mode = getattr(strategy.extended, "_in_multi_worker_mode", lambda: False)
    return bool(in_multi_worker_mode())
