"""grade: not built yet."""
HELP = "grade (not built yet)"


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    print("grade is not built yet")
    return 2
