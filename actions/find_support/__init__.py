"""Actions for finding peer-support groups and services (thin: see the signposting package).

Not named `signposting`: rasa_sdk walks subpackages by their bare names, and would
then wander into the top-level `signposting` package and fail to load the actions.
"""
