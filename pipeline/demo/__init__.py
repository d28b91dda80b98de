"""The demo newsroom: fictional outlets and articles (package data), served on 127.0.0.1 for ``strikewatch demo``."""
