"""Dataset readers, splits, training configs and training loops."""
