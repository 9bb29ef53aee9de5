"""The release pipeline: solutions/ -> assignments/ (strip), then the gate and the bundles."""
