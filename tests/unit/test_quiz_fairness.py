"""Quiz fairness warnings for authors: answer positions, longest options, all-right questions, copied figures."""
import shutil
from pathlib import Path
from types import MappingProxyType

from learning.content.fairness import module_warnings, quiz_warnings
from learning.content.loader import load_catalog
from learning.content.model import (
    Lesson,
    LessonText,
    Module,
    ModuleText,
    OptionText,
    Question,
    QuestionText,
    Quiz,
    TextInfo,
)

INFO = TextInfo("draft", "test", "x")
DATA = Path(__file__).resolve().parent.parent / "data" / "courses"


def _module(questions, texts, lesson_html="<p>She sends 5,000 baht.</p>"):
    lesson = Lesson("l", "m", "c", 1, MappingProxyType({"en": LessonText("en", "L", lesson_html, INFO)}))
    text = ModuleText("en", "M", "", MappingProxyType({
        qid: QuestionText("?", "", "", MappingProxyType({o: OptionText(t, "") for o, t in options.items()}))
        for qid, options in texts.items()}), INFO)
    return Module("m", "c", 1, (lesson,), Quiz(70, tuple(questions)), MappingProxyType({"en": text}), "v")


def _single(qid, answer):
    return Question(qid, "single", ("a", "b", "c", "d"), answer)


SHORT = {"a": "one", "b": "two", "c": "six", "d": "ten"}


def test_right_answers_mostly_in_one_position_are_flagged():
    unfair = _module([_single(f"q{i}", "a") for i in range(3)] + [_single("q3", "b")],
                     {f"q{i}": SHORT for i in range(4)})
    assert any("option a in 3 of 4" in w for w in module_warnings(unfair))
    fair = _module([_single("q0", "a"), _single("q1", "b"), _single("q2", "c"), _single("q3", "d")],
                   {f"q{i}": SHORT for i in range(4)})
    assert module_warnings(fair) == []


def test_the_right_answer_being_the_longest_option_is_flagged():
    long_right = {"a": "the long and careful right answer", "b": "no", "c": "never", "d": "maybe"}
    module = _module([_single("q0", "a"), _single("q1", "b"), _single("q2", "c"), _single("q3", "d")],
                     {"q0": long_right, "q1": {**SHORT, "b": "a long right answer here"},
                      "q2": {**SHORT, "c": "a long right answer here"}, "q3": SHORT})
    assert any("longest option in 3 of 4" in w for w in module_warnings(module))


def test_a_multiple_choice_question_with_every_option_right_and_a_copied_figure_are_flagged():
    every = Question("all", "multiple", ("a", "b"), ("a", "b"))
    copied = Question("sum", "number", (), 5000.0)
    fresh = Question("other", "number", (), 4200.0)
    module = _module([every, copied, fresh], {"all": {"a": "x", "b": "y"}, "sum": {}, "other": {}})
    warnings = module_warnings(module)
    assert any("every option of 'all'" in w for w in warnings)
    assert any("'sum' (5000) is printed in a lesson" in w for w in warnings)
    assert not any("'other'" in w for w in warnings)


def test_the_real_quizzes_raise_no_warning(app):
    from learning.learn.library import catalog

    with app.app_context():
        assert quiz_warnings(catalog()) == []


def test_figures_are_read_from_the_words_and_written_whole():
    copied = Question("big", "number", (), 1250000.0)
    quoted = Question("quote", "number", (), 39.0)  # &#39; is an apostrophe, not a figure
    module = _module([copied, quoted], {"big": {}, "quote": {}}, "<p>It&#39;s <strong>1,250,000</strong> kyat.</p>")
    warnings = module_warnings(module)
    assert any("'big' (1250000) is printed in a lesson" in w for w in warnings)
    assert not any("'quote'" in w for w in warnings)


def test_fewer_than_four_single_choice_questions_tell_nothing_about_positions():
    module = _module([_single(f"q{i}", "a") for i in range(3)], {f"q{i}": SHORT for i in range(3)})
    assert module_warnings(module) == []


def test_option_lengths_fall_back_to_burmese_when_there_is_no_english():
    module = _module([_single(f"q{i}", "abcd"[i]) for i in range(4)], {})
    burmese = ModuleText("my", "M", "", MappingProxyType({
        f"q{i}": QuestionText("?", "", "", MappingProxyType({o: OptionText("ကြာရှည်စွာ ရှင်းပြချက်" if o == "abcd"[i]
                                                                      else "မ", "") for o in "abcd"}))
        for i in range(4)}), INFO)
    module = Module("m", "c", 1, module.lessons, module.quiz, MappingProxyType({"my": burmese}), "v")
    assert any("longest option in 4 of 4" in w for w in module_warnings(module))


MODULE_TOML = """id = "tiny-module"
lessons = ["first", "second"]

[quiz]
pass_mark = 70
{questions}
"""


def test_a_catalog_read_from_files_warns_with_course_and_module(tmp_path):
    root = tmp_path / "courses"
    shutil.copytree(DATA / "minimal", root)
    module_dir = root / "tiny-course" / "tiny-module"
    singles = "".join(f'\n[[quiz.questions]]\nid = "q{i}"\ntype = "single"\noptions = ["a", "b"]\nanswer = "a"\n'
                      for i in range(4))
    number = '\n[[quiz.questions]]\nid = "how-much"\ntype = "number"\nanswer = 1500\n'
    every = '\n[[quiz.questions]]\nid = "all"\ntype = "multiple"\noptions = ["a", "b"]\nanswer = ["a", "b"]\n'
    (module_dir / "module.toml").write_text(MODULE_TOML.format(questions=singles + number + every), encoding="utf-8")
    for code in ("en", "my"):
        texts = "".join(f'\n[questions.q{i}]\nprompt = "?"\n[questions.q{i}.options]\n'
                        f'a = {{ text = "A{i}", explanation = "." }}\nb = {{ text = "B{i}", explanation = "." }}\n'
                        for i in range(4))
        texts += '\n[questions.how-much]\nprompt = "How much?"\nexplanation = "1,000 + 500 = 1,500"\n'
        texts += ('\n[questions.all]\nprompt = "?"\n[questions.all.options]\n'
                  'a = { text = "x", explanation = "." }\nb = { text = "y", explanation = "." }\n')
        path = module_dir / code / "module.toml"
        head = path.read_text(encoding="utf-8").split("[questions.", 1)[0]
        path.write_text(head + texts, encoding="utf-8")
    lesson = module_dir / "en" / "second.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nShe keeps 1,500 kyat.\n", encoding="utf-8")
    warnings = quiz_warnings(load_catalog(root))
    assert all(w.startswith("warning: tiny-course/tiny-module quiz: ") for w in warnings)
    assert any("option a in 4 of 4 single-choice questions" in w for w in warnings)
    assert any("every option of 'all' is right" in w for w in warnings)
    assert any("'how-much' (1500) is printed in a lesson" in w for w in warnings)
    assert len(warnings) == 3
