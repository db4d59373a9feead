"""Vody Desktop: look up the results of model inferences on the Vody Inference API."""

__version__ = "0.1.0"
APP_NAME = "Vody Desktop"
