"""The headless REST API of the treatments plugin: typed, documented, render-ready treatment content."""
