"""The only code that touches untrusted processes: fences, the fork server, the child, the runner."""
