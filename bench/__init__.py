"""Benchmarks (`make bench`): speed and memory targets, each reported as a ratio against a
baseline measured in the same run, never as a timed test. One module per topic, each with main()."""
