"""The linear intent classifier with C as a setting, trained and run on real features."""

from pathlib import Path

import numpy as np
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix

from rasa_plugins.tuned_logistic import TunedLogisticRegressionClassifier

# Three made-up words per intent, as one-hot sentence features, plus one shared word.
INTENTS = ("greet", "thank", "goodbye")


def featurised(word: int, intent: str | None = None) -> Message:
    row = np.zeros((1, len(INTENTS) * 3 + 1))
    row[0, word] = row[0, -1] = 1
    message = Message(data={TEXT: f"w{word}", **({"intent": intent} if intent else {})})
    message.add_features(Features(csr_matrix(row), "sentence", TEXT, "test"))
    return message


def trained(tmp_path: Path, c: float) -> TunedLogisticRegressionClassifier:
    (tmp_path / f"c{c}").mkdir()
    storage = LocalModelStorage(tmp_path / f"c{c}")
    classifier = TunedLogisticRegressionClassifier(
        {**TunedLogisticRegressionClassifier.get_default_config(), "C": c},
        "classifier", storage, Resource(f"classifier{c}"))
    examples = [featurised(3 * i + k, intent) for i, intent in enumerate(INTENTS)
                for k in range(3)]
    classifier.train(TrainingData(examples))
    return classifier


def top_confidence(classifier: TunedLogisticRegressionClassifier) -> float:
    [message] = classifier.process([featurised(0)])
    assert message.get("intent")["name"] == "greet"
    return message.get("intent")["confidence"]


def test_c_reaches_scikit_learn_and_sharpens_the_guess(tmp_path: Path) -> None:
    loose, sharp = trained(tmp_path, 1.0), trained(tmp_path, 10.0)
    assert (loose.clf.C, sharp.clf.C) == (1.0, 10.0)
    assert top_confidence(sharp) > top_confidence(loose) + 0.1
