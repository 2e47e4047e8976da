"""Actions for finding peer-support groups and services (thin: see the signposting package)."""
