"""Understanding what people say when the classifier alone is not enough.

- `clarify`: when unsure, the likeliest meanings as buttons in plain words; a second
  miss offers the menu and someone to talk to; never the same apology twice.
- `replies`: answers built from data (a physical symptom: NHS 24, a pharmacist or GP,
  999 in an emergency, with the numbers from data/contacts).
"""
