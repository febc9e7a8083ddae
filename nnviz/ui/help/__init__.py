"""Help: the tour, the shortcut sheet, About."""
