"""The review workspace: a small Flask app over the review services (``create_app(settings)``)."""

from review.app import create_app

__all__ = ["create_app"]
