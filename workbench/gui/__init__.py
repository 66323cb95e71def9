"""The desktop window (PySide6 + pyqtgraph). Nothing here is imported by ``workbench.core``.

Importing this package does not import Qt; ``workbench.gui.app.run_app`` does.
"""
