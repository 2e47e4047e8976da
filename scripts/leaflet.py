"""Write the practitioners' leaflet for one pathway: a one-page A4 PDF and a PNG QR code.

    TELEGRAM_BOT_USERNAME=my_companion_bot make leaflet PATHWAY=anxiety
    PYTHONPATH=. .venv/bin/python -m scripts.leaflet anxiety [--out var/leaflets] [--sample]

The QR code and the link open https://t.me/<TELEGRAM_BOT_USERNAME>?start=<code>.
`--sample` uses a placeholder bot name (your_companion_bot) and prints SAMPLE on
the page, for documentation only. Files: <out>/<code>.pdf and <out>/<code>-qr.png.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from common.clock import uk_now
from pathways.leaflet import SAMPLE_USERNAME, LeafletError, write_leaflet
from pathways.loader import DEFAULT_DIR, load_pathways

ROOT = Path(__file__).resolve().parent.parent
USERNAME_VAR = "TELEGRAM_BOT_USERNAME"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pathway", help="a pathway code, the name of a file in data/pathways/")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "leaflets")
    parser.add_argument("--sample", action="store_true",
                        help="use a placeholder bot name and mark the page SAMPLE")
    args = parser.parse_args(argv)
    pathways = load_pathways()
    pathway = pathways.get(args.pathway)
    if pathway is None:
        print(f"No pathway {args.pathway!r} in {DEFAULT_DIR}. Known: {', '.join(sorted(pathways))}",
              file=sys.stderr)
        return 2
    username = SAMPLE_USERNAME if args.sample else os.environ.get(USERNAME_VAR, "").strip()
    if not username:
        print(f"Set {USERNAME_VAR} to the bot's Telegram username (the name after t.me/, "
              "from @BotFather), in .env or the environment; or pass --sample for a "
              "placeholder.", file=sys.stderr)
        return 2
    try:
        leaflet = write_leaflet(pathway, username, args.out, made_on=uk_now().date(),
                                sample=args.sample)
    except LeafletError as exc:
        print(f"Cannot make the leaflet: {exc}", file=sys.stderr)
        return 2
    print(f"{leaflet.pdf}\n{leaflet.qr_png}\nlink: {leaflet.link}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
