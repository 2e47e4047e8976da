"""The weighted classifier trains, saves and loads through Rasa's own component API."""

from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_plugins import weighted_classifier
from rasa_plugins.weighted_classifier import (
    UntrustedModel,
    WeightedLogisticRegressionClassifier,
)

EXAMPLES = {
    "start_exercise": ["teach me a breathing exercise", "can we do the grounding one",
                       "i'd like an exercise for sleep", "show me the muscle relaxation"],
    "find_group": ["is there a walking group in fife", "any carers groups near me",
                   "find me a support group in perth", "groups for lonely folk in ayr"],
}
CONTEXT = ExecutionContext(GraphSchema({}), "test")


def featurised(texts: List[str], tokenizer: WhitespaceTokenizer,
               featurizer: CountVectorsFeaturizer) -> List[Message]:
    messages = [Message(data={"text": text}) for text in texts]
    tokenizer.process(messages)
    featurizer.process(messages)
    return messages


@pytest.fixture
def trained(tmp_path: Path) -> Dict[str, Any]:
    storage = LocalModelStorage(tmp_path)
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    featurizer = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), storage, Resource("words"), CONTEXT)
    data = TrainingData([Message(data={"text": text, "intent": intent})
                         for intent, texts in EXAMPLES.items() for text in texts])
    tokenizer.process_training_data(data)
    featurizer.train(data)
    featurizer.process_training_data(data)
    config = {**WeightedLogisticRegressionClassifier.get_default_config(), "C": 30.0}
    resource = Resource("intents")
    classifier = WeightedLogisticRegressionClassifier.create(config, storage, resource, CONTEXT)
    classifier.train(data)
    return {"storage": storage, "config": config, "resource": resource,
            "classifier": classifier,
            "messages": lambda *texts: featurised(list(texts), tokenizer, featurizer)}


def test_c_from_the_config_reaches_the_regression(trained: Dict[str, Any]) -> None:
    assert trained["classifier"].clf.named_steps["regression"].C == 30.0


def test_an_unseen_request_is_classified(trained: Dict[str, Any]) -> None:
    [message] = trained["classifier"].process(trained["messages"]("a group in fife please"))
    assert message.get("intent")["name"] == "find_group"


def test_the_loaded_classifier_ranks_as_the_trained_one(trained: Dict[str, Any]) -> None:
    loaded = WeightedLogisticRegressionClassifier.load(
        trained["config"], trained["storage"], trained["resource"], CONTEXT)
    [before] = trained["classifier"].process(trained["messages"]("a breathing exercise"))
    [after] = loaded.process(trained["messages"]("a breathing exercise"))
    assert after.get("intent_ranking") == before.get("intent_ranking")
    assert after.get("intent")["name"] == "start_exercise"


def test_a_saved_type_nobody_trusted_is_refused_not_loaded_untrained(
        trained: Dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weighted_classifier, "TRUSTED_DATA", frozenset())
    with pytest.raises(UntrustedModel, match="csr_matrix"):
        WeightedLogisticRegressionClassifier.load(
            trained["config"], trained["storage"], trained["resource"], CONTEXT)


def test_nothing_saved_gives_an_untrained_classifier(tmp_path: Path) -> None:
    config = WeightedLogisticRegressionClassifier.get_default_config()
    loaded = WeightedLogisticRegressionClassifier.load(
        config, LocalModelStorage(tmp_path), Resource("never_trained"), CONTEXT)
    assert not hasattr(loaded.clf.named_steps["regression"], "classes_")
