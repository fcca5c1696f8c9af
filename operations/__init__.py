"""Running the portal: request log, security headers, database-outage page, health check, backup and restore."""
