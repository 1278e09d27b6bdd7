"""Quiz fairness warnings for authors: answer positions, longest options, all-right questions, copied figures."""
from types import MappingProxyType

from learning.content.fairness import module_warnings, quiz_warnings
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
