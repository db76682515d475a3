"""Months as the portal counts them: a month is the date of its first day."""

import datetime

from django.utils.formats import date_format


def month_shift(month, months):
    """The first of the month `months` after (negative: before) the month of `month`."""
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def previous_month(today=None):
    """The first of last month (of the month before `today`'s)."""
    return month_shift((today or datetime.date.today()).replace(day=1), -1)


def month_label(month):
    """"Oktober 2026" in the active language."""
    return date_format(month, "F Y")
