"""Real-browser fixtures: Playwright driving Debian chromium, and axe-core."""
