"""directory API routes."""

from ninja import Router

router = Router(tags=["directory"])
