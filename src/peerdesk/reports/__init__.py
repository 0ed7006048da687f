"""PDF builders (ReportLab): take plain data, write a file. No Qt, no database."""
