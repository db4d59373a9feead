"""Tests of the comparing engine (Qt-free)."""
