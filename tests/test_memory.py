"""Handing back the memory a training process holds but does not use (tfgan_rnn.memory)."""

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tfgan_rnn
from tfgan_rnn import memory
from tfgan_rnn.callbacks import ReleaseMemory

# A fresh process: what `import tensorflow` leaves resident is the measurement.
SCRIPT = textwrap.dedent(
    """
    import json
    import tensorflow as tf
    from tfgan_rnn.memory import release_memory, resident_memory

    result = release_memory(evict=EVICT)
    product = tf.linalg.matmul(tf.ones((64, 64)), tf.fill((64, 64), 2.0))
    print(json.dumps({"result": result, "value": float(product[3, 5]), "later": resident_memory()}))
    """
)


@pytest.mark.parametrize("evict", [False, True])
def test_release_memory_lets_go_of_the_library_pages_only_import_touched(evict):
    # This test process (and, under pytest-xdist, the other workers) maps the same libraries:
    # eviction leaves those pages in the cache, and the release still drops them from the child.
    output = subprocess.run([sys.executable, "-c", f"EVICT = {evict}\n" + SCRIPT], check=True,
                            capture_output=True, text=True, timeout=300).stdout
    answer = json.loads(output.strip().splitlines()[-1])
    assert answer["result"] is not None, "evict=True needs Linux 5.4 or later (MADV_PAGEOUT)"
    before, after = answer["result"]
    # TensorFlow's libraries: hundreds of MB resident after the import, nearly all handed back.
    assert before["file"] > 200, before
    assert after["file"] < before["file"] / 4, (before, after)
    assert after["resident"] < before["resident"] - 150, (before, after)
    # Nothing changed but the resident size: TensorFlow computes as before, reading back what it uses.
    assert answer["value"] == 128.0
    assert answer["later"]["file"] > after["file"]


def test_where_memory_cannot_be_read_release_memory_and_the_callback_do_nothing(monkeypatch):
    monkeypatch.setattr(memory, "resident_memory", lambda: None)  # as off Linux: no /proc/self/status
    assert memory.release_memory() is None
    gan = tfgan_rnn.RecurrentGAN(tfgan_rnn.LSTMGenerator(latent_dim=2, output_dim=1, units=4),
                                 tfgan_rnn.LSTMDiscriminator(input_dim=1, units=4), seed=0)
    gan.compile()
    release = ReleaseMemory(verbose=1)
    history = gan.fit(np.zeros((8, 5, 1), "float32"), batch_size=4, epochs=1, verbose=0, callbacks=[release])
    assert release.releases == []
    assert np.isfinite(history.history["generator_loss"]).all()
