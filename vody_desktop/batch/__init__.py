"""Batch lookup: many inference IDs at once, paced to the server's rate limit, saved as they come.

Qt-free (an import-linter contract keeps it so): the command line (`vody-desktop batch`) and the
window's batch view share everything here. `ids` finds the IDs, `pace` is the one limiter of a
batch, `runner` looks them up, `output` writes the files; the batch's state lives in
`vody_desktop/store/batches.py`.
"""
