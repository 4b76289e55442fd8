"""oncostruct engine core: CDM, routing, pipeline, normalisation, validation and CLI."""
