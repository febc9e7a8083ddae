"""Plain-text explanations of each frame of a step, read from the Step record.

`context.Ctx` holds the record and the number style; `forward`, `loss`, `backward` and
`update` each write one phase and import nothing of each other (`nnviz.teach.frames`
picks the phase).
"""
