"""The thin HTTP layer over the advisor (routes, schemas, the caller checks)."""
