"""The one catalog of every message a student reads, in Korean and English.

`translator(lang)` returns `t(key, **params)`. Assignment check modules add their own hints with
`register({...})` at import, so each module keeps its hints beside the checks that use them.
"""
from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    # statuses, as the check table shows them
    "status.passed": {"en": "passed", "ko": "통과"},
    "status.failed": {"en": "failed", "ko": "실패"},
    "status.not_implemented": {"en": "not implemented yet", "ko": "아직 구현되지 않음"},
    "status.missing": {"en": "missing function", "ko": "함수·클래스 없음"},
    "status.missing_file": {"en": "missing file", "ko": "파일 없음"},
    "status.syntax_error": {"en": "syntax error", "ko": "문법 오류"},
    "status.import_error": {"en": "import error", "ko": "import 오류"},
    "status.crashed": {"en": "crashed", "ko": "비정상 종료"},
    "status.timeout": {"en": "time limit", "ko": "시간 초과"},
    "status.memory_limit": {"en": "memory limit", "ko": "메모리 초과"},
    "status.output_limit": {"en": "output limit", "ko": "출력 한도 초과"},
    "status.bad_output": {"en": "bad output", "ko": "잘못된 출력"},
    "status.bad_checkpoint": {"en": "bad checkpoint", "ko": "잘못된 체크포인트"},
    "status.skipped": {"en": "skipped", "ko": "건너뜀"},
    "status.grader_error": {"en": "grader error", "ko": "채점기 오류"},
    # table
    "table.part": {"en": "part", "ko": "항목"},
    "table.points": {"en": "points", "ko": "점수"},
    "table.status": {"en": "status", "ko": "상태"},
    "table.message": {"en": "message", "ko": "메시지"},
    "table.total": {"en": "total", "ko": "합계"},
    "check.header": {"en": "Self-check of {aid} in {dir} (public checks only)",
                     "ko": "{aid} 자체 점검: {dir} (공개 검사만)"},
    "check.all_passed": {"en": "All {n} parts pass.", "ko": "{n}개 항목 모두 통과했습니다."},
    "check.some_failed": {"en": "{failed} of {n} parts do not pass yet.",
                          "ko": "{n}개 항목 중 {failed}개가 아직 통과하지 못했습니다."},
    # runner outcomes
    "run.not_implemented": {"en": "not implemented yet: {where} still raises NotImplementedError",
                            "ko": "아직 구현되지 않았습니다: 여전히 NotImplementedError가 발생합니다 (위치: {where})"},
    "run.returned_none": {"en": "not implemented yet: {function} returned None",
                          "ko": "아직 구현되지 않았습니다: {function}이(가) None을 반환했습니다"},
    "run.returned_none_item": {"en": "not implemented yet: {function} returned None as item {index} of its result",
                               "ko": "아직 구현되지 않았습니다: {function}이(가) 반환한 결과의 {index}번 항목이 None입니다"},
    "run.none_value": {"en": "not implemented yet: {name} is None (a function still returns None)",
                       "ko": "아직 구현되지 않았습니다: {name}이(가) None입니다 (함수가 아직 None을 반환합니다)"},
    "run.none_result": {"en": "not implemented yet: a function returned None where a result was expected ({error})",
                        "ko": "아직 구현되지 않았습니다: 결과가 있어야 할 곳에서 함수가 None을 반환했습니다 ({error})"},
    "run.missing_function": {"en": "{file} has no function {name}: keep the names of the assignment's file",
                             "ko": "{file}에 함수 {name}이(가) 없습니다: 과제 파일의 이름을 그대로 두세요"},
    "run.missing_class": {"en": "{file} has no class {name}: keep the names of the assignment's file",
                          "ko": "{file}에 클래스 {name}이(가) 없습니다: 과제 파일의 이름을 그대로 두세요"},
    "run.missing_member": {"en": "{file}: class {cls} has no method or attribute {name}",
                           "ko": "{file}: 클래스 {cls}에 메서드나 속성 {name}이(가) 없습니다"},
    "run.missing_file": {"en": "file {file} is missing from the submission",
                         "ko": "제출물에 {file} 파일이 없습니다"},
    "run.syntax_error": {"en": "{file} line {line}: syntax error: {error}",
                         "ko": "{file} {line}번째 줄: 문법 오류: {error}"},
    "run.import_error": {"en": "importing {file} failed: {error}", "ko": "{file} import 실패: {error}"},
    "run.import_error_line": {"en": "importing {file} failed at line {line}: {error}",
                              "ko": "{file} import 실패 ({line}번째 줄): {error}"},
    "run.hint.past": {"en": "`past.builtins` is CS231n's Python 2 helper: delete the import and use range "
                            "instead of xrange",
                      "ko": "`past.builtins`는 CS231n의 Python 2용 도우미입니다: 이 import를 지우고 xrange 대신 "
                            "range를 쓰세요"},
    "run.hint.cs231n": {"en": "this kit's files sit side by side in one folder: write `from layers import ...` "
                              "instead of `from cs231n.layers import ...` (or `from .layers import ...`)",
                        "ko": "이 키트의 파일은 한 폴더에 나란히 있습니다: `from cs231n.layers import ...`(또는 "
                              "`from .layers import ...`) 대신 `from layers import ...`라고 쓰세요"},
    "run.check_error": {"en": "the check could not use what your code returned: {error}",
                        "ko": "검사 코드가 여러분의 코드가 반환한 값을 사용할 수 없었습니다: {error}"},
    "run.error": {"en": "your code raised {error} at {where}",
                  "ko": "코드에서 예외가 발생했습니다: {error} (위치: {where})"},
    "run.timeout": {"en": "stopped after {seconds:g} s (the limit for this part)",
                    "ko": "{seconds:g}초 제한을 넘겨 중단했습니다"},
    "run.timeout_skipped": {"en": "not run: {function}, which this part calls, already ran past its time limit "
                                  "in an earlier part",
                            "ko": "실행하지 않음: 이 항목이 호출하는 {function}이(가) 앞선 항목에서 이미 시간 제한을 "
                                  "넘겼습니다"},
    "run.timeout_budget": {"en": "not run: earlier parts of this submission already ran past their time limits "
                                 "for {seconds:g} s in all, the most one submission may lose to hanging code",
                           "ko": "실행하지 않음: 이 제출물의 앞선 항목들이 이미 모두 {seconds:g}초 동안 시간 제한을 "
                                 "넘겼습니다 (멈추는 코드에 한 제출물이 쓸 수 있는 최대 시간입니다)"},
    "run.crashed": {"en": "the process ended during this part (exit status {code})",
                    "ko": "이 항목 실행 중 프로세스가 종료되었습니다 (종료 코드 {code})"},
    "run.memory_limit": {"en": "ran out of memory (limit {mb} MB)", "ko": "메모리 한도({mb} MB)를 넘었습니다"},
    "run.output_limit": {"en": "printed more than {limit} bytes", "ko": "출력이 {limit} 바이트를 넘었습니다"},
    "run.bad_output": {"en": "returned something the grader cannot read: {error}",
                       "ko": "채점기가 읽을 수 없는 값을 반환했습니다: {error}"},
    "run.grader_error": {"en": "the grader failed on this part ({error}); this is not your mistake, the course "
                               "staff are told",
                         "ko": "채점기가 이 항목에서 실패했습니다 ({error}). 여러분의 잘못이 아니며, 조교에게 "
                               "알려집니다"},
    "run.reference_failed": {"en": "the reference itself failed this part ({error}); tell the course staff",
                             "ko": "정답 코드가 이 항목에서 실패했습니다({error}). 조교에게 알려 주세요"},
    # judgements
    "judge.ok": {"en": "matches the reference", "ko": "정답과 일치합니다"},
    "judge.missing_key": {"en": "{name} is missing from what your code returned",
                          "ko": "반환값에 {name}이(가) 없습니다"},
    "judge.shape": {"en": "{name}: expected shape {expected}, got {got}",
                    "ko": "{name}: 기대한 shape은 {expected}, 실제 shape은 {got}"},
    "judge.nan": {"en": "{name} is NaN or inf", "ko": "{name}이(가) NaN 또는 inf입니다"},
    "judge.nan_at": {"en": "{name} contains NaN or inf at {name}{index}",
                     "ko": "{name}{index}에 NaN 또는 inf가 있습니다"},
    "judge.mismatch": {"en": "{name}{index}: expected {expected}, got {got} (max relative error {rel:.2g})",
                       "ko": "{name}{index}: 기대값 {expected}, 실제값 {got} (최대 상대 오차 {rel:.2g})"},
    "judge.exact": {"en": "{name}{index}: expected {expected}, got {got} ({wrong} of {total} differ)",
                    "ko": "{name}{index}: 기대값 {expected}, 실제값 {got} ({total}개 중 {wrong}개 다름)"},
    "judge.speed": {"en": "{ratio:.1f}x faster than {baseline} ({student_ms:.1f} ms against {baseline_ms:.1f} ms; "
                          "needed {min_ratio:g}x)",
                    "ko": "{baseline}보다 {ratio:.1f}배 빠릅니다 ({student_ms:.1f} ms 대 {baseline_ms:.1f} ms, "
                          "필요: {min_ratio:g}배)"},
    "judge.speed_wrong": {"en": "speed not scored: the result must be right first. {detail}",
                          "ko": "결과가 틀려 속도는 채점하지 않았습니다. {detail}"},
    "judge.threshold": {"en": "{what} {value}: {share:.0%} of the points (thresholds: {table})",
                        "ko": "{what} {value}: 점수의 {share:.0%} (기준: {table})"},
    "judge.grad_value_ok_grad_bad": {
        "en": "your {value} matches, your {grad} does not: max relative error {rel:.2g} at {grad}{index}",
        "ko": "{value}은(는) 맞지만 {grad}은(는) 틀립니다: {grad}{index}에서 최대 상대 오차 {rel:.2g}"},
    "judge.grad_consistent_forward_bad": {
        "en": "{grad} agrees with the numerical gradient of your own {value} (relative error {rel:.2g}, below the "
              "{tol:g} this check allows), so the {value} itself is wrong",
        "ko": "{grad}은(는) 여러분의 {value}의 수치 미분과 일치하므로 (상대 오차 {rel:.2g}, 이 검사의 허용치 {tol:g} 미만) "
              "{value} 계산 자체가 틀렸습니다"},
    "judge.grad_numeric_agrees": {
        "en": "{grad} agrees with the numerical gradient of your own {value} (relative error {rel:.2g}, below the "
              "{tol:g} this check allows)",
        "ko": "{grad}은(는) 여러분의 {value}의 수치 미분과 일치합니다 (상대 오차 {rel:.2g}, 이 검사의 허용치 {tol:g} 미만)"},
    "judge.grad_numeric_disagrees": {
        "en": "{grad} disagrees with the numerical gradient of your own {value} (relative error {rel:.2g}, over the "
              "{tol:g} this check allows; CS231n's gradient checks expect about 1e-7): the backward pass is wrong",
        "ko": "{grad}은(는) 여러분의 {value}의 수치 미분과 다릅니다 (상대 오차 {rel:.2g}, 이 검사의 허용치 {tol:g} 초과. "
              "CS231n의 그래디언트 검사는 1e-7 정도를 기대합니다): 역전파가 틀렸습니다"},
    # pack
    "pack.no_folder": {"en": "{dir} is not a folder: pass your code's folder with --dir",
                       "ko": "{dir}은(는) 폴더가 아닙니다: --dir로 코드 폴더를 지정하세요"},
    "pack.missing": {"en": "{file} is missing from {dir}: every submission must include it. Copy it from the "
                           "assignment's folder (or point --dir at the folder that has it)",
                     "ko": "{dir}에 {file}이(가) 없습니다: 제출물에 반드시 들어가야 하는 파일입니다. 과제 폴더에서 복사하거나 "
                           "--dir로 그 파일이 있는 폴더를 지정하세요"},
    "pack.not_python": {"en": "{file} line {line} is not valid Python ({error}): fix it, then pack again",
                        "ko": "{file} {line}번째 줄이 올바른 Python이 아닙니다({error}): 고친 뒤 다시 pack 하세요"},
    "pack.not_json": {"en": "{file} is not a valid notebook (not JSON: {error}): open it in Jupyter and save it "
                            "again, or restore it from the assignment zip",
                      "ko": "{file}이(가) 올바른 노트북(JSON)이 아닙니다({error}): Jupyter에서 열어 다시 저장하거나 "
                            "과제 zip에서 복원하세요"},
    "pack.checkpoint_too_large": {"en": "checkpoint.pt is {size:.1f} MB, over the {limit:g} MB limit: save only the "
                                        "model's state_dict (torch.save(model.state_dict(), ...)), or use a smaller model",
                                  "ko": "checkpoint.pt가 {size:.1f} MB로 한도 {limit:g} MB를 넘습니다: 모델의 "
                                        "state_dict만 저장하거나(torch.save(model.state_dict(), ...)) 더 작은 모델을 쓰세요"},
    "pack.refused": {"en": "Not packed: {reason}", "ko": "제출 파일을 만들지 않았습니다: {reason}"},
    "pack.check_failed": {"en": "(the self-check could not run: {error}; packing anyway)",
                          "ko": "(자체 점검을 실행할 수 없었습니다: {error}. 그래도 제출 파일을 만듭니다)"},
    "pack.written": {"en": "Wrote {zip} ({n} files, timestamp.txt, SHA256SUMS). Submit it as it is.",
                     "ko": "{zip}을(를) 만들었습니다 (파일 {n}개, timestamp.txt, SHA256SUMS). 그대로 제출하세요."},
    "hint.prefix": {"en": "hint: ", "ko": "힌트: "},
}


def register(entries: dict[str, dict[str, str]]) -> None:
    """Add an assignment's own messages (each key with 'en' and 'ko')."""
    for key, texts in entries.items():
        missing = {"en", "ko"} - set(texts)
        if missing:
            raise ValueError(f"message {key!r} lacks {', '.join(sorted(missing))}")
        CATALOG[key] = texts


def translator(lang: str):
    """t(key, **params) in `lang`; an unknown key shows itself, so nothing is ever lost."""

    def t(key: str, **params) -> str:
        texts = CATALOG.get(key)
        if texts is None:
            return key
        text = texts.get(lang) or texts["en"]
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return t
