"""The window's batch view (File > Batch lookup…): many inference IDs at once.

The engine is `vody_desktop.batch` (Qt-free, shared with `vody-desktop batch`); this package is
only what a person sees and steers: the input (`id_input`), the table (`table_model`), the run
(`batch_run`, its saved state in `store_worker`), the offer to resume (`unfinished`,
`resume_offer`), the window itself (`batch_window`) and the
light `launcher` the main window holds (it imports the rest on the first Ctrl+B).
"""
