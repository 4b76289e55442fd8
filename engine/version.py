"""Single source of the engine version."""
__version__ = "0.1.0"
