"""The REST service: FastAPI app, routes, auth, limits, errors, metrics and store. No extraction logic."""
