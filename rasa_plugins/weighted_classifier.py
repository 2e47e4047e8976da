"""Rasa's linear intent classifier, with word weights and a regularisation to choose.

Rasa's `LogisticRegressionClassifier` fits raw counts with scikit-learn's C fixed at
1. Short messages carry little evidence, and raw counts let the common words
("i", "me", "feel") weigh as much as the one that tells "teach me grounding" from
"I feel grounded". Weighting each feature by how rare it is across the examples
(TF-IDF, with logarithmic counts and rows scaled to unit length) and choosing C
is what a text classifier without word vectors can still do: see config.yml for
what it measured.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import (
    LogisticRegressionClassifier,
)
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.pipeline import Pipeline

# skops loads only the types it trusts. The weights are kept as a sparse diagonal
# matrix, plain data, so that one is trusted too; anything else is refused.
TRUSTED_DATA = frozenset({"scipy.sparse._csr.csr_matrix"})


class UntrustedModel(RuntimeError):
    """The saved classifier holds types nobody vouched for: never load it silently."""


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class WeightedLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Logistic regression on TF-IDF weighted features, with C from the config."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(self, config: dict[str, Any], name: str,
                 model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        regression = self.clf
        regression.set_params(C=float(self.config["C"]))
        # A Pipeline has the classes_ and predict_proba the parent calls.
        self.clf = Pipeline([("weights", TfidfTransformer(sublinear_tf=True)),
                             ("regression", regression)])

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage,
             resource: Resource, execution_context: ExecutionContext,
             **kwargs: Any) -> WeightedLogisticRegressionClassifier:
        """The saved pipeline; untrained only when nothing was saved.

        Rasa's own load quietly returns an untrained classifier when skops finds a
        type it does not trust, which here would mean every message fails to parse.
        """
        import skops.io as sio

        try:
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / f"{resource.name}.skops"
                found = set(sio.get_untrusted_types(file=path))
                if found - TRUSTED_DATA:
                    raise UntrustedModel(f"{path.name} holds {sorted(found - TRUSTED_DATA)}")
                component = cls(config, execution_context.node_name, model_storage,
                                resource)
                component.clf = sio.load(path, trusted=sorted(found))
                return component
        except ValueError:  # no such resource: nothing was trained yet
            return cls.create(config, model_storage, resource, execution_context)
