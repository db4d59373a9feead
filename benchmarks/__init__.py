"""Benchmarks for huge results and start-up (`make bench`); never run by `make test`."""
