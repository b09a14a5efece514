"""detente.eval."""
