"""A local stand-in for the Vody Inference API, used by the demo and by end-to-end tests.

Start it with ``python -m vody_desktop.sandbox`` (needs the ``sandbox`` extra: starlette and
uvicorn). This package's ``__init__`` and the modules ``catalogue``, ``classify``,
``generators``, ``large``, ``status`` and ``process`` use only the standard library, so the
desktop app can import ``vody_desktop.sandbox.process`` without the server stack installed.
"""
