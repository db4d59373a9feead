"""Talking to the Vody Inference API: inference IDs, environments, the HTTP client and its errors.

Qt-free: widgets call this layer and receive results or `UserFacingError` subclasses, never httpx.
"""
