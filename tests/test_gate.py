"""The release gate: each step passes on the kit as it is and fails, naming step, file and line,
when it should (a leaked solution line, a check that passes on the stub, a surviving mutant, a
broken notebook, inconsistent dates)."""
from __future__ import annotations

import ast
import dataclasses
import json
import shutil

import pytest

from autograder.config.course import ReleaseSettings
from autograder.config.paths import ASSIGNMENTS, ROOT, SOLUTIONS
from autograder.release import bundle, check_source, gate, leak
from autograder.release.logic import find_logic, function_key, solution_logic
from autograder.release.mutate import KINDS, assignment_mutants, mutants_of
from tests.conftest import KERNELS, edit

AID = "a1_knn_linear"
CHECKS_FILE = ROOT / "autograder" / "checks" / f"{AID}.py"


# ---------------------------------------------------------------- leak

def test_stub_folder_has_no_leak():
    assert gate.step_leak(AID, gate.folder_files(ASSIGNMENTS / AID), "assignments/a1_knn_linear") == []


def test_a_solution_line_copied_into_a_student_file_is_named_with_file_and_line():
    files = gate.folder_files(ASSIGNMENTS / AID)
    text = files["linear_score.py"].decode()
    files["linear_score.py"] = text.replace("    # YOUR CODE HERE\n", "    # YOUR CODE HERE\n    scores = X.dot(W)  +  b   # mine\n", 1).encode()
    line = files["linear_score.py"].decode().splitlines().index("    scores = X.dot(W)  +  b   # mine") + 1
    problems = gate.step_leak(AID, files, "a1.zip")
    assert [(p.step, p.file, p.line) for p in problems] == [("leak", "a1.zip/linear_score.py", line)]
    assert "solutions/a1_knn_linear/linear_score.py:" in problems[0].message


def test_a_solution_line_in_a_notebook_cell_is_named():
    files = gate.folder_files(ASSIGNMENTS / AID)
    secret = "dists = np.sqrt(np.maximum(sq, 0.0))"
    nb = json.loads(files[f"{AID}.ipynb"])
    nb["cells"].append({"cell_type": "code", "metadata": {}, "source": [secret], "outputs": [], "execution_count": None})
    files[f"{AID}.ipynb"] = json.dumps(nb).encode()
    problems = gate.step_leak(AID, files, "x")
    assert len(problems) == 1 and f"cell {len(nb['cells']) - 1}" in problems[0].file


def test_commented_out_or_embedded_solution_lines_are_leaks_prose_is_not():
    secrets = gate.secret_lines(AID)
    files = {"a.py": b"#    scores = X.dot(W) + b\nprint(1); dists = np.sqrt(np.maximum(sq, 0.0))\n",
             "b.md": b"Compute `dists = np.sqrt(np.maximum(sq, 0.0))` with no loop.\n"}
    problems = gate.step_leak(AID, files, "x", secrets)
    assert [(p.file, p.line) for p in problems] == [("x/a.py", 1), ("x/a.py", 2)]


def test_trivial_and_scaffold_lines_are_not_leaks():
    secrets = gate.secret_lines(AID)
    assert leak.normalise("        return dists") == ""
    assert leak.normalise("N, C, H, W = x.shape") == ""
    assert leak.normalise("    pass  # nothing") == ""
    assert leak.normalise("dists = np.zeros((num_test, num_train))") not in secrets   # given to students
    assert leak.normalise("scores = X.dot(W) + b") in secrets


def test_solutions_path_and_hidden_checks_in_a_zip_are_leaks():
    problems = gate.step_leak(AID, {"kit/solutions/a1_knn_linear/linear_score.py": b"x = 1\n",
                                    f"kit/autograder/checks/{AID}.py": CHECKS_FILE.read_bytes()}, "a1.zip")
    messages = " ".join(p.message for p in problems)
    assert "solutions/ path" in messages
    assert "hidden checks shipped: dists_hidden" in messages


def test_public_checks_module_drops_hidden_checks_and_their_helpers():
    text = CHECKS_FILE.read_text()
    public, removed = check_source.public_check_source(text, "a1.py")
    tree = ast.parse(public)
    assert check_source.part_names(tree, hidden=True) == []
    assert check_source.part_names(tree, hidden=False) == check_source.part_names(ast.parse(text), hidden=False)
    assert "def dists_hidden" not in public and "def predict_labels_hidden" not in public
    assert "def knn_data" in public and "def linear_call" in public     # shared with public checks
    assert removed


