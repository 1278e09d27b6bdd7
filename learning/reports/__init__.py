"""Reports for coordinators; for now the audit log that every sensitive action writes to."""
