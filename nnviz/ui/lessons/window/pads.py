"""What lessons do with the draw pad and the spam filter's message box.

- `drawn_predicted`, `drawn_label`, `taught` come from the draw pad (`DrawPanel`);
  "draw mistake" puts a sample test digit the pad's network reads wrong on the canvas
  (MNIST test digits, or the ones shipped in resources/samples), with its true label;
  "teach" presses "Learn this" until the network reads the drawing right.
- `top_spam_word` is the word with the largest spam effect of the training network
  (`nnviz.analysis.words.top_words`); `message_spam` and `message_top_words` come from
  the "Read a message" panel, when the window has one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from nnviz.analysis.words import spam_probability, top_words
from nnviz.data.text.spam import bag_of_words
from nnviz.engine import Network
from nnviz.ui.lessons.host import LessonHostError

TEACH_TRIES = 30  # "Learn this" presses before "teach" gives up
CANDIDATES = 40  # sample digits per class searched for a mistake
NO_READER = (
    "this window has no spam filter message box (the Read a message panel); "
    "write a message there once it is installed"
)


def spam_words(net: Network, vocabulary: list[str]) -> list[str]:
    """All words that push towards spam, strongest first."""
    return [w for w, _ in top_words(net, vocabulary, k=len(vocabulary))[0]]


class PadTools:
    """Lesson actions and quantities of the draw pad (`pad`) and the read panel."""

    def __init__(self, pad: Any, reader: Callable[[], Any]) -> None:
        self.pad, self._readerOf = pad, reader
        self.taught = 0
        if pad is not None:
            pad.sigTaught.connect(self._taught)

    @property
    def reader(self) -> Any:
        """The read panel, looked up each time (it may be installed after the lessons)."""
        return self._readerOf()

    def _taught(self, _step: object) -> None:
        label = self.pad.labelSpin.value()
        if self.pad.probs is not None and int(np.argmax(self.pad.probs)) == label:
            self.taught += 1

    # ------------------------------------------------------------ draw pad

    def drawQuantities(self) -> dict[str, Any]:
        pad = self.pad
        if pad is None:
            return {"taught": self.taught}
        chosen = pad.chosenLabel()
        out: dict[str, Any] = {
            "taught": self.taught,
            "drawn_label": -1 if chosen is None else chosen,
        }
        if pad.probs is not None:
            out["drawn_predicted"] = int(np.argmax(pad.probs))
        return out

    def drawMistake(self, training: Network | None) -> None:
        """A sample digit the pad's network reads wrong, on the canvas with its label.
        Reads with (a copy of) `training` when it is a digit network."""
        from nnviz.data.ink import mnist_to_canvas
        from nnviz.data.samples import sample_digits

        pad = self._pad()
        if training is not None and training.sizes[0] == 784 and training.sizes[-1] == 10:
            pad.setNetwork(training, "the training network (a copy)")
        images, labels = sample_digits(CANDIDATES)
        guess = np.argmax(pad.network().forward(images.astype(np.float64)), axis=1)
        order = np.argsort(guess == labels, kind="stable")  # the misread ones first
        for n in order[: 3 * 10]:
            pad.canvas.setInk(mnist_to_canvas(images[n], pad.canvas.side()))
            pad.refresh()
            label = int(labels[n])
            if pad.probs is not None and int(np.argmax(pad.probs)) != label:
                pad.labelSpin.setValue(label)
                return
        raise LessonHostError("the network reads every sample digit right: draw one yourself")

    def teachDrawing(self) -> None:
        """ "Learn this" with the drawing's label until the network reads it right."""
        pad = self._pad()
        if pad.probs is None:
            raise LessonHostError("there is no drawing on the draw pad")
        label = pad.labelSpin.value()
        for _ in range(TEACH_TRIES):
            if pad.learn() is None:
                raise LessonHostError("there is no drawing on the draw pad")
            if int(np.argmax(pad.probs)) == label:
                return
        raise LessonHostError(f"the network still does not read this drawing as {label}")

    def _pad(self) -> Any:
        if self.pad is None:
            raise LessonHostError("this window has no draw pad")
        return self.pad

    # ------------------------------------------------------------ spam filter

    @staticmethod
    def topSpamWord(net: Network | None, vocabulary: list[str] | None) -> str | None:
        if net is None or not vocabulary or len(vocabulary) != net.sizes[0]:
            return None
        spam, _ = top_words(net, vocabulary, k=1)
        return spam[0][0] if spam else None

    def messageQuantities(self) -> dict[str, Any]:
        r = self.reader
        if r is None or r.reading is None or r.network() is None:
            return {}
        vocabulary = r.vocabulary()
        top = set(spam_words(r.network(), vocabulary)[:5])
        used = {vocabulary[i] for i in np.flatnonzero(r.reading.x)}
        return {"message_spam": r.reading.probability, "message_top_words": len(top & used)}

    def _reader(self, net: Network | None, vocabulary: list[str] | None) -> Any:
        if self.reader is None:
            raise LessonHostError(NO_READER)
        if net is not None and vocabulary and len(vocabulary) == net.sizes[0]:
            self.reader.setNetwork(net, vocabulary, "the training network (a copy)")
        if self.reader.network() is None:
            raise LessonHostError("train a spam filter first (the spam lesson's network)")
        return self.reader

    def writeMessage(self, text: str, net: Network | None, vocabulary: list[str] | None) -> None:
        r = self._reader(net, vocabulary)
        r.editor.setPlainText(text)
        r.refresh()

    def writeSpamMessage(self, net: Network | None, vocabulary: list[str] | None) -> None:
        """Words from the filter's spam list after its top 5, added until it says spam."""
        r = self._reader(net, vocabulary)
        vocab = r.vocabulary()
        words: list[str] = []
        for w in spam_words(r.network(), vocab)[5:]:
            words.append(w)
            if float(spam_probability(r.network(), bag_of_words(" ".join(words), vocab))) > 0.6:
                self.writeMessage(" ".join(words), None, None)
                return
        raise LessonHostError("the filter calls no message spam without its top-5 words")
