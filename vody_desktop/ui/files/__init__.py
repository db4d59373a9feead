"""Results and files: open a saved result, export in every format, save an answer as
received, download straight to a file."""
