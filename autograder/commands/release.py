"""release: not built yet."""
HELP = "release (not built yet)"


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    print("release is not built yet")
    return 2