def test_hidden_check_on_a_shared_line_is_refused_with_its_line():
    text = 'CHECKS = [\n    Check("a", f, j), Check("b", g, j, hidden=True),\n]\n'
    with pytest.raises(check_source.BundleError, match=r"x.py:2: put each hidden Check"):
        check_source.public_check_source(text, "x.py")


# ---------------------------------------------------------------- reference, stub

def test_reference_and_stub_steps_pass_on_a1(course, t_en):
    assert gate.step_reference(course, AID, t_en) == []
    assert gate.step_stub(course, AID, t_en, ASSIGNMENTS / AID) == []


def test_a_broken_reference_is_named(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "linear_score.py", "scores = X.dot(W) + b", "raise ValueError('broken')")
    problems = gate.step_reference(course, AID, t_en, ref_dir=code)
    assert {p.message.split(":")[0] for p in problems} == {"the reference does not pass linear_scores",
                                                           "the reference does not pass linear_scores_hidden"}
    assert problems[0].file == f"autograder/checks/{AID}.py" and problems[0].line == gate.check_line(AID, "linear_scores")


def test_a_check_that_passes_on_the_stub_is_a_defect(course, t_en, stub_copy):
    stub = stub_copy(AID)
    edit(stub / "linear_score.py", "    # YOUR CODE HERE\n    raise NotImplementedError()", "    scores = X @ W + b")
    problems = gate.step_stub(course, AID, t_en, stub)
    assert {p.line for p in problems} == {gate.check_line(AID, "linear_scores"),
                                          gate.check_line(AID, "linear_scores_hidden")}
    assert all(p.step == "stub" and "cannot fail" in p.message for p in problems)


# ---------------------------------------------------------------- mutation

SAMPLE = '''import numpy as np


def f(x, w, k):
    """x (N, D), w (D,)"""
    n = x.shape[0]
    ### BEGIN SOLUTION
    s = np.sum(x * w, axis=1) + 1.5
    top = np.argsort(s)[:k]
    for i in range(n):
        if s[i] < 0:
            s[i] = -s[i]
    ### END SOLUTION
    return s, top
'''


def test_mutants_cover_every_kind_and_point_at_their_line(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(SAMPLE)
    mutants = mutants_of(path, "m.py", 50)
    assert {m.kind for m in mutants} == set(KINDS)
    assert all(8 <= m.line <= 12 and m.function == "f" for m in mutants)
    texts = {m.apply(SAMPLE) for m in mutants}
    assert len(texts) == len(mutants) and SAMPLE not in texts
    for m in mutants:
        ast.parse(m.apply(SAMPLE))
    assert any(m.kind == "swap_axis" and m.after == "0" for m in mutants)
    assert any(m.kind == "off_by_one" and m.after == "(k + 1)" for m in mutants)
    assert len(mutants_of(path, "m.py", 3)) == 3


def test_only_code_inside_solution_blocks_is_mutated():
    for m in assignment_mutants(AID, 8):
        lines = (SOLUTIONS / AID / m.file).read_text().splitlines()
        assert "### BEGIN SOLUTION" in "\n".join(lines[: m.line]) and m.function


@pytest.mark.slow
def test_a_surviving_mutant_fails_the_gate_with_its_line(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "linear_score.py", '    return scores\n',
         '    return scores\n\n\ndef unused_helper(x):\n    ### BEGIN SOLUTION\n    return x * 2 + 1\n'
         '    ### END SOLUTION\n')
    strict = dataclasses.replace(course, release=ReleaseSettings(min_kill_rate=1.0, max_mutants_per_function=2,
                                                                 mutation_budget_s=60))
    problems, report = gate.step_mutation(strict, AID, t_en, src=code)
    assert report.survived and all(m.function == "unused_helper" for m in report.survived)
    assert problems and all(p.step == "mutation" and p.file.endswith("linear_score.py") for p in problems)
    line = (code / "linear_score.py").read_text().splitlines().index("    return x * 2 + 1") + 1
    assert {p.line for p in problems} == {line}
    assert "kill rate" in problems[0].message
    lenient = dataclasses.replace(strict, release=ReleaseSettings(0.5, 2, 60))
    assert gate.step_mutation(lenient, AID, t_en, src=code)[0] == []


# ---------------------------------------------------------------- notebooks

def notebook(cells):
    meta = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": meta, "cells": [
        {"cell_type": "code", "metadata": {"nbgrader": {"grade": False, "grade_id": f"c{i}", "locked": not sol,
                                                       "schema_version": 3, "solution": sol, "task": False}}
         if sol is not None else {}, "source": src, "outputs": [], "execution_count": None, "id": f"id{i}"}
        for i, (src, sol) in enumerate(cells)]}


