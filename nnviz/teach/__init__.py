"""Teaching (no Qt): the frames of a step, their explanations and formulas, exports, lessons.

Modules, each importing only those below it:
    export      a step as CSV, Markdown or LaTeX
    frames      the one phase timeline (forward..., loss, backward..., update), `explain`
    explain/    the words of each phase: forward, loss, backward, update (on a shared context)
    formula     numbers as text, and plain text -> rich text / LaTeX
"""
