"""Surgical video: ffmpeg probe and streaming decode, frame sampling, quality, image model, temporal segments."""
