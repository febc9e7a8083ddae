"""The network view: small objects, each owning its state, wired by `NetworkView`.

Pure helpers
  layout     where every unit sits (NumPy); `Camera`: zoom, pan, scene -> widget
  state      `NetState`: the numbers shown, their colours, the animation timeline (no Qt)
  edges      edge selection (top-k), fast bucketed drawing, segment hit distances
  theme      palette colours and LUTs
  paint      units (cached disc sprites) and the input tile
  labels     captions, output labels, legend, status line
  hover      hit testing and tooltip texts
Objects
  edge_layer `EdgeLayer`: edges drawn (mode, top-k) and their throttled cached pixmap
  scene      `NodeLayer`: units cached; `Scene`: composes all layers, theme, text size
  overlays   `Overlays`: the animated segment (band, flows, pulses, flash), status text
  focus      `Focus`: hover and selection, and their highlights
  animation  `AnimationClock`: the timeline of one step (QTimer)
  interaction `Picker`: what is at a point; `Controller`: mouse, wheel, keys, tooltips
  view       `NetworkView`: the widget and its public API
"""
