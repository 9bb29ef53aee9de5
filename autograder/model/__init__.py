"""The check model: checks, outcomes, verdicts, judges, gradient checks. No I/O, no processes."""
