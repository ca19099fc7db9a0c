"""The family around the child and the child's needs, kept over time (DESIGN.md §11)."""
