"""Document and folder policies (one module per model): `document`, `folder`."""
