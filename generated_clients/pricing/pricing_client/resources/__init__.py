"""Resources of the client, one module each."""
