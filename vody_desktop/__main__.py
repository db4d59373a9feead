"""Allows `python -m vody_desktop`."""

from vody_desktop.app import main

raise SystemExit(main())
