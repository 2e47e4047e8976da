"""Save the blank English spaCy pipeline that Rasa's SpacyNLP loads.

No spaCy model can be downloaded here, so the pipeline is `spacy.blank("en")`
plus a lookup lemmatizer whose tables come from the installed
spacy-lookups-data package. Saving it to disk lets Rasa load it by path, and the
saved copy carries the tables, so serving never needs the lookups package.
"""

import sys
from pathlib import Path

import spacy


def build(target: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    if nlp("pills")[0].lemma_ != "pill":
        raise SystemExit("lookup lemmatizer tables did not load")
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "build/spacy/en_blank"))
