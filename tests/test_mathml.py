"""The TeX-to-MathML conversion, formula by formula (how it looks: test_math_typesetting.py)."""

from __future__ import annotations

import pytest

from executed_docs.mathml import MathMLError, convert_all


def mathml(tex: str, display: bool = True) -> str:
    (converted,) = convert_all([(tex, display)])
    return converted


@pytest.mark.parametrize("tex", [r"\frac{1}{", r"\notacommand x", r"\begin{cases} a"])
def test_a_formula_pandoc_cannot_convert_fails_naming_it(tex):
    with pytest.raises(MathMLError, match="cannot convert formula") as error:
        convert_all([(r"x^2", True), (tex, True)])
    assert repr(tex) in str(error.value)


def test_one_call_converts_every_formula_in_order():
    converted = convert_all([("a", False), ("b", True), ("c", False)])
    assert [m.count('display="block"') for m in converted] == [0, 1, 0]
    assert ["<mi>a</mi>" in converted[0], "<mi>b</mi>" in converted[1], "<mi>c</mi>" in converted[2]] == [True] * 3


def test_an_operator_name_gets_a_thin_space_before_an_operand_but_not_before_a_parenthesis():
    assert "mspace" not in mathml(r"\max(0, x)")
    assert "mspace" not in mathml(r"\operatorname{ReLU}'(x)")
    assert '<mspace width="0.1667em" />' in mathml(r"\log x")
    assert '<mspace width="0.1667em" />' in mathml(r"\max_i z_i")  # display: <munder>, no function application


def test_limits_go_beneath_in_display_and_beside_inline():
    assert "<munder>" in mathml(r"\lim_{h \to 0} h")
    assert "<munder>" not in mathml(r"\lim_{h \to 0} h", display=False)


def test_a_prime_on_a_name_is_marked_for_the_fonts_superscript_prime():
    assert '<mo class="prime">′</mo>' in mathml(r"\sigma'(x)")
    assert 'class="prime"' not in mathml(r"x^2")


def test_aligned_rows_are_in_display_style_and_cases_are_not():
    assert 'displaystyle="true"' in mathml(r"\begin{aligned} a &= \frac{1}{2} \\ &= b \end{aligned}")
    assert "displaystyle" not in mathml(r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}")
    assert "displaystyle" not in mathml(r"\begin{aligned} a &= b \end{aligned}", display=False)


def test_alphanumerics_are_the_unicode_letters_tex_draws():
    assert "𝟙" in mathml(r"\mathbb{1}")
    assert "𝐉" in mathml(r"\mathbf{J}") and "𝑱" not in mathml(r"\mathbf{J}")  # upright bold, not italic
    assert "ℒ" in mathml(r"\mathcal{L}")


def test_the_tex_annotation_is_dropped():
    converted = mathml(r"x^2")
    assert "annotation" not in converted and "semantics" not in converted
