"""Qt-free core: data, method protocols, runs, evaluation, jobs, results, plugin registry.

Nothing under ``workbench.core`` imports Qt; torch is imported only where a function needs it.
"""