@KERNELS
@pytest.mark.slow
def test_a_broken_notebook_and_one_nbgrader_refuses_are_named(tmp_path):
    crash = tmp_path / "a1" / "a1.ipynb"
    refused = tmp_path / "a2" / "a2.ipynb"
    for path in (crash, refused):
        path.parent.mkdir()
    crash.write_text(json.dumps(notebook([("x = 1", None),
                                          ("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION", True),
                                          ("y = 2\nz = 1 / 0", None)])))
    # a solution region in a cell that is not a solution cell: nbgrader refuses it
    refused.write_text(json.dumps(notebook([("### BEGIN SOLUTION\nx = 1\n### END SOLUTION", None)])))
    problems = gate.step_notebooks({"a1_knn_linear": crash, "a2_svm_softmax": refused}, tmp_path / "work")
    by_file = {p.file: p for p in problems}
    assert by_file[f"{crash} cell 2"].line == 2 and "ZeroDivisionError" in by_file[f"{crash} cell 2"].message
    assert "nbgrader" in by_file[str(refused)].message


# ---------------------------------------------------------------- course

def write_course(tmp_path, old, new):
    text = (ROOT / "course.yml").read_text()
    assert old in text
    path = tmp_path / "course.yml"
    path.write_text(text.replace(old, new, 1))
    return path


def test_course_step_passes_on_course_yml():
    course, problems = gate.step_course()
    assert course is not None and problems == []


def test_dates_out_of_order_are_named_with_their_line(tmp_path):
    path = write_course(tmp_path, 'a2_svm_softmax: {release: "2026-09-21T09:00:00+09:00"',
                        'a2_svm_softmax: {release: "2026-09-01T09:00:00+09:00"')
    _, problems = gate.step_course(path)
    assert len(problems) == 1 and problems[0].step == "course"
    lines = path.read_text().splitlines()
    assert lines[problems[0].line - 1].strip().startswith("a2_svm_softmax: {release: \"2026-09-01")
    assert "released" in problems[0].message and "before a1_knn_linear" in problems[0].message


def test_due_before_release_is_named_with_its_line(tmp_path):
    path = write_course(tmp_path, 'due: "2026-10-19T23:59:00+09:00"', 'due: "2026-10-01T23:59:00+09:00"')
    _, problems = gate.step_course(path)
    assert len(problems) == 1 and "not after the release date" in problems[0].message
    assert "a3_backprop" in path.read_text().splitlines()[problems[0].line - 1]


def test_a_part_without_a_check_is_named(tmp_path):
    path = write_course(tmp_path, "      dists_two_loops:    {points: 10}\n",
                        "      dists_two_loops:    {points: 10}\n      dists_three_loops: {points: 5}\n")
    _, problems = gate.step_course(path)
    assert [p.message for p in problems] == ["part dists_three_loops of a1_knn_linear has no check in "
                                             "autograder/checks/a1_knn_linear.py"]
    assert "dists_three_loops" in path.read_text().splitlines()[problems[0].line - 1]


def test_release_settings_are_validated(tmp_path):
    path = write_course(tmp_path, "min_kill_rate: 0.9", "min_kill_rate: 1.5")
    _, problems = gate.step_course(path)
    assert "release.min_kill_rate" in problems[0].message
    assert "min_kill_rate" in path.read_text().splitlines()[problems[0].line - 1]


# ---------------------------------------------------------------- leak: solution logic in shipped code

A3 = "a3_backprop"
A3_CHECKS = (f"autograder/checks/{A3}/__init__.py" if (ROOT / "autograder" / "checks" / A3).is_dir()
             else f"autograder/checks/{A3}.py")      # a package since issue 17


def _simulators() -> str:
    """The mistake simulators as a3's checks module used to ship them (now solutions/mistakes/)."""
    text = (SOLUTIONS / "mistakes" / f"{A3}.py").read_text()
    tree = ast.parse(text)
    lines = text.splitlines()
    return "\n\n".join("\n".join(lines[n.lineno - 1:n.end_lineno]) for n in tree.body
                       if isinstance(n, ast.FunctionDef) and n.name in ("_momentum", "_scaled", "_adam", "_sgd_uphill"))


