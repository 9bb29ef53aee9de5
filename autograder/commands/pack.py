"""pack: not built yet."""
HELP = "pack (not built yet)"


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    print("pack is not built yet")
    return 2
