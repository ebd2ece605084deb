import numpy as np
import pytest

from tfgan_rnn import state


def test_flatten_orders_h_before_c_per_layer():
    layers = [state.LSTMState(h=np.full((1, 2), 1.0), c=np.full((1, 2), 2.0)),
              state.LSTMState(h=np.full((1, 3), 3.0), c=np.full((1, 3), 4.0))]
    flat = state.flatten_state(layers)
    assert [float(t[0, 0]) for t in flat] == [1.0, 2.0, 3.0, 4.0]
    again = state.unflatten_state(flat)
    assert float(again[1].h[0, 0]) == 3.0 and float(again[1].c[0, 0]) == 4.0


def test_zero_state_shapes_follow_units():
    zeros = state.zero_state(batch_size=5, units=[4, 7])
    assert [(s.h.shape, s.c.shape) for s in zeros] == [((5, 4), (5, 4)), ((5, 7), (5, 7))]
    assert all(not s.h.any() and not s.c.any() for s in zeros)


def test_unflatten_rejects_odd_count():
    with pytest.raises(ValueError, match="pairs.*Received: 3"):
        state.unflatten_state([0, 1, 2])
