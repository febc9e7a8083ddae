"""The network view, split by responsibility.

layout   where every unit sits (NumPy)
state    the numbers shown, their colours, the animation timeline (no Qt)
edges    edge selection (top-k), fast bucketed drawing, segment hit distances
theme    palette colours and LUTs
paint    units (cached disc sprites) and the input tile
labels   captions, output labels, legend, status line
hover    hit testing and tooltip texts
geometry zoom/pan mapping, drawn edge sets
layers   cached edge and unit layers, the whole scene, export
overlays active layer, flowing values, pulses, update flash
focus    hover focus (a unit's links), selection highlights
animation the view's clock
interaction mouse, wheel and keys
view     the `NetworkView` widget
"""
