"""Method plugins shipped with the workbench; each subpackage registers itself through an entry point."""
