"""The month grid behind the calendar pages: weeks from Monday, each day with its events.

Events are placed on the dates they cover in their own time zone (the same dates and times their
pages show), so an event at 09:00 in London is on the day a London reader expects.
"""

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    events: list = field(default_factory=list)


@dataclass
class Month:
    year: int
    month: int
    weeks: list

    @property
    def first(self):
        return date(self.year, self.month, 1)

    @property
    def label(self):
        return self.first.strftime("%B %Y")

    @property
    def param(self):
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def previous_param(self):
        previous = self.first - timedelta(days=1)
        return f"{previous.year:04d}-{previous.month:02d}"

    @property
    def next_param(self):
        following = self.first + timedelta(days=32)
        return f"{following.year:04d}-{following.month:02d}"

    @property
    def event_count(self):
        seen = {e.pk for week in self.weeks for day in week if day.in_month for e in day.events}
        return len(seen)


def parse_month(value, today=None):
    """(year, month) from "2027-09", or this month; clamped to years 1900–2999."""
    today = today or timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 1900 <= year <= 2999 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    return today.year, today.month


def grid_bounds(year, month):
    """The first Monday and the day after the last Sunday of the grid, as aware datetimes with a
    day's margin either side (events are bucketed by their own zone's dates afterwards)."""
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(weeks[0][0] - timedelta(days=1), time.min, tzinfo=zone)
    end = datetime.combine(weeks[-1][-1] + timedelta(days=2), time.min, tzinfo=zone)
    return start, end


def build_month(year, month, events, today=None):
    today = today or timezone.localdate()
    dates = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    days = {}
    weeks = []
    for week in dates:
        row = []
        for day in week:
            cell = Day(date=day, in_month=day.month == month, is_today=day == today)
            days[day] = cell
            row.append(cell)
        weeks.append(row)
    for event in events:
        day = max(event.local_start.date(), dates[0][0])
        # An event ending at midnight does not spill into the next day.
        last = min((event.local_end - timedelta(microseconds=1)).date(), dates[-1][-1])
        while day <= last:
            if day in days:
                days[day].events.append(event)
            day += timedelta(days=1)
    return Month(year=year, month=month, weeks=weeks)
