"""The refusals of operations on weeks, each with its reason in Vietnamese (views show it, commands print it)."""


class WeekError(Exception):
    """An operation on a week that was refused; the message says why."""


class StaleWeekError(WeekError):
    """The week changed since the page was loaded (optimistic version check): the edit is refused."""
