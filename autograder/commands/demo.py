"""demo: not built yet."""
HELP = "demo (not built yet)"


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    print("demo is not built yet")
    return 2