def test_the_a3_zip_as_it_shipped_with_its_simulators_fails_the_leak_step():
    """The kit's own checks module holding correct optimisers with a flag flipped is a leak, named
    with the file, the line and the function."""
    files = bundle.package_files(A3, public_only=True)
    assert gate.step_leak(A3, files, "a3.zip") == []                     # the kit as it ships now
    files[A3_CHECKS] = files[A3_CHECKS] + b"\n\n" + _simulators().encode() + b"\n"
    problems = gate.step_leak(A3, files, "a3.zip")
    assert problems and all(p.step == "leak" and p.file == f"a3.zip/{A3_CHECKS}" for p in problems)
    named = " ".join(p.message for p in problems)
    for function in ("_momentum", "_scaled", "_adam", "_sgd_uphill"):
        assert f"function {function}" in named, named
    planted = files[A3_CHECKS].decode().splitlines()
    assert all(p.line and planted[p.line - 1].strip() for p in problems)


def test_simulators_are_found_from_the_reference_alone(tmp_path):
    """Without the private simulators to compare with, the reference's solution blocks still give the
    simulators away: the Adam moment lines by their shape, whatever the names, and adagrad's cache
    line as it is."""
    solutions = tmp_path / "solutions"
    shutil.copytree(SOLUTIONS / A3, solutions / A3, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    logic = solution_logic(A3, solutions)
    assert logic.signatures and not any("mistakes" in origin for origin in logic.functions.values())
    text = bundle.package_files(A3, public_only=True)[A3_CHECKS].decode() + "\n\n" + _simulators() + "\n"
    findings = find_logic(text, logic)
    assert {f.function for f in findings} >= {"_adam.rule"}
    adam = [f for f in findings if f.function == "_adam.rule"]
    assert any(f.text.startswith('config["v"] = b2 * config["v"]') and f.origin.startswith(
        f"solutions/{A3}/optim.py:") for f in adam)
    line = [p for p in gate.step_leak(A3, {"checks.py": text.encode()}, "x", logic=logic)
            if 'config["cache"] = config["cache"] + dw ** 2' in p.message]
    assert line and "optim.py" in line[0].message                     # a solution line, even in a kit module


def renamed_adam() -> str:
    """The reference's adam as a kit helper: other name, other argument and variable names, no docstring."""
    tree = ast.parse((SOLUTIONS / A3 / "optim.py").read_text())
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "adam")
    names = {"w": "x", "dw": "g", "config": "cfg", "t": "step", "beta1": "b1", "beta2": "b2", "m_hat": "mh",
             "v_hat": "vh", "next_w": "out"}
    for n in ast.walk(fn):
        if isinstance(n, ast.Name):
            n.id = names.get(n.id, n.id)
        elif isinstance(n, ast.arg):
            n.arg = names.get(n.arg, n.arg)
    fn.name, fn.body = "_moments", fn.body[1:]
    return "\n\n" + ast.unparse(fn) + "\n"


def test_a_reference_function_renamed_in_any_kit_module_is_a_leak():
    files = bundle.package_files(A3, public_only=True)
    files["autograder/model/judge.py"] += renamed_adam().encode()
    problems = [p for p in gate.step_leak(A3, files, "a3.zip") if p.file == "a3.zip/autograder/model/judge.py"]
    assert len(problems) == 1, problems
    assert "function _moments" in problems[0].message and f"solutions/{A3}/optim.py:" in problems[0].message
    assert "(adam)" in problems[0].message
    assert files["autograder/model/judge.py"].decode().splitlines()[problems[0].line - 1].startswith("def _moments")


def test_function_fingerprints_ignore_names_docstrings_and_comments_only():
    one = ast.parse("def f(a, b):\n    '''doc'''\n    c = a * b + 1  # x\n    return c ** 2\n").body[0]
    two = ast.parse("def g(x, y):\n    z = x * y + 1\n    return z ** 2\n").body[0]
    three = ast.parse("def g(x, y):\n    z = x * y + 2\n    return z ** 2\n").body[0]
    assert function_key(one) == function_key(two) != function_key(three)


@pytest.mark.parametrize("aid", ["a1_knn_linear", "a2_svm_softmax", "a3_backprop", "a4_cnn_layers",
                                 "a5_cifar10_gpu", "a6_rnn_stock"])
def test_what_each_student_zip_ships_has_no_solution_logic(aid):
    """The kit (public checks, helpers), the student files and the data helpers: no finding, so the
    gate's stricter leak step does not cry wolf."""
    if not (SOLUTIONS / aid).is_dir():
        pytest.skip(f"no solutions/{aid}")
    files = bundle.package_files(aid, public_only=True)
    files.update(bundle.data_files(aid, bundle.assignment_sources(aid)))
    files.update({f"assignments/{aid}/{k}": v for k, v in gate.folder_files(ASSIGNMENTS / aid).items()})
    assert gate.step_leak(aid, files, f"{aid}.zip") == []
    assert not any(name.startswith("solutions/") or "/mistakes/" in name for name in files)
