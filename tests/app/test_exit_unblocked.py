"""A program that leaves a trainer or a race behind, its worker dead and a command
larger than a pipe still queued, exits anyway (multiprocessing's exit handler would
otherwise wait forever for the queue's feeder thread)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

TRAINER = """
import os, signal, time
import numpy as np
from PySide6.QtWidgets import QApplication
from nnviz.ui.common.worker import TrainingProcess
app = QApplication([])
worker = TrainingProcess()
worker.start()
os.kill(worker.pid, signal.SIGKILL)
time.sleep(0.5)
worker._commands.put(np.zeros(1 << 20))  # 8 MB: more than the pipe holds
time.sleep(0.5)
print("left", flush=True)
"""

RACE = """
import os, signal, time
import numpy as np
from nnviz import Network
from nnviz.app.race import Race, RacerConfig
X = np.zeros((8, 2)); y = np.zeros(8, int)
race = Race(Network([2, 3, 2], seed=0), X, y, [RacerConfig("sgd", 0.1)], workers=1)
race.start()
for p in race._procs:
    os.kill(p.pid, signal.SIGKILL)
time.sleep(0.5)
race._send(("big", np.zeros(1 << 20)))
time.sleep(0.5)
print("left", flush=True)
"""


@pytest.mark.parametrize("script", [TRAINER, RACE], ids=["trainer", "race"])
def test_exit_does_not_wait_for_a_dead_worker(script):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert "left" in done.stdout, done.stderr
    assert done.returncode == 0, done.stderr
