"""After a run, how many (row, role) checks the permission matrix made."""


def pytest_terminal_summary(terminalreporter):
    rows = checks = 0
    for reports in terminalreporter.stats.values():
        for report in reports:
            count = dict(getattr(report, "user_properties", ())).get("matrix_checks")
            if count and getattr(report, "when", None) == "call":
                rows += 1
                checks += count
    if rows:
        terminalreporter.write_line(f"permission matrix: {checks} (row, role) checks, {rows} rows")
