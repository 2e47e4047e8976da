"""How many keystrokes apart two words are: the measure behind every typo tolerance here."""

def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, stopping early once it must exceed `limit`.

    Transpositions count as one edit because swapped letters ("myslef") are the
    commonest slip on a phone keyboard. Returns `limit + 1` for anything further away,
    which is all the caller needs and keeps the loop short.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]
