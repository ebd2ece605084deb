"""tf.distribute: MirroredStrategy equals one device; multi-worker training from the CLI."""

import json
import os
import socket
import subprocess
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}


@pytest.fixture(scope="module")
def mirrored_results():
    completed = subprocess.run([sys.executable, os.path.join(HERE, "_mirrored_run.py")], env=ENV,
                               capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    line = [line for line in completed.stdout.splitlines() if line.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT "):])


@pytest.mark.parametrize("settings", ["adam", "sgd_penalty_clip", "moment_and_feature_matching",
                                      "chunked", "whole_sequences", "whole_sequences_per_step_logits"])
def test_mirrored_strategy_on_two_devices_equals_one_device(mirrored_results, settings):
    one, two = mirrored_results[settings]["one_device"], mirrored_results[settings]["mirrored"]
    assert one["replicas"] == 1 and two["replicas"] == 2
    assert set(one["history"]) == set(two["history"])
    for name, values in one["history"].items():
        # Losses, scores and gradient norms of the global batch, not of one replica's half.
        np.testing.assert_allclose(two["history"][name], values, rtol=2e-5, atol=1e-6, err_msg=name)
    for network in ("generator_weights", "discriminator_weights"):
        for a, b in zip(one[network], two[network]):
            np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=1e-4, atol=1e-6, err_msg=network)


def test_several_steps_per_execution_on_several_replicas_are_refused_clearly(mirrored_results):
    # Before: TensorFlow's "You must feed a value for placeholder tensor 'while/cond/...'" at the first step.
    assert mirrored_results["steps_per_execution_refused"].startswith(
        "`steps_per_execution=2` fails under a tf.distribute strategy of 2 replicas in Keras 3")


def test_chunked_moment_matching_on_several_replicas_says_it_keeps_each_replicas_moments(mirrored_results):
    assert any(notice.startswith("tfgan_rnn: on 2 replicas, chunked training matches each replica's own moments")
               for notice in mirrored_results["chunked_moment_matching_notices"])


def _result(output):
    line = [line for line in output.splitlines() if line.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT "):])


def test_two_workers_equal_one_device_on_conditions_and_lengths(tmp_path):
    # Batches of dicts (sequences, conditions, lengths), which Keras alone cannot build from
    # under a multi-worker strategy (keras-team/keras#20329), and a logit per step, whose
    # valid steps differ in number between the workers.
    cluster = {"worker": [f"127.0.0.1:{port}" for port in _free_ports(2)]}
    script = os.path.join(HERE, "_multiworker_run.py")
    processes = [subprocess.Popen(
        [sys.executable, script], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**ENV, "TF_CONFIG": json.dumps({"cluster": cluster, "task": {"type": "worker", "index": index}})},
    ) for index in range(2)]
    processes.append(subprocess.Popen([sys.executable, script], cwd=tmp_path, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True,
                                      env={key: value for key, value in ENV.items() if key != "TF_CONFIG"}))
    try:
        outputs = [process.communicate(timeout=300)[0] for process in processes]
    finally:
        for process in processes:
            process.kill()
    assert [process.returncode for process in processes] == [0, 0, 0], "\n".join(o[-2000:] for o in outputs)
    *workers, one = [_result(output) for output in outputs]
    assert one["replicas"] == 1 and [worker["replicas"] for worker in workers] == [2, 2]
    for worker in workers:
        for name, values in one["history"].items():
            np.testing.assert_allclose(worker["history"][name], values, rtol=2e-5, atol=1e-6, err_msg=name)
        for network in ("generator_weights", "discriminator_weights"):
            for a, b in zip(one[network], worker[network]):
                np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=1e-4, atol=1e-6, err_msg=network)


def _free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def test_multiworker_training_from_the_cli_writes_only_on_the_chief(tmp_path):
    ports = _free_ports(2)
    cluster = {"worker": [f"127.0.0.1:{port}" for port in ports]}
    processes = []
    for index in range(2):
        env = {**ENV, "TF_CONFIG": json.dumps({"cluster": cluster, "task": {"type": "worker", "index": index}})}
        command = [sys.executable, "-m", "tfgan_rnn", "train", "--data", "sines", "--strategy", "multiworker",
                   "--window", "12", "--steps", "4", "--units", "8", "--batch-size", "16",
                   "--discriminator-conv-filters", "8",
                   "--evaluation", "none", "--num-samples", "4", "--verbose", "0",
                   "--out", str(tmp_path / f"out{index}"), "--logdir", str(tmp_path / f"runs{index}")]
        processes.append(subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                                          stderr=subprocess.STDOUT, text=True))
    try:
        outputs = [process.communicate(timeout=300)[0] for process in processes]
    finally:
        for process in processes:
            process.kill()
    assert [process.returncode for process in processes] == [0, 0], "\n".join(o[-2000:] for o in outputs)
    chief = tmp_path / "out0"
    assert (chief / "model.keras").is_file() and (chief / "samples.csv").is_file()
    config = json.loads((chief / "config.json").read_text())
    assert config["strategy"] == "multiworker" and config["replicas"] == 2
    history = json.loads((chief / "history.json").read_text())
    assert all(np.isfinite(values).all() for values in history.values())
    # The other worker trained every step with the chief but wrote nothing.
    assert not (tmp_path / "out1").exists() and not (tmp_path / "runs1").exists()
    assert "worker finished its steps" in outputs[1]


@pytest.mark.parametrize("extra,env,message", [
    ([], {}, "needs the TF_CONFIG environment variable"),
    (["--max-minutes", "1"], {"TF_CONFIG": json.dumps({"cluster": {"worker": ["127.0.0.1:1"]},
                                                       "task": {"type": "worker", "index": 0}})},
     "every worker to stop at the same step"),
    ([], {"TF_CONFIG": "{not json"}, "TF_CONFIG is not valid JSON"),
])
def test_multiworker_user_errors_are_one_line(tmp_path, extra, env, message):
    clean = {key: value for key, value in ENV.items() if key != "TF_CONFIG"}
    completed = subprocess.run(
        [sys.executable, "-m", "tfgan_rnn", "train", "--data", "sines", "--strategy", "multiworker",
         "--out", str(tmp_path / "out"), *extra],
        env={**clean, **env}, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 2
    assert message in completed.stderr and len(completed.stderr.strip().splitlines()) == 1, completed.stderr
    assert not (tmp_path / "out").exists()
