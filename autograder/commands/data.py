"""data: not built yet."""
HELP = "data (not built yet)"


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    print("data is not built yet")
    return 2
