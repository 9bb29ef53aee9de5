"""Similarity flags (issue #16): winnowing over normalised tokens finds a disguised copy of a classmate
or of a known solution above every pair of honest students, never counts the handed-out stub, and
never changes a score."""
from __future__ import annotations

from autograder.grading.similarity import CORPUS, Code, cohort_similarity, compare, fingerprints, tokens
from autograder.report.csvs import read_csv
from tests.data.similarity_cohort import AID, FILE, GITHUB, HONEST, disguise, stub, with_bodies


def honest_codes() -> list[Code]:
    return [Code(f"honest-{i}", {FILE: with_bodies(*bodies)}) for i, bodies in enumerate(HONEST)]


def test_renaming_comments_and_blank_lines_change_no_token():
    code = with_bodies(*HONEST[0])
    assert [t for t, _ in tokens(disguise(code))] == [t for t, _ in tokens(code)]
    assert {p.hash for p in fingerprints({FILE: disguise(code)})} == {p.hash for p in fingerprints({FILE: code})}


def test_a_disguised_copy_is_the_top_pair_among_honest_students():
    codes = honest_codes() + [Code("copier", {FILE: disguise(with_bodies(*HONEST[2]))})]
    pairs = compare(codes, stub={FILE: stub()})
    top = pairs[0]
    assert {top.a, top.b} == {"copier", "honest-2"} and top.score > 0.9
    honest = [p.score for p in pairs if "copier" not in (p.a, p.b)]
    assert max(honest, default=0) < 0.5 * top.score
    assert top.regions and top.regions[0].text_a and top.regions[0].text_b   # the side-by-side view


def test_a_disguised_corpus_solution_is_found_and_corpus_entries_are_not_compared():
    corpus = [Code(CORPUS + "github", {FILE: with_bodies(*GITHUB)}), Code(CORPUS + "copy", {FILE: with_bodies(*GITHUB)})]
    codes = honest_codes() + [Code("borrower", {FILE: disguise(with_bodies(*GITHUB))})]
    pairs = compare(codes, stub={FILE: stub()}, corpus=corpus)
    assert {pairs[0].a, pairs[0].b} <= {"borrower", CORPUS + "github", CORPUS + "copy"} and pairs[0].score > 0.9
    assert "borrower" in (pairs[0].a, pairs[0].b)
    assert not any(p.a.startswith(CORPUS) and p.b.startswith(CORPUS) for p in pairs)


def test_the_handed_out_stub_does_not_count():
    """Two students who handed in the stub untouched share nothing that counts."""
    pairs = compare([Code("a", {FILE: stub()}), Code("b", {FILE: stub()})], stub={FILE: stub()})
    assert pairs == [] or pairs[0].score == 0


def test_grade_step_reads_folders_and_zips_and_the_corpus(tmp_path):
    import zipfile
    sources = []
    for i, bodies in enumerate(HONEST[:3]):
        folder = tmp_path / "submitted" / f"s{i}" / AID
        folder.mkdir(parents=True)
        (folder / FILE).write_text(with_bodies(*bodies), encoding="utf-8")
        sources.append((f"s{i}", folder))
    archive = tmp_path / "submitted" / "zipper" / f"{AID}.zip"
    archive.parent.mkdir(parents=True)
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(f"{AID}/{FILE}", disguise(with_bodies(*GITHUB)))
    sources.append(("zipper", archive))
    (tmp_path / "corpus" / "someone" / AID).mkdir(parents=True)
    (tmp_path / "corpus" / "someone" / AID / FILE).write_text(with_bodies(*GITHUB), encoding="utf-8")
    pairs = cohort_similarity(AID, sources, tmp_path / "corpus")
    assert {pairs[0].a, pairs[0].b} == {"zipper", CORPUS + "someone"}


def test_grade_writes_similarity_csv_and_the_report_section_without_changing_scores(tmp_path):
    """The whole `grade` step on a1's sample cohort plus a disguised copy of its reference."""
    import shutil
    from autograder.config.course import load_course
    from autograder.grading.batch import run_batch
    from tests.data.samples import build_cohort
    aid = "a1_knn_linear"
    build_cohort(aid, tmp_path / "submitted")
    shutil.copytree(tmp_path / "submitted" / "kim-minjun", tmp_path / "submitted" / "copycat")
    path = tmp_path / "submitted" / "copycat" / aid / "k_nearest_neighbor.py"
    path.write_text(disguise(path.read_text(encoding="utf-8")), encoding="utf-8")
    records = run_batch(load_course(), aid, tmp_path / "submitted", tmp_path / "out", lang="en", progress=False)
    rows = read_csv(tmp_path / "out" / "similarity.csv")
    assert {rows[0]["student_a"], rows[0]["student_b"]} == {"copycat", "kim-minjun"}
    assert records["copycat"].total == records["kim-minjun"].total          # a flag, never a change of score
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'id="similarity"' in html and "copycat" in html.split('id="similarity"')[1]
    assert 'id="mistakes"' in html                                           # park ji-ho's missing square root
