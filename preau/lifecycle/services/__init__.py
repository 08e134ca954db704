"""Every write of the lifecycle app. Views, API, tasks and commands call these."""
