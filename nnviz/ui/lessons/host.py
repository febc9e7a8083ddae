"""What a lesson needs from the window: the `LessonHost` interface.

The lesson panel talks to the window only through these methods; the main window
implements them (tests use a stand-in with a real engine network). Names of quantities,
indices and actions are those of docs/lessons.md. A method that cannot do what it is
asked (data missing, no drawing, no spam filter) raises `LessonHostError` with one line;
the panel shows that line and keeps running.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Set
from typing import Any, Protocol

from nnviz.teach.lessons import Preset

__all__ = ["LessonHost", "LessonHostError", "StateCheck"]

StateCheck = Callable[[Mapping[str, Any]], bool]


class LessonHostError(ValueError):
    """The window cannot do what a lesson asked; the message is one line for the panel."""


class LessonHost(Protocol):
    """The window as a lesson sees it."""

    # --- what the user had, kept while a lesson is open

    def snapshotUserState(self) -> object:
        """Everything a lesson may change, as an opaque value: settings (data set, layers,
        activations, output, loss, optimizer, lr, batch size, seed), the network's weights
        and training counters, the sample shown, the selection, the workspace, the
        drawing and the message."""
        ...

    def restoreUserState(self, snapshot: object) -> None:
        """Put back what `snapshotUserState` returned ("leaving a lesson restores what
        the user had"); training is paused first."""
        ...

    # --- a lesson's starting point

    def applyPreset(self, preset: Preset) -> None:
        """Pause training and set up `preset`: data set (a toy set with `samples`, `noise`
        and `seed`, mnist, spam, or the one sample `input`/`target` of "sample" and of the
        "tiny-..." examples), layers, hidden activations, output activation, loss,
        optimizer, lr, batch size, seed, the initial weights `weights[k]`/`biases[k]`
        (seeded ones where not given), then show `preset.workspace` ("train", "draw",
        "step"). Counters (steps, epochs, diverged, forward_done, taught) start at 0 and
        the selection is cleared. Also used for the "reset" action."""
        ...

    # --- what the tasks check

    def lessonState(self, names: Set[str]) -> Mapping[str, Any]:
        """The current quantities as a plain mapping (`nnviz.app.lesson_state.quantities`
        builds most of it). `names` are the quantities the open page's tasks read; the
        host may supply only those. A quantity it cannot supply is left out (the task
        then reads as not done). The panel adds `answer` itself."""
        ...

    def isBusy(self) -> bool:
        """True while a "train ..." request is still running (the panel waits before the
        next "show me" action)."""
        ...

    # --- "show me" actions (performed in order by the panel)

    def setQuantity(self, name: str, index: tuple[int, ...], value: Any) -> None:
        """`set <name>[index] = value` for a settable quantity other than `answer`:
        lr, batch_size, seed, dataset, layers ("2-16-2": rebuild), activation,
        output_activation, loss_function, optimizer, workspace (switch to it),
        x[i], target[i] (the sample shown), w[k][j][i], b[k][j]."""
        ...

    def teachingStep(self, count: int) -> None:
        """`step N`: N recorded steps (forward, loss, backward, update) of the sample shown
        in the Step workspace; `steps` grows by N."""
        ...

    def playForward(self) -> None:
        """`forward`: play the forward pass of the sample shown (the → button); sets
        `forward_done`."""
        ...

    def trainSteps(self, count: int) -> None:
        """`train steps = N`: train N steps from where the network is, then pause. May
        return before it is done (then `isBusy()` is True until it is)."""
        ...

    def trainEpochs(self, count: int) -> None:
        """`train epochs = N`: train N epochs, then pause (may run asynchronously)."""
        ...

    def trainUntil(self, done: StateCheck, limit: int | None) -> None:
        """`train until <condition> [limit N]`: train, checking `done(state)` at least
        once an epoch (state as `lessonState`), and pause as soon as it holds or after
        `limit` steps (None: the host's own limit). May run asynchronously."""
        ...

    def select(self, unit: str, index: tuple[int, ...]) -> None:
        """`select ...`: unit "weight" (k, j, i), "neuron" (k, j), "input" (i,) or
        "none" (); the network view shows the selection and `selected_weight` follows."""
        ...

    def drawMistake(self) -> None:
        """`draw mistake`: put a test digit the network gets wrong on the draw pad, with
        its true label (`drawn_label`, `drawn_predicted`)."""
        ...

    def teachDrawing(self) -> None:
        """`teach`: "Learn this digit" with the drawing's true label (`taught` counts
        drawings that are right afterwards)."""
        ...

    def writeMessage(self, text: str) -> None:
        """`write message "..."`: type `text` into the spam filter's message box."""
        ...

    def writeSpamMessage(self) -> None:
        """`write spam message`: write a message the network calls spam without any of
        its top-5 spam words (`message_spam`, `message_top_words`)."""
        ...
