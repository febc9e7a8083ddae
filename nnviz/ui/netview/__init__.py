"""The network view, split by responsibility.

layout   where every unit sits (NumPy)
state    the numbers shown, their colours, the animation timeline (no Qt)
edges    edge selection (top-k), fast bucketed drawing, segment hit distances
theme    palette colours and LUTs
paint    units (cached disc sprites) and the input tile
labels   captions, output labels, legend, status line
hover    hit testing and tooltip texts
view     the `NetworkView` widget
"""
