"""Web plumbing: middleware, health checks, log lines, the shared cache and the counts kept in it, template context."""
