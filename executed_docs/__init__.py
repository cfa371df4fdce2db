"""Build-time machinery of the site: executed code blocks and MathML formulas."""
