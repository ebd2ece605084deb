"""Reading tabular series (CSV path, pandas DataFrame or numpy) into numeric arrays."""

from __future__ import annotations

import datetime
import io
import itertools
import logging
import os
import re
import warnings
from typing import NamedTuple

import numpy as np
import pandas as pd
from pandas.tseries.api import guess_datetime_format

logger = logging.getLogger("tfgan_rnn")

_TIME_NAMES = ("date", "time", "timestamp", "datetime")


class Table(NamedTuple):
    """A numeric series `(time, features)` with its column names (what `load_table` returns).

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.tables import Table
    >>> table = Table(np.zeros((100, 2), "float32"), ["load", "price"])
    >>> table.values.shape, table.columns
    ((100, 2), ['load', 'price'])
    """

    values: np.ndarray
    columns: list


_OTHER_SEPARATORS = (";", "\t", "|")
# "1,234" or "-12,345,678.9": digits grouped by three with commas (a spreadsheet's or a
# finance site's export, quoted in a comma-separated file); and a plain decimal number.
_GROUPED_NUMBER = re.compile(r"^\s*[+-]?\d{1,3}(,\d{3})+(\.\d+)?\s*$")
_NUMBER = r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"  # unsigned: 12, 1.5, .5, 1e-3
_PLAIN_NUMBER = re.compile(rf"^\s*[+-]?{_NUMBER}\s*$")
# Digits and commas (and a decimal point): a number written with a decimal comma or with
# thousands separators, never a date, though pandas' date parser reads "1,5" as one.
_COMMA_NUMBER = re.compile(r"^\s*[+-]?\d[\d,]*(\.\d+)?\s*$")


def _comma_numbers(text: pd.Series) -> bool:
    """Whether text values are all numbers written with commas (some with one, at least)."""
    return bool(text.str.match(_COMMA_NUMBER).all() and text.str.contains(",", regex=False).any())


def _numeric_columns(frame: pd.DataFrame) -> int:
    """Numeric columns holding a value (a column of no values at all is read as numbers)."""
    return sum(pd.api.types.is_numeric_dtype(frame[name]) and frame[name].notna().any() for name in frame.columns)


def _first_line(error) -> str:
    """An error's message's first line, or its type's name where it has none."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _parse(path, source=None, **kwargs) -> pd.DataFrame:
    """`pd.read_csv` of `source` (default: `path`) with errors that name `path`; the text `None`
    is missing in a column of numbers and dates, as pandas reads it, and a category in a column of
    words (`holiday`: None, Columbus Day, ...; `_none_as_category`)."""
    source = path if source is None else source
    try:
        return _none_as_category(pd.read_csv(source, **kwargs), source, kwargs)
    except pd.errors.EmptyDataError:
        raise ValueError(f"The CSV file is empty. Received: {path!r}") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise ValueError(f"Could not parse the CSV file ({_first_line(error)}). Received: {path!r}") from None


def _none_as_category(frame: pd.DataFrame, source, kwargs) -> pd.DataFrame:
    """`frame` with the text `None` given back to the columns of words that hold it: pandas reads it
    as missing everywhere, which turns Metro traffic's `holiday` (None on all but a few days) into
    empty cells. A column is one of words where one of its other values holds no digit (a number,
    a date, `$1,234` or `51 °F` always does); elsewhere `None` stays missing. Read again only
    where a text column has missing cells, and not where the caller chose the missing values."""
    given = kwargs.get("na_values", [])
    if "keep_default_na" in kwargs or not isinstance(given, list) or "None" in given:
        return frame
    text = [position for position, name in enumerate(frame.columns)
            if not pd.api.types.is_numeric_dtype(frame.iloc[:, position]) and frame.iloc[:, position].isna().any()]
    if not text:
        return frame
    if hasattr(source, "seek"):
        source.seek(0)
    # the cells' text as written, none of it read as missing: which of the missing cells say `None`
    written = pd.read_csv(source, **{**kwargs, "dtype": str, "na_filter": False})
    if written.shape != frame.shape:
        return frame
    for position in text:
        none = written.iloc[:, position].eq("None").to_numpy()
        others = frame.iloc[:, position][frame.iloc[:, position].notna().to_numpy()].astype(str)
        if none.any() and (~others.str.contains(r"\d")).any():
            frame.isetitem(position, frame.iloc[:, position].where(~none, "None"))
    return frame


# A date as a first line's field: 2016-07-01, 01.01.2009 00:10:00, 10/03/2004 18:00.
_DATE_VALUE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$")


_MISSING_FIELDS = frozenset(("", "nan", "na", "n/a", "null"))


def _headerless(names) -> bool:
    """Whether a file's first line (its fields as text) holds values instead of column
    names: numbers, one at least with a decimal point or exponent, or numbers and a date
    (`0.7855,1.611`, `2016-07-01 00:00:00,5.8,2.0`), or whole numbers one of which repeats
    (`1,0,0,0,5`: daily counts; names are told apart)."""
    # a missing value in the first row (PAMAP2's `5.64 1 NaN 30.0 ...`) is neither
    names = [name for name in (str(name).strip() for name in names) if name.lower() not in _MISSING_FIELDS]
    numbers = [bool(_PLAIN_NUMBER.match(name)) for name in names]
    dates = [bool(_DATE_VALUE.match(name)) for name in names]
    if not any(numbers) or not all(n or d for n, d in zip(numbers, dates)):
        return False
    # Whole numbers alone may be names (`0,1,2`, as `DataFrame(array).to_csv()` writes, or
    # sensor ids), unless one repeats; a decimal or a date is a value.
    return (any(dates) or any(n and not name.lstrip("+-").isdigit() for name, n in zip(names, numbers))
            or len(set(names)) < len(names))


_DECIMAL_COMMA_NUMBER = re.compile(r"^\s*[+-]?(\d+(,\d*)?|,\d+)([eE][+-]?\d+)?\s*$")
_UNITS_ROWS = 2  # at most this many rows under the header are taken for units


def _numbers(values: pd.Series, decimal_comma: bool) -> bool:
    """Whether text values are all plain numbers (or all with a decimal comma, where `decimal_comma`)."""
    return bool(values.str.match(_PLAIN_NUMBER).all()
                or (decimal_comma and values.str.match(_DECIMAL_COMMA_NUMBER).all()))


def _text_columns(frame: pd.DataFrame) -> list:
    return [name for name in frame.columns
            if frame[name].dtype == object or pd.api.types.is_string_dtype(frame[name])]


def _skip_units_rows(frame: pd.DataFrame, path, decimal_comma: bool) -> pd.DataFrame:
    """Drops the rows (one or two) under the header that hold text, such as units (`degC`,
    `m/s`), in columns whose every later value is a number, and reads those columns as
    numbers; the table as it was where there are none. Of one row and two, the one that
    reads more columns as numbers (a logger's units, then its `Avg`/`Smp` row), or, as
    many, two where the second is empty in those columns (yfinance's `Ticker,AAPL,...`
    then `Date,,,`)."""
    text = _text_columns(frame)
    best = None
    for rows in range(1, _UNITS_ROWS + 1):
        if not text or len(frame) <= rows + 1:
            break
        # Rows of units hold no number in any column, in any notation (`1,200,000` is none).
        if frame.drop(columns=text).iloc[:rows].notna().any(axis=None):
            break
        heads = {name: frame[name].iloc[:rows].dropna().astype(str) for name in text}
        if any(head.str.match(pattern).any() for head in heads.values()
               for pattern in (_PLAIN_NUMBER, _COMMA_NUMBER, _DECIMAL_COMMA_NUMBER)):
            continue
        numeric = [name for name in text if not heads[name].empty and frame[name].iloc[rows:].notna().any()
                   and _numbers(frame[name].iloc[rows:].dropna().astype(str), decimal_comma)]
        # Of as many columns, the more rows where the extra ones hold nothing in them: a second header
        # line (yfinance's `Price,Close,...` / `Ticker,AAPL,...` / `Date,,,`), not data.
        if numeric and (best is None or len(numeric) > len(best[1]) or (
                len(numeric) == len(best[1]) and frame[numeric].iloc[best[0]:rows].isna().all(axis=None))):
            best = rows, numeric
    if best is None:
        return frame
    rows, numeric = best
    shown = [str(value) for value in frame[numeric].iloc[:rows].stack().dropna().tolist()][:6]
    logger.warning("tfgan_rnn: skipped %d row(s) under the header of %s that hold text (%s) where the rows "
                   "below hold numbers: units, read as no data.", rows, path, ", ".join(map(repr, shown)))
    frame = frame.rename(columns=_names_told_apart(frame.columns, frame.iloc[0]))
    return _without_rows(frame, np.arange(len(frame)) < rows, decimal_comma)


def _names_told_apart(names, labels) -> dict:
    """`{name: new name}` for the columns whose header names repeat (pandas reads a second
    `Close` as `Close.1`) and whose first row under the header tells them apart (yfinance's
    `Ticker,AAPL,MSFT`): `Close AAPL`, `Close MSFT`."""
    texts = [str(name) for name in names]
    bases = [base if base in texts else text for text, base in ((t, re.sub(r"\.\d+$", "", t)) for t in texts)]
    renamed = {}
    for name, base, label in zip(names, bases, labels):
        if bases.count(base) > 1 and isinstance(label, str) and label.strip():
            renamed[name] = f"{base} {label.strip()}"
    return renamed if len(set(renamed.values())) == len(renamed) else {}


def _without_rows(frame: pd.DataFrame, dropped: np.ndarray, decimal_comma: bool) -> pd.DataFrame:
    """The table without the rows `dropped` marks (units, a footer, a repeated header), and
    with its text columns whose values are now all numbers read as numbers."""
    frame = frame[~dropped].reset_index(drop=True)
    for name in _text_columns(frame):
        values = frame[name].dropna().astype(str)
        if values.empty or not _numbers(values, decimal_comma):
            continue
        column = frame[name].astype(str).where(frame[name].notna())
        frame[name] = pd.to_numeric(column.str.replace(",", ".", regex=False) if decimal_comma else column)
    return frame


_FOOTER_ROWS = 5  # at most this many lines of notes at the end of a file are taken for a footer


def _trailing(marked: np.ndarray) -> int:
    """How many rows at the end, at most `_FOOTER_ROWS` and never all, `marked` marks in a row."""
    count = 0
    while count < min(_FOOTER_ROWS, len(marked) - 1) and marked[len(marked) - 1 - count]:
        count += 1
    return count


def _drop_empty_rows(frame: pd.DataFrame, path) -> pd.DataFrame:
    """Drops the rows with no value in any column: a line of separators alone (`;;;;`, what
    a spreadsheet exports for its empty rows, as below UCI's AirQuality table) is a blank
    line, which pandas skips only when it is empty."""
    empty = frame.isna().all(axis=1).to_numpy()
    if not empty.any() or empty.all():
        return frame
    logger.warning("tfgan_rnn: dropped %d row(s) of %s with no value in any column (lines of separators "
                   "alone).", int(empty.sum()), path)
    return frame[~empty].reset_index(drop=True)


def _drop_footer(frame: pd.DataFrame, path, decimal_comma: bool) -> pd.DataFrame:
    """Drops the lines of notes at the end of a file (`Source: ...`, text in the first column
    and nothing in the others)."""
    if frame.shape[1] < 2 or len(frame) < 2 * _FOOTER_ROWS:
        return frame
    first, rest = frame.iloc[:, 0], frame.iloc[:, 1:]
    notes = rest.isna().all(axis=1).to_numpy() & first.notna().to_numpy()
    notes &= ~first.astype(str).str.strip().str.match(_PLAIN_NUMBER).to_numpy()
    notes &= ~first.isin(first.iloc[:len(frame) - _FOOTER_ROWS]).to_numpy()  # a panel's key above is data
    count = _trailing(notes)
    if not count:
        return frame
    logger.warning("tfgan_rnn: dropped the last %d line(s) of %s, notes with no values (%r).", count, path,
                   str(first.iloc[len(frame) - count])[:60])
    return _without_rows(frame, np.arange(len(frame)) >= len(frame) - count, decimal_comma)


# The first cell of a spreadsheet's summary row: "Total", "Grand total:", "Sum", "Average".
_SUMMARY_LABEL = re.compile(r"^\s*(grand\s+)?(totals?|sum|average|avg|mean|median|min|max)\s*:?\s*$", re.IGNORECASE)


def _drop_summary_rows(frame: pd.DataFrame, path, decimal_comma: bool) -> pd.DataFrame:
    """Drops a spreadsheet's summary rows at the end of a file (`Total,1234.5,...`: a
    summary's name in the first column, values in the others), unless that name is data
    above them too (a category)."""
    if frame.shape[1] < 2 or len(frame) < 2 * _FOOTER_ROWS:
        return frame
    first = frame.iloc[:, 0]
    summary = (first.notna() & first.astype(str).str.match(_SUMMARY_LABEL)).to_numpy()
    count = _trailing(summary)
    if not count or summary[:len(frame) - count].any():
        return frame
    logger.warning("tfgan_rnn: dropped the last %d row(s) of %s, a summary of the rows above (%s).", count, path,
                   ", ".join(repr(str(label).strip()) for label in first.iloc[len(frame) - count:]))
    return _without_rows(frame, np.arange(len(frame)) >= len(frame) - count, decimal_comma)


_YEAR_LABEL = re.compile(r"^(1[5-9]\d\d|2[01]\d\d)(\s*\[YR\1\])?$")  # 1960, and World Bank's "1960 [YR1960]"
_PERIOD_LABEL = re.compile(r"^(\d{4})\s*-?\s*([QqMm])(\d{1,2})$")  # 2020Q1, 2020-Q1, 2020M01 (Eurostat, IMF)
_MONTH_LABEL = re.compile(r"^\d{4}[-/]\d{1,2}$")  # 2020-01
# A fiscal year, or its quarter, as company reports head their columns: FY2019, FY 2019, FY19,
# FY'19, FY2019 Q1, Q1 FY2019.
_FISCAL_LABEL = re.compile(r"^(?:FY\s*'?(\d{2}|\d{4})(?:\s*[-/ ]?\s*Q([1-4]))?"
                           r"|Q([1-4])\s*[-/ ]?\s*FY\s*'?(\d{2}|\d{4}))$", re.IGNORECASE)
# A date whose day and month can be read either way (`01.02.2009`, `3/1/2007`): `_parsed_times` tries both.
_AMBIGUOUS_DAY = re.compile(r"^\s*(0?[1-9]|1[0-2])([./-])(0?[1-9]|1[0-2])\2\d{4}(?!\d)")
# A quarter, a month or an ISO week as the rows' time (fpp's "1970 Q1", "Q1 1970", IMF's
# "2020M01", Eurostat's "2020W01", ISO's "2020-W01"), or a fiscal year or its quarter
# (company reports' "FY2009", "FY09", "FY2009 Q1", "Q1 FY2009").
_PERIOD_VALUE = re.compile(r"^((FY\s*)?\d{4}\s*[-/ ]?\s*(Q[1-4]|M(0?[1-9]|1[0-2])|W(0?[1-9]|[1-4]\d|5[0-3]))"
                           r"|Q[1-4]\s*[-/ ]?\s*(FY\s*)?\d{4}|FY\s*'?(\d{2}|\d{4})(\s*[-/ ]?\s*Q[1-4])?)$",
                           re.IGNORECASE)


def _time_label(name) -> str | None:
    """A column name that is a time (a year, a quarter, a month, a date, a fiscal year) as a
    date pandas reads; None for any other name."""
    text = str(name).strip()
    year = _YEAR_LABEL.match(text)
    if year:
        return year.group(1)
    period = _PERIOD_LABEL.match(text)
    if period:
        number = int(period.group(3))
        month = 3 * number - 2 if period.group(2).upper() == "Q" else number
        return f"{period.group(1)}-{month:02d}" if 1 <= month <= 12 else None
    fiscal = _FISCAL_LABEL.match(text)
    if fiscal:  # the fiscal year's number, as a calendar year (two digits as strptime's %y reads them)
        year, quarter = fiscal.group(1) or fiscal.group(4), fiscal.group(2) or fiscal.group(3)
        year = year if len(year) == 4 else str((2000 if int(year) < 69 else 1900) + int(year))
        return year if quarter is None else f"{year}-{3 * int(quarter) - 2:02d}"
    return text if _MONTH_LABEL.match(text) or _DATE_VALUE.match(text) else None


def _long_names(taken) -> tuple[str, str]:
    """Names for the time and value columns of a table read as long rows, beside `taken`."""
    return (next(name for name in ("time", "period", "time_label") if name not in taken),
            next(name for name in ("value", "reading", "value_") if name not in taken))


def _times_across_columns(frame: pd.DataFrame, path) -> pd.DataFrame:
    """A table with a series per row and its times as column names (`Country,1960,1961,...`,
    as the World Bank, Johns Hopkins' COVID files and statistics offices write them) as one
    row per time and row of the file: the other columns, a `time` column and a `value`
    column. The table as it is unless at least 3 and half of its columns are times in
    increasing order and the others (one at least) hold no dates."""
    labels = {name: _time_label(name) for name in frame.columns}
    times = [name for name, label in labels.items() if label is not None]
    others = [name for name in frame.columns if labels[name] is None]
    if len(times) < 3 or len(times) < len(others) or not others:
        return frame
    parsed = pd.to_datetime(pd.Series([labels[name] for name in times]), errors="coerce", format="mixed")
    if parsed.isna().any() or not parsed.is_monotonic_increasing or not parsed.is_unique:
        return frame
    if any(_is_time_column(name, frame[name]) for name in others):  # time runs down the rows
        return frame
    time_name, value_name = _long_names(frame.columns)
    long = frame.rename(columns={name: labels[name] for name in times}).melt(
        id_vars=others, value_vars=[labels[name] for name in times], var_name=time_name, value_name=value_name)
    logger.warning("tfgan_rnn: the columns %s to %s (%d) of %s are times, a series per row: read as a row per "
                   "time and row (columns %s, %r and %r); --series-column tells the rows' series apart.",
                   times[0], times[-1], len(times), path, ", ".join(map(str, others)), time_name, value_name)
    return long


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
# Numeric columns beside the months that sum up a year (NOAA's and BLS's tables), not a series' key.
_YEAR_SUMMARIES = re.compile(r"^(annual|ann|year(ly)?[ _]?(total|mean|average|avg)?|total|sum|mean|average|avg|"
                             r"half ?[12]|h[12]|jan[ -]dec)$", re.IGNORECASE)


def _month_of(name) -> int | None:
    """1 to 12 for a column named as a month (`Jan`, `JAN`, `January`, `Sept`), else None."""
    text = str(name).strip().lower().rstrip(".")
    for number, month in enumerate(_MONTHS, start=1):
        if text == month or text == month[:3] or (number == 9 and text == "sept"):
            return number
    return None


def _months_across_columns(frame: pd.DataFrame, path) -> pd.DataFrame:
    """A table of a year per row and its twelve months as columns (`YEAR,JAN,...,DEC`, as
    NOAA, statistics offices and R's monthly tables print them) as one row per month: the
    other columns (a station, a series id), `time` (`1950-01`) and `value`, in the file's
    order of years, then months. Per-year summaries beside the months (`ANNUAL`, `Total`,
    `HALF1`) are dropped; missing months before the first reading and after the last (a
    year not over yet) are dropped too. The table as it is unless the twelve months are
    columns in calendar order and another column holds years."""
    months = {name: _month_of(name) for name in frame.columns}
    month_columns = [name for name, number in months.items() if number is not None]
    if [months[name] for name in month_columns] != list(range(1, 13)):
        return frame
    others = [name for name in frame.columns if months[name] is None]
    years = [name for name in others if _holds_years(frame[name]) and frame[name].nunique() > 1]
    if len(years) != 1 or _text_columns(frame[month_columns]):  # text among the months: the usual refusal
        return frame
    summaries = [name for name in others if name != years[0] and _YEAR_SUMMARIES.match(str(name).strip())]
    ids = [name for name in others if name not in summaries and name != years[0]]
    time_name, value_name = _long_names(ids)
    long = _stacked(frame, ids, month_columns, value_name)
    long.insert(len(ids), time_name, [f"{year}-{month:02d}" for year in frame[years[0]] for month in range(1, 13)])
    long, unread = _without_unread_ends(long, ids, value_name)  # a year not over yet
    trimmed = f"; {unread} month(s) before a first value or after a last left out" if unread else ""
    logger.warning("tfgan_rnn: the columns %s to %s of %s are the months of the year in %r: read as a row per "
                   "month (columns %s)%s%s.", month_columns[0], month_columns[-1], path, years[0],
                   ", ".join(map(repr, [*ids, time_name, value_name])),
                   f"; per-year column(s) {', '.join(map(str, summaries))} dropped" if summaries else "", trimmed)
    return long


def _stacked(frame: pd.DataFrame, keys, columns, value_name) -> pd.DataFrame:
    """A row per row of `frame` and name in `columns`, row by row: the `keys` columns, each
    row's repeated, and `value_name`, that row's value in that column."""
    long = frame[keys].iloc[np.repeat(np.arange(len(frame)), len(columns))].reset_index(drop=True)
    long[value_name] = frame[columns].to_numpy(dtype=float).reshape(-1)
    return long


def _without_unread_ends(long: pd.DataFrame, ids, value_name) -> tuple[pd.DataFrame, int]:
    """Long rows without the missing values before each series' first value and after its
    last (the series told apart by the `ids` columns), and how many rows that left out."""
    series = long[ids].astype(str).agg("\x1f".join, axis=1) if ids else pd.Series(0, index=long.index)
    present = long[value_name].notna()
    kept = present.groupby(series).cummax() & present[::-1].groupby(series[::-1]).cummax()[::-1]
    return long[kept].reset_index(drop=True), int((~kept).sum())


# Columns of the parts of a day, a row per day: GEFCom's h1..h24, PJM's HE01..HE24, the London
# smart meters' hh_0..hh_47; or times of day as names, 00:00..23:00, 00:00-00:30, ...
_DAY_PART_NAME = re.compile(r"^(h|he|hr|hour|hours|hh|period|interval)[ _\-]?(\d{1,2})$", re.IGNORECASE)
_CLOCK_NAME = re.compile(r"^(\d{1,2})[:.h](\d{2})(\s*-\s*\d{1,2}[:.h]\d{2})?$")
_PARTS_OF_A_DAY = {24: "hours", 48: "half-hours", 96: "quarter-hours"}


def _day_part_of(name) -> tuple | None:
    """(the kind of name, its number: a part's or the minutes since midnight) or None."""
    text = str(name).strip()
    part = _DAY_PART_NAME.match(text)
    if part:
        return part.group(1).lower(), int(part.group(2))
    clock = _CLOCK_NAME.match(text)
    return ("clock", 60 * int(clock.group(1)) + int(clock.group(2))) if clock else None


def _day_parts_across_columns(frame: pd.DataFrame, path) -> pd.DataFrame:
    """A table of a day per row and its 24 hours (or 48 half-hours, 96 quarter-hours) as
    columns (`zone_id,year,month,day,h1,...,h24` as GEFCom's load files, `Date,HE01,...,HE24`,
    `LCLid,day,hh_0,...,hh_47`, `Date,00:00,...,23:00`) as a row per part of the day: the
    other columns, each repeated, then `value`, in the file's order of days, then hours. The
    table as it is unless those columns number 24, 48 or 96, are named alike and in order,
    and a date, or a year, month or day column, is beside them."""
    parts = {name: _day_part_of(name) for name in frame.columns}
    steps = [name for name, part in parts.items() if part is not None]
    count = len(steps)
    if count not in _PARTS_OF_A_DAY or len({parts[name][0] for name in steps}) != 1:
        return frame
    numbers = np.array([parts[name][1] for name in steps])
    spacing = numbers[1] - numbers[0]
    if spacing <= 0 or not np.all(np.diff(numbers) == spacing) or (
            parts[steps[0]][0] == "clock" and spacing * count != 24 * 60) or (
            parts[steps[0]][0] != "clock" and (spacing != 1 or numbers[0] not in (0, 1))):
        return frame
    others = [name for name in frame.columns if parts[name] is None]
    times = [name for name in others if _is_time_column(name, frame[name]) or _is_year(name, frame[name])
             or (str(name).strip().lower() == "day" and pd.api.types.is_integer_dtype(frame[name]))]
    if not times or _text_columns(frame[steps]):
        return frame
    value_name = _long_names(others)[1]
    long = _stacked(frame, others, steps, value_name)
    ids = [name for name in others if name not in times and not _is_calendar_part(name, frame[name])]
    long, unread = _without_unread_ends(long, ids, value_name)  # a day not over yet
    logger.warning("tfgan_rnn: the columns %s to %s of %s are the %d %s of each row's day: read as a row per "
                   "step (columns %s)%s.", steps[0], steps[-1], path, count, _PARTS_OF_A_DAY[count],
                   ", ".join(map(repr, [*others, value_name])),
                   f"; {unread} step(s) before a first value or after a last left out" if unread else "")
    return long


# A step's number after a name (`d_1` in the M5 competition's files, `V2` in M4's).
_NUMBERED_NAME = re.compile(r"^(.*\D)(\d+)$")
_MIN_NUMBERED_STEPS = 12


def numbered_step_columns(frame: pd.DataFrame):
    """The columns of `frame` that are numbered steps, each with its number (`{name: number}`),
    or None: 12 or more numeric columns, at least as many as the others, sharing a name numbered
    up by one (`d_1,...,d_1913`, `att1,...,att150`).

    Example:

    >>> import pandas as pd
    >>> from tfgan_rnn.tables import numbered_step_columns
    >>> frame = pd.DataFrame([[0.5] * 12 + [1]] * 2, columns=[f"att{i}" for i in range(1, 13)] + ["target"])
    >>> list(numbered_step_columns(frame).items())[-1], numbered_step_columns(frame.iloc[:, 1:])
    (('att12', 12), None)
    """
    numbered = {}
    for name in frame.columns:
        match = _NUMBERED_NAME.match(str(name).strip())
        if match and pd.api.types.is_numeric_dtype(frame[name]):
            numbered[name] = (match.group(1), int(match.group(2)))
    if (len(numbered) < _MIN_NUMBERED_STEPS or len(numbered) < frame.shape[1] - len(numbered) or len(frame) < 2
            or len({prefix for prefix, _ in numbered.values()}) != 1):
        return None
    numbers = np.array([number for _, number in numbered.values()])
    return {name: number for name, (_, number) in numbered.items()} if np.all(np.diff(numbers) == 1) else None


def _numbered_steps_across_columns(frame: pd.DataFrame, path) -> pd.DataFrame:
    """A table of a series per row, named by an id column, and its steps as numbered columns
    (the M5 competition's `id,item_id,...,d_1,...,d_1913`; M4's `V1,V2,...,V1020`, `V1`
    holding the ids) as a row per step and row of the file: the other columns, `time` (the
    step's number) and `value`, without the missing steps after a shorter series' last. The
    table as it is unless 12 or more numeric columns, at least as many as the others, share a
    name numbered up by one, and a text column beside them names each row apart, with no
    date among them (time down the rows: `sensor_1,...,sensor_52` beside a timestamp)."""
    numbered = numbered_step_columns(frame)
    if numbered is None:
        return frame
    steps = list(numbered)
    others = [name for name in frame.columns if name not in numbered]
    ids = [name for name in _text_columns(frame[others]) if frame[name].notna().all() and frame[name].is_unique]
    if any(_is_time_column(name, frame[name]) for name in others):
        return frame
    if not ids:  # the UCR archive's .arff files: att1,...,att150,target
        if len(steps) >= _ROW_SEQUENCE_COLUMNS:
            logger.warning("tfgan_rnn: the columns %s to %s (%d) of %s are numbered steps: if each row is a whole "
                           "sequence, read it as one (CLI: --sequence-per-row); read as it is, each column is a "
                           "feature.", steps[0], steps[-1], len(steps), path)
        return frame
    time_name, value_name = _long_names(others)
    long = _stacked(frame, others, steps, value_name)
    long.insert(len(others), time_name, np.tile(list(numbered.values()), len(frame)))
    long, unread = _without_unread_ends(long, ids, value_name)  # series shorter than the widest
    logger.warning("tfgan_rnn: the columns %s to %s (%d) of %s are numbered steps of a series per row, named by "
                   "%r: read as a row per step and row (columns %s)%s; --series-column %s tells the series apart.",
                   steps[0], steps[-1], len(steps), path, ids[0],
                   ", ".join(map(repr, [*others, time_name, value_name])),
                   f"; {unread} step(s) before a first value or after a last left out" if unread else "",
                   _shell_word(str(ids[0])))
    return long


def _drop_repeated_headers(frame: pd.DataFrame, path, decimal_comma: bool) -> pd.DataFrame:
    """Drops rows that repeat the header (files joined with `cat`, a header each)."""
    if not _text_columns(frame) or frame.empty:
        return frame
    repeated = np.ones(len(frame), dtype=bool)
    for name in frame.columns:
        repeated &= (frame[name].astype(str).str.strip() == str(name).strip()).to_numpy()
    if not repeated.any():
        return frame
    logger.warning("tfgan_rnn: dropped %d row(s) of %s that repeat the header (files joined, a header each).",
                   int(repeated.sum()), path)
    return _without_rows(frame, repeated, decimal_comma)


# A number with a currency sign before it or a percent sign after it, grouped or not:
# "$191.24", "-$1,234.50", "€12", "12.5%" (a price site's or a spreadsheet's export).
_MARKED_NUMBER = re.compile(r"^\s*[+-]?\s*[$€£¥]?\s*[+-]?(\d{1,3}(,\d{3})+|\d+|(?=\.\d))(\.\d+)?\s*[%$€£¥]?\s*$")
_MARKS = re.compile(r"[$€£¥%]")
# A number with or without a magnitude letter, as price sites write volumes: "45.68M", "1.2K", "3B".
_SUFFIXED_NUMBER = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*([KMBkmb]?)\s*$")
_MAGNITUDES = {"k": 1e3, "m": 1e6, "b": 1e9}


# A number and its unit after it, as scraped tables write them: "51 °F", "10 mph", "29.91 in".
_UNIT_NUMBER = re.compile(rf"^\s*([+-]?{_NUMBER})\s*((?:[^\W\d_]|[°µ%‰Ω])[^\d]{{0,9}}?)\s*$")
# Words after a number that make it part of a date or a time of day ("5 Jan", "9 am"), not a unit.
_NOT_UNITS = frozenset((*_MONTHS, *(month[:3] for month in _MONTHS), "sept", "am", "pm", "a.m.", "p.m."))


# A reading beyond what the instrument or source reports: below a detection limit ("<0.5" in
# water-quality data, "<1" in Google Trends' downloads) or above a range (">100").
_CENSORED_NUMBER = re.compile(rf"^\s*([<>])\s*({_NUMBER})\s*$")


def _censored_numbers(values: pd.Series) -> tuple[pd.Series, list] | None:
    """`(values as numbers, the limits as written)` where every value is a number and some
    are written below or above a limit ("<1", ">100"), fewer than the plain ones: a value
    below a limit as half of it (the usual stand-in for a reading under a detection limit),
    above one as the limit; else None."""
    stripped = values.str.strip()
    plain = stripped.str.match(_PLAIN_NUMBER)
    parts = stripped.str.extract(_CENSORED_NUMBER)
    censored = parts[0].notna()
    if not censored.any() or not (plain | censored).all() or censored.sum() >= plain.sum():
        return None
    limits = pd.to_numeric(parts[1])
    numbers = pd.to_numeric(stripped.where(plain)).fillna(limits.where(parts[0] == ">", limits / 2))
    return numbers, sorted(set(stripped[censored]))


def _with_unit(values: pd.Series) -> tuple[pd.Series, str] | None:
    """`(values as numbers, the unit)` where every value is written with the same unit after
    its number (`°F` for "51 °F"), else None."""
    parts = values.str.extract(_UNIT_NUMBER)
    if parts[0].isna().any() or parts[1].nunique() != 1:
        return None
    unit = str(parts[1].iloc[0]).strip()
    return None if unit.lower() in _NOT_UNITS else (pd.to_numeric(parts[0]), unit)


# In a file with decimal commas: a point, a space (France's narrow no-break space among them) or
# an apostrophe grouping a number's thousands ("97.061,8", "82 531", "1'234,50"), and the comma.
_THOUSANDS_MARK = re.compile(r"(?<=\d)[. \u00a0\u202f'](?=\d{3}(?:\D|$))")
_DECIMAL_COMMA_MARK = re.compile(r"(?<=\d),(?=\d)")


def _read_decimal_comma_text(frame: pd.DataFrame, path) -> pd.DataFrame:
    """Text columns of a file with decimal commas that are numbers once their thousands
    marks are dropped and their commas made points (one kind of mark per column), and with
    what `_read_grouped_numbers` reads around a number (`1.234,50 €`, `12,5 %`, `27,8 °C`),
    as numbers."""
    grouped, pending = [], {}
    for name in _text_columns(frame):
        values = frame[name].dropna()
        if values.empty or not all(isinstance(value, str) for value in values):
            continue
        marks = set(values.str.findall(_THOUSANDS_MARK).explode().dropna())
        if len(marks) > 1:  # "1.234" beside "1 234": not thousands
            continue
        text = values.str.replace(_THOUSANDS_MARK, "", regex=True).str.replace(_DECIMAL_COMMA_MARK, ".", regex=True)
        if text.str.match(_PLAIN_NUMBER).all():
            frame[name] = pd.to_numeric(text).reindex(frame.index)
            grouped += [str(name)] if marks else []
            continue
        pending[name] = text.reindex(frame.index)
    if pending:
        read = _read_grouped_numbers(pd.DataFrame(pending), path)
        for name in pending:
            if pd.api.types.is_numeric_dtype(read[name]):
                frame[name] = read[name]
    if grouped:
        logger.warning("tfgan_rnn: read %s with thousands grouped beside decimal commas (97.061,8 as 97061.8): %s.",
                       path, ", ".join(grouped))
    return frame


def _read_grouped_numbers(frame: pd.DataFrame, path) -> pd.DataFrame:
    """Text columns whose every value is a number, some with thousands separators
    ("1,234.5") or a currency or percent sign ("$191.24", "12.5%"), or all with a magnitude
    letter or the same unit after it ("45.68M", "51 °F"), or some beyond a limit ("<0.5"),
    as numbers (in the same units: 12.5% is 12.5); pandas leaves them text (and a date
    parser would read "1,234.5" as the year 234)."""
    converted, marked, with_units, censored = [], [], [], []
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column) or not (
                column.dtype == object or pd.api.types.is_string_dtype(column)):
            continue
        values = column.dropna()
        if values.empty or not all(isinstance(value, str) for value in values):
            continue
        grouped = values.str.match(_GROUPED_NUMBER)
        if grouped.any() and (grouped | values.str.match(_PLAIN_NUMBER)).all():
            frame[name] = pd.to_numeric(column.str.replace(",", "", regex=False))
            converted.append(str(name))
        elif values.str.contains(_MARKS).any() and values.str.match(_MARKED_NUMBER).all():
            frame[name] = pd.to_numeric(column.str.replace(r"[\s$€£¥%,]", "", regex=True))
            marked.append(str(name))
        elif ((parts := values.str.extract(_SUFFIXED_NUMBER))[0].notna().all() and parts[1].ne("").any()):
            frame[name] = (pd.to_numeric(parts[0]) * parts[1].str.lower().map(_MAGNITUDES).fillna(1.0)).reindex(
                column.index)
            marked.append(str(name))
        elif (bounded := _censored_numbers(values)) is not None:
            frame[name], shown = bounded[0].reindex(column.index), bounded[1]
            censored.append(f"{name} ({', '.join(map(repr, shown[:3]))}{', ...' if len(shown) > 3 else ''})")
        elif (with_unit := _with_unit(values)) is not None:
            frame[name] = with_unit[0].reindex(column.index)
            with_units.append(f"{name} ({with_unit[1]})")
    if censored:
        logger.warning("tfgan_rnn: read %s's values written below a limit as half of it ('<1' as 0.5) and above one "
                       "as the limit ('>100' as 100): %s; --missing-values '<1' reads such a value as missing "
                       "instead.", path, "; ".join(censored))
    if with_units:
        logger.warning("tfgan_rnn: read %s's numbers without the unit after each: %s.", path, ", ".join(with_units))
    if converted:
        logger.warning("tfgan_rnn: read %s with thousands separators (1,234.5 as 1234.5): %s.",
                       path, ", ".join(converted))
    if marked:
        logger.warning("tfgan_rnn: read %s's numbers without their currency or percent signs ($1,234.50 as "
                       "1234.5, 12.5%% as 12.5) or with their magnitude letters (45.68M as 45680000): %s.",
                       path, ", ".join(marked))
    return frame


_OPENERS = {".gz": "gzip", ".bz2": "bz2", ".xz": "lzma"}  # compressed files pandas reads by their extension


_SEPARATOR_LINE = re.compile(rb"^sep=(.)\s*$")  # Excel's first line naming the separator: `sep=;`
# A Campbell Scientific logger's TOA5 file: a first line of file information (`"TOA5","CR1000",...`)
# above the header, then a row of units and a row of processing (`"TS","RN","Volts"`, `"","","Avg"`).
_LOGGER_LINE = re.compile(rb'^"?TOA5"?,')


def _opener(path):
    """`open`, or the module's `open` for a compressed file pandas reads by its extension."""
    import importlib

    module = _OPENERS.get(os.path.splitext(path)[1].lower())
    return open if module is None else importlib.import_module(module).open


def _preamble(path, encoding=None) -> tuple[int, bytes, str | None, bool]:
    """`(how many lines at the top of the file to skip, the first line after them that is
    not blank, the separator a first line `sep=;` names or None, whether the file is a
    logger's TOA5 file)`: a preamble of notes starting with '#' before the header, as
    NOAA's and many instruments' files have, Excel's line naming the separator, or a TOA5
    file's information line, and the header line. `encoding`: the file's, where it is not
    UTF-8 or Latin-1 (its lines are read as UTF-8 here)."""
    count, header, separator, logger_file = 0, b"", None, False
    try:
        with _opener(path)(path, "rb") as handle:
            lines = handle if encoding is None else (
                line.encode("utf-8") for line in io.TextIOWrapper(handle, encoding=encoding, errors="replace"))
            for number, line in enumerate(lines):
                line = line.lstrip(b"\xef\xbb\xbf \t")
                directive = _SEPARATOR_LINE.match(line) if number == 0 else None
                if directive:
                    count, separator = 1, directive.group(1).decode("latin-1")
                elif number == 0 and _LOGGER_LINE.match(line):
                    count, logger_file = 1, True
                elif line.startswith(b"#") and line[1:2] not in (b",", b";", b"\t", b"|"):
                    count += 1  # `#,x,y` is a header whose first column is named '#'
                elif line.strip():
                    header = line
                    break
    except OSError:  # not what its extension says: pandas' own error follows
        return 0, b"", None, False
    return count, header, separator, logger_file


_OTHER_FORMATS = {".parquet": "a Parquet file",
                  ".feather": "a Feather file", ".h5": "an HDF5 file",
                  ".hdf5": "an HDF5 file", ".npy": "a NumPy array",
                  ".npz": "NumPy arrays", ".pkl": "a pickle", ".pickle": "a pickle"}


def _check_text_file(path) -> str | None:
    """Refuses, before parsing, a file of another format than CSV (by its name, or by bytes
    no text file holds), naming the fix. Returns the text's encoding where its first bytes
    name one ('utf-16': the byte-order mark of Excel's "Unicode Text" and of PowerShell's
    exports), else None."""
    extension = os.path.splitext(path)[1].lower()
    kind = _OTHER_FORMATS.get(extension)
    if kind is None and extension not in _OPENERS and extension != ".zip":
        with open(path, "rb") as handle:
            start = handle.read(4096)
        if start[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return "utf-16"
        kind = "not a text file" if b"\x00" in start or start.startswith(b"PK\x03\x04") else None
    if kind is not None:
        raise ValueError(f"Expected a CSV file (text, one row per line); {path!r} is "
                         + (kind if kind.startswith("not") else f"{kind} ({extension})")
                         + ". Save or export the table as CSV (UTF-8) and pass that.")
    return None


# Workbooks read through pandas' engine for them (the package it needs), the first sheet as a
# CSV would hold it: Excel's, Excel 97-2003's and OpenDocument's (LibreOffice, Google Sheets).
_WORKBOOKS = {".xlsx": ("openpyxl", "openpyxl"), ".xlsm": ("openpyxl", "openpyxl"), ".xls": ("xlrd", "xlrd"),
              ".ods": ("odf", "odfpy")}
_WORKBOOK_KINDS = {".xls": "Excel 97-2003 workbook", ".ods": "OpenDocument spreadsheet"}


def _sheet_as_csv(path, folder) -> str:
    """The first sheet of the workbook at `path` written as a CSV file in `folder`, cell by
    cell as its values are (no header assumed; rows and columns with no value left out),
    for `read_csv` to read as it reads any CSV. Returns the CSV's path."""
    extension = os.path.splitext(path)[1].lower()
    engine, package = _WORKBOOKS[extension]
    kind = _WORKBOOK_KINDS.get(extension, "Excel workbook")
    try:
        with pd.ExcelFile(path, engine=engine) as book:
            names = book.sheet_names
            sheet = book.parse(names[0], header=None)
    except ImportError:
        raise ValueError(f"Reading the {kind} {path!r} needs {package}, which is not installed: pip install "
                         f"{package}, or save the sheet as CSV (UTF-8) and pass that.") from None
    except Exception as error:  # each engine fails in its own way on a broken file (zipfile, xlrd, odf, XML)
        if isinstance(error, MemoryError):
            raise
        raise ValueError(f"Could not read the {kind} {path!r} ({_first_line(error)}). Save the sheet as CSV "
                         "(UTF-8) and pass that.") from None
    sheet = sheet.dropna(how="all").dropna(axis=1, how="all")
    if sheet.empty:
        raise ValueError(f"The first sheet of the {kind}, {names[0]!r}, holds no values. Received: {path!r}")
    if len(names) > 1:
        logger.warning("tfgan_rnn: read the first sheet, %r, of %s (it has %d: %s); save another sheet as CSV to "
                       "read that one.", names[0], path, len(names), ", ".join(map(repr, names)))
    # Date cells are written as ISO text (2024-01-01 00:00:00), which read_csv drops like any date.
    source = os.path.join(folder, "sheet.csv")
    sheet.to_csv(source, header=False, index=False)
    return source


# JSON read through pandas: records or columns in one document, or an object per line.
_JSON_FILES = {".json": False, ".jsonl": True, ".ndjson": True}  # whether an object per line


def _json_as_csv(path, folder) -> str:
    """The table of the JSON file at `path` (records, `[{"time": ..., "load": ...}, ...]`;
    columns, `{"load": [...]}` or `{"load": {"2024-01-01": ...}}`; or an object per line)
    written as a CSV file in `folder`, its keys the header and an index of keys (dates) its
    first column, for `read_csv` to read as it reads any CSV. Returns the CSV's path."""
    lines = _JSON_FILES[os.path.splitext(path)[1].lower()]
    try:
        frame = pd.read_json(path, lines=lines, dtype=False, convert_dates=False)
    except ValueError as error:
        try:
            if lines:
                raise
            frame = pd.read_json(path, lines=True, dtype=False, convert_dates=False)  # a .json of lines
        except ValueError:
            raise ValueError(f"Could not read the JSON file {path!r} ({_first_line(error)}). Expected records "
                             '([{"time": ..., "value": ...}, ...]), columns ({"value": [...]}) or an object per line; '
                             "save the table as CSV (UTF-8) and pass that.") from None
    if frame.empty:
        raise ValueError(f"The JSON file holds no rows. Received: {path!r}")
    nested = [str(name) for name in frame.columns
              if frame[name].map(lambda value: isinstance(value, (dict, list))).any()]
    if nested:
        raise ValueError(f"The JSON file {path!r} nests objects or lists in {', '.join(map(repr, nested[:3]))}: "
                         "flatten it (pandas.json_normalize) and save the table as CSV (UTF-8).")
    source = os.path.join(folder, "table.csv")
    frame.to_csv(source, index=not frame.index.equals(pd.RangeIndex(len(frame))))
    return source


_ARFF_ATTRIBUTE = re.compile(r"""^@attribute\s+('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\S+)\s+(.+)$""", re.IGNORECASE)


def _arff_as_csv(path, folder) -> str:
    """The table of the ARFF file at `path` (Weka's format, in which UCI and the UEA/UCR
    archives publish many series: `@attribute` lines naming the columns, then `@data` and
    comma-separated rows, `?` for a missing value, `%` comments) written as a CSV file in
    `folder` for `read_csv` to read as it reads any CSV; nominal values are text, dates
    their text. Relational attributes and sparse rows are refused, naming the fix. Returns
    the CSV's path."""
    import csv

    names, rows, in_data = [], [], False
    with _opener(path)(path, "rt", encoding="utf-8", errors="replace", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            text = line.strip()
            if not text or text.startswith("%"):
                continue
            if not in_data:
                lowered = text.lower()
                if lowered.startswith("@attribute"):
                    match = _ARFF_ATTRIBUTE.match(text)
                    if match is None:
                        raise ValueError(f"Could not read the ARFF file {path!r}: line {number} is not "
                                         f"'@attribute NAME TYPE'. Received: {text[:80]!r}")
                    name, kind = match.groups()
                    if kind.strip().lower().startswith("relational"):
                        raise ValueError(f"The ARFF file {path!r} holds relational attributes (a multivariate "
                                         "series per row, as the UEA archive's .arff files do); read the archive's "
                                         ".ts file of the same data instead (CLI: --sequence-per-row).")
                    names.append(name[1:-1] if name[0] in "'\"" else name)
                elif lowered.startswith("@data"):
                    in_data = True
                continue
            if text.startswith("{"):
                raise ValueError(f"The ARFF file {path!r} holds sparse rows ({text[:40]!r}, line {number}); "
                                 "save it as a dense ARFF or a CSV file and pass that.")
            quote = "'" if "'" in text and '"' not in text else '"'
            fields = next(csv.reader([text], quotechar=quote, skipinitialspace=True))
            rows.append(["" if field.strip() == "?" else field for field in fields])
    if not names or not in_data:
        raise ValueError(f"Could not read the ARFF file {path!r}: expected '@attribute' lines, then '@data' and "
                         "the rows.")
    wrong = next((i for i, row in enumerate(rows) if len(row) != len(names)), None)
    if wrong is not None:
        raise ValueError(f"The ARFF file {path!r} names {len(names)} attributes, but its data row {wrong + 1} holds "
                         f"{len(rows[wrong])} values.")
    if not rows:
        raise ValueError(f"The ARFF file holds no rows. Received: {path!r}")
    source = os.path.join(folder, "table.csv")
    with open(source, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(names)
        writer.writerows(rows)
    return source


_CONVERTED = {**{extension: _json_as_csv for extension in _JSON_FILES}, ".arff": _arff_as_csv}


def read_csv(path, missing_values=None, times_across_columns: bool = True) -> pd.DataFrame:
    """Reads a CSV with a header line, with errors that say what to fix.

    Comma-separated by default. When that gives one column whose name holds a `;`, a
    tab or a `|`, the file is read again with that separator (with `;`, also with a
    decimal comma where that makes more columns numeric, as spreadsheets in many
    locales write them, and their thousands grouped by a point, a space or an apostrophe,
    `97.061,8`); when it gives several, some holding one of those, the other
    separator is taken where it makes more columns numeric (a file without a header line
    whose decimal commas split its first line, `1,5;2,3`); Excel's first line `sep=;`
    names it. A file whose lines split into columns only at spaces (what `numpy.savetxt`
    writes by default, a column-aligned `.dat` or `.txt`) is read as separated by runs of
    spaces and tabs, with a notice. Otherwise a text column whose values are all numbers, some written with
    thousands separators (`"1,234.5"`), a currency or percent sign (`$191.24`, `-0.5%`) or
    a magnitude letter (`45.68M`, `1.2K`), or the same unit after each (`51 °F`, `10 mph`),
    is read as numbers, as is one of numbers and fewer values beyond a limit (`<0.5` as half
    the limit, `>14` as the limit). Spaces around column names
    are dropped, unless that would make two names the same, and single quotes around every
    name (`'MLII','V5'`). Lines starting with `#` above
    the header (notes on the source, the units; the last of them names the columns where
    rows of values follow, as `numpy.savetxt(header=...)` writes `# time,x,y`), and lines
    above it narrower than it that
    pandas cannot parse (the World Bank's `"Data Source",...`) or that leave the rows one
    field wider than the header (Google Trends' `Category: All categories`), are skipped,
    with a notice, as is a separator ending every row but not the header, and one or
    two rows under the header that hold text where the rows below hold numbers (units:
    `degC`, `m/s`), rows that repeat the header (files joined with `cat`), rows of
    separators alone (`;;;;`), lines of notes at the end (`Source: ...`, or a title with
    more commas than the rows) and a spreadsheet's summary rows there (`Total`, `Average`).
    A logger's TOA5 file (Campbell Scientific) is read as its measurements: its file line,
    units, `RECORD` number and `"NAN"` readings are no data. A table whose column names are
    times in increasing order (`Country,1960,1961,...`: a series per row) is returned as a
    row per time and row of the file (its other columns, `time`, `value`), and a table of a
    year per row and its months as columns (`YEAR,JAN,...,DEC`) as a row per month, and a
    table of a day per row and its hours as columns (`Date,h1,...,h24`) as a row per hour, and a
    series per row named by an id with its steps as numbered columns (`id,d_1,...,d_1913`) as
    a row per step, unless
    `times_across_columns=False` (rows that are whole sequences, kept as rows). UTF-8,
    Latin-1 and UTF-16 text with its byte-order mark (Excel's "Unicode Text", PowerShell's
    exports) are read, and a workbook (Excel's `.xlsx`, `.xlsm` with openpyxl installed,
    Excel 97-2003's `.xls` with xlrd, OpenDocument's `.ods` with odfpy) is
    read as the CSV its first sheet would be saved as, with a notice naming the sheet where
    it has several, and a JSON file (records, columns, or an object per line: `.json`,
    `.jsonl`, `.ndjson`) as the CSV of its table, and an ARFF file (`.arff`: Weka's, UCI's,
    the UCR archive's) as the CSV of its attributes and rows; a Parquet or other file that is not text is
    refused, naming the fix.
    Rows whose first date column runs back in time (newest first) are returned oldest first,
    and rows out of time order otherwise (sorted by another column, shuffled) sorted by it,
    with a notice (without a date column, by a number that can only be their time: years in
    a `year` column, yyyymmdd dates, seconds since 1970 in a `timestamp`); times that start
    again a few times (series one after another, nothing to tell them apart) stay in file
    order, with a notice naming `--series-column`.
    `missing_values`: cells that mean "no reading" (`["?"]`, `["-200"]`; a number also
    matches as a number, `-200.0`), read as missing. The text `None` is missing in a column of
    numbers or dates, as pandas reads it, and a category in a column of words (a `holiday` that is
    `None` on most days), unless `missing_values` names it.

    Example (a spreadsheet's export in a locale that writes decimal commas):

    >>> import os, tempfile
    >>> from tfgan_rnn.tables import read_csv
    >>> path = os.path.join(tempfile.mkdtemp(), "meter.csv")
    >>> _ = open(path, "w").write("time; load; price\\n00:00;1,5;20\\n01:00;2,25;21\\n")
    >>> frame = read_csv(path)
    >>> list(frame.columns), frame["load"].tolist()
    (['time', 'load', 'price'], [1.5, 2.25])
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No such data file. Received: {path!r}")
    if os.path.isdir(path):
        raise ValueError(f"Expected a CSV file, got a folder. Received: {path!r}")
    extension = os.path.splitext(path)[1].lower()
    if extension in _WORKBOOKS or extension in _CONVERTED:
        import tempfile

        as_csv = _sheet_as_csv if extension in _WORKBOOKS else _CONVERTED[extension]
        with tempfile.TemporaryDirectory() as folder:
            return _read_text(path, as_csv(path, folder), missing_values, times_across_columns)
    return _read_text(path, path, missing_values, times_across_columns)


_QUOTED_NAME = re.compile(r"^'[^']+'$")
_HEADER_SEARCH_LINES = 200  # lines `_lines_above_header` reads


def _lines_above_header(source, encoding, separator) -> tuple[int, str]:
    """`(how many lines above the header hold fewer fields than it, the file's first line)`,
    where the first lines of a file are notes that pandas cannot parse as rows (the World
    Bank's downloads start `"Data Source","World Development Indicators",` and `"Last
    Updated Date",...` above a header of 69 columns): the index of the first line as wide
    as the widest of the first `_HEADER_SEARCH_LINES` with at least as many lines as wide
    below it as others, or 0."""
    import csv

    try:
        with _opener(source)(source, "rt", encoding=encoding or "utf-8", errors="replace", newline="") as handle:
            lines = list(itertools.islice(handle, _HEADER_SEARCH_LINES))
        widths = [len(row) for row in csv.reader(lines, delimiter=separator if len(separator) == 1 else ",")]
    except (OSError, csv.Error, UnicodeError):
        return 0, ""
    if not widths:
        return 0, ""
    first = widths.index(max(widths))
    below = [width for width in widths[first + 1:] if width]
    # a header has rows as wide under it; a wide line in a broken file (`3,4,5,6` under `a,b`) need not
    wide_below = below and 2 * sum(width == widths[first] for width in below) >= len(below)
    return (first if wide_below else 0), lines[0].strip()[:60]


# pandas' error on a line with more fields than the header: "Expected 2 fields in line 403, saw 3"
_TOO_MANY_FIELDS = re.compile(r"Expected \d+ fields in line (\d+), saw \d+")


def _without_wide_footer(path, source, encoding, error, folder) -> str | None:
    """The path of a copy of `source` written in `folder` without the lines of notes at its
    end that pandas could not parse (`error`: too many fields in the first of them), with a
    notice, where at most `_FOOTER_ROWS` lines that are not blank are from there on and more
    rows than that are above them (DataMarket's exports end with their title, its commas
    unquoted); else None."""
    match = _TOO_MANY_FIELDS.search(str(error))
    if match is None or encoding not in (None, "latin-1"):
        return None
    start = int(match.group(1)) - 1
    try:
        with _opener(source)(source, "rb") as handle:
            lines = handle.read().splitlines(keepends=True)
    except OSError:
        return None
    notes = sum(1 for line in lines[start:] if line.strip())
    if not 0 < notes <= _FOOTER_ROWS or start <= 2 * _FOOTER_ROWS:
        return None
    head = os.path.join(folder, "table.csv")
    with open(head, "wb") as out:
        out.writelines(lines[:start])
    logger.warning("tfgan_rnn: dropped the last %d line(s) of %s, notes wider than its rows (%r).", notes, path,
                   lines[start].decode(encoding or "utf-8", "replace").strip()[:60])
    return head


def _read_below_notes(path, source, encoding, options) -> pd.DataFrame | None:
    """The file read from the first line as wide as its rows (`_lines_above_header`), with
    `options` updated and a notice, or None where no narrower lines are above that one or
    that line holds values (a header over rows that start with a row number: UCI's
    Occupancy files, `"date","Temperature",...` over `"1","2015-02-04 17:51:00",23.18,...`)."""
    above, first_line = _lines_above_header(source, encoding, options.get("sep", ","))
    if above <= options.get("skiprows", 0):
        return None
    frame = _parse(path, source, **{**options, "skiprows": above})
    if _headerless(frame.columns):
        return None
    options["skiprows"] = above
    logger.warning("tfgan_rnn: skipped the %d line(s) above the header of %s, narrower than it (notes "
                   "on the source, such as %r).", above, path, first_line)
    return frame


def _rows_wider_than_header(path, source, encoding, options, frame) -> pd.DataFrame:
    """A file whose rows hold one field more than its header, which pandas reads with the
    rows' first field as the index: rows ending in a separator (`a,b` over `1,2,`) read
    without that empty last field; notes above the real header (Google Trends' `Category:
    All categories` and a blank line over `Week,python: (Worldwide)`) skipped."""
    if frame.shape[1] and frame.iloc[:, -1].isna().all():
        options["index_col"] = False
        logger.warning("tfgan_rnn: %s's rows end with a separator its header line lacks: read without that "
                       "empty last field.", path)
        return _parse(path, source, **options)
    below_notes = _read_below_notes(path, source, encoding, options)
    return frame if below_notes is None else below_notes


def _first_line_repeats_below(first_line: pd.Series, frame: pd.DataFrame, decimal_comma: bool) -> bool:
    """Whether a file's first line (its fields as text; `frame`, the file read with it as the
    header) holds values that `_headerless` cannot tell from names: numbers, and text each
    found in its column below (WISDM's raw file, whose lines start
    `33,Jogging,49105962326000,-0.6946377,...`: an activity its column repeats; GHCN-daily's
    `USW00094728,18690101,TMAX,-17,,,X,`)."""
    fields = [str(field).strip() for field in first_line]
    if len(fields) != frame.shape[1] or not fields:
        return False
    fields[-1] = fields[-1].removesuffix(";")  # a line terminator (`_rows_ending_in_semicolons`)
    if decimal_comma:
        fields = [field.replace(",", ".") for field in fields]
    numbers = [bool(_PLAIN_NUMBER.match(field)) for field in fields]
    if not any(numbers):
        return False
    texts = [i for i, (field, number) in enumerate(zip(fields, numbers))
             if not number and field.lower() not in _MISSING_FIELDS]
    return bool(texts) and all(
        fields[i] in set(frame.iloc[:1000, i].dropna().astype(str).str.strip()) for i in texts)


_NAMES_AS_VALUES_FIELDS = 10  # a first line of whole numbers this wide may be a row of values


def _first_line_among_values(first_line: pd.Series, frame: pd.DataFrame) -> bool:
    """Whether a first line of `_NAMES_AS_VALUES_FIELDS` whole numbers or more (`frame`, the
    file read with it as the header) is a row of values: not in increasing order, as hours
    (`0,1,...,23`), years and sorted ids are, and four in five of them within the values of
    their column below (UCR's Chinatown, a class and then 24 hourly counts,
    `1<TAB>573<TAB>375...`)."""
    fields = [str(field).strip() for field in first_line]
    if (len(fields) < _NAMES_AS_VALUES_FIELDS or len(fields) != frame.shape[1]
            or not all(field.lstrip("+-").isdigit() for field in fields)):
        return False
    numbers = np.array([int(field) for field in fields], dtype=np.float64)
    below = frame.apply(pd.to_numeric, errors="coerce")
    if (np.diff(numbers) > 0).all() or below.isna().all().any():
        return False
    within = (numbers >= below.min().to_numpy()) & (numbers <= below.max().to_numpy())
    return within.mean() >= 0.8


def _rows_ending_in_semicolons(frame: pd.DataFrame, path) -> pd.DataFrame:
    """The table with its last column read as numbers where every one of its values is a
    number followed by a `;`: a comma-separated file whose every line ends with `;` (WISDM's
    raw accelerometer file, `...,12.680544,0.50395286;`)."""
    if frame.shape[1] < 2 or pd.api.types.is_numeric_dtype(frame.iloc[:, -1]):
        return frame
    values = frame.iloc[:, -1].dropna()
    if values.empty or not all(isinstance(value, str) for value in values):
        return frame
    stripped = values.str.strip()
    if not (stripped.str.endswith(";").all() and stripped.str[:-1].str.match(_PLAIN_NUMBER).all()):
        return frame
    name = frame.columns[-1]
    frame[name] = pd.to_numeric(frame[name].str.strip().str[:-1])
    if isinstance(name, str) and name.endswith(";"):
        frame = frame.rename(columns={name: name.removesuffix(";")})
    logger.warning("tfgan_rnn: read %s's last column without the ';' ending every row.", path)
    return frame


def _parsed_times(column: pd.Series) -> pd.Series:
    """A date/time column's values as UTC times, in one format inferred from the first
    (vectorised, unlike `_is_time_column`'s per-value parse of a sample); NaT where a value
    is written otherwise, and everywhere unless every value holds a four-digit year (pandas
    would take the shampoo file's "1-01", year 1 and January, for the 1st of January)."""
    text = column.astype(str).str.strip()
    if not text.str.contains(r"(?<!\d)\d{4}(?!\d)|\d{8}", regex=True).all():
        return pd.Series(pd.NaT, index=column.index, dtype="datetime64[ns, UTC]")
    with warnings.catch_warnings():  # "Could not infer format": then it is not a date written one way
        warnings.simplefilter("ignore")
        times = pd.to_datetime(text, errors="coerce", utc=True)
        if times.isna().any() and text.str.match(_PERIOD_VALUE).all():  # "1970 Q1", "2020M01", "2020-W05"
            return pd.to_datetime(text.map({value: _period_start(value) for value in text.unique()}),
                                  errors="coerce", utc=True)
        if times.isna().any() or _AMBIGUOUS_DAY.match(text.iloc[0]):  # 3/1/2007 or 01.02.2009: read month first
            day_first = pd.to_datetime(text, errors="coerce", utc=True, dayfirst=True)
            if day_first.notna().sum() > times.notna().sum() or (
                    times.notna().all() and day_first.notna().all() and _longest_gap(day_first) < _longest_gap(times)):
                times = day_first  # a file of the first 12 days of a month reads either way: the steadier one
        # ... or from a first value that fits a format the others do not: "May-1-2016" read with
        # May as a full month name, where "Apr-1-2016" is not (statsmodels' elec_equip, newest first)
        for value in text[times.isna()].unique()[:5]:
            guessed = guess_datetime_format(value)
            if guessed is None:
                continue
            other = pd.to_datetime(text, format=guessed, errors="coerce", utc=True)
            if other.notna().sum() > times.notna().sum():
                times = other
            if times.notna().all():
                break
        return times


def _longest_gap(times: pd.Series) -> pd.Timedelta:
    """The longest time between two consecutive distinct times, in time order."""
    distinct = np.sort(times.dropna().unique())
    return pd.Timedelta(np.diff(distinct).max()) if len(distinct) > 1 else pd.Timedelta(0)


def _period_start(text: str) -> str | None:
    """The first day of a period written as `_PERIOD_VALUE` reads it (fpp's "1970 Q1" and
    "Q1 1970", IMF's "2020M01", ISO's "2020-W05", a fiscal year or its quarter), as pandas
    reads a date; None for any other text."""
    label = _time_label(text)
    if label is not None:
        return label
    quarter_first = re.fullmatch(r"Q([1-4])\s*[-/ ]?\s*(\d{4})", text, re.IGNORECASE)
    if quarter_first:
        return f"{quarter_first.group(2)}-{3 * int(quarter_first.group(1)) - 2:02d}"
    week = re.fullmatch(r"(\d{4})\s*-?\s*W(\d{1,2})", text, re.IGNORECASE)
    try:
        return datetime.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1).isoformat() if week else None
    except ValueError:  # week 53 of a year of 52
        return None


def _time_order(frame: pd.DataFrame, series_column=None) -> tuple[np.ndarray, str, str, int, list] | None:
    """`(the rows' order in time, the time column, how they were out of order, rows where the
    time went back, the first and last row's time as written)` where the first date/time
    column (but `series_column`; with the time-of-day column after it where a date repeats,
    `Date;Time`) is out of time order within a series (a series per value of
    `series_column`; without one, the whole table is one), else None. How: "reversed"
    where it runs back in time within every series (the rows are reversed), "sorted" where
    it goes back elsewhere (the rows are sorted by it, stably), "several" where it starts
    again a few times over the times seen already: series one after another with nothing
    to tell them apart, left in file order;
    None too where times repeat within a series (a clock set back an hour, undeclared series)."""
    names = [name for name in frame.columns if name != series_column and _is_time_column(name, frame[name])]
    if len(frame) < 3 or (names and pd.api.types.is_numeric_dtype(frame[names[0]])):
        return None
    if names:
        name, times, written = names[0], _parsed_times(frame[names[0]]), frame[names[0]]
    else:
        numbered = _numbers_of_time(frame, series_column)
        if numbered is None:
            return None
        name, times, written = numbered
    if times.isna().any():
        return None
    codes = (np.zeros(len(frame), dtype=np.int64) if series_column is None
             else pd.factorize(frame[series_column], sort=False)[0])

    def repeat(times) -> bool:  # a time on two rows of a series
        return bool(pd.DataFrame({"series": codes, "time": times}).duplicated().any())

    repeated = repeat(times)
    if len(names) > 1 and not pd.api.types.is_numeric_dtype(frame[names[1]]) and repeated:  # Date;Time
        written = frame[names[0]].astype(str).str.strip() + " " + frame[names[1]].astype(str).str.strip()
        joined = _parsed_times(written)
        if joined.notna().all() and joined.nunique() > times.nunique():
            name, times, repeated = f"{names[0]} and {names[1]}", joined, repeat(joined)
        else:
            written = frame[names[0]]
    by_series = times.groupby(codes, sort=False)
    if by_series.is_monotonic_increasing.all():
        return None
    steps = by_series.diff()
    back = (steps < pd.Timedelta(0)).to_numpy()
    shown = [written.iloc[0], written.iloc[-1]]
    if by_series.is_monotonic_decreasing.all():
        return np.lexsort((-np.arange(len(frame)), codes)), name, "reversed", int(back.sum()), shown
    if repeated:
        return None  # (times that repeat get their own notice: `_check_one_row_per_time`)
    sorted_order = np.lexsort((times.dt.tz_convert(None).to_numpy(), codes)), name, "sorted", int(back.sum()), shown
    if len(frame) < 8 * (back.sum() + 1):  # runs of fewer than 8 rows on average: shuffled, not series
        return sorted_order
    # starting again: going back by more than half its series' span ...
    span_of_series = (by_series.max() - by_series.min()).reindex(codes).to_numpy()
    if (back & ~(-steps.to_numpy() > span_of_series / 2)).any():
        return sorted_order
    # ... into the times of a run before it (blocks of one series out of order do not overlap)
    runs = pd.Series(back, index=times.index).groupby(codes, sort=False).cumsum().to_numpy()
    spans = pd.DataFrame({"series": codes, "run": runs, "time": times}).groupby(["series", "run"])["time"]
    first, last = spans.min().sort_values(), spans.max()
    if not (first.groupby(level="series").shift(-1) < last.reindex(first.index)).any():
        return sorted_order
    return np.arange(len(frame)), name, "several", int(back.sum()), shown


_UNIX_TIME_NAMES = frozenset(("timestamp", "unix", "epoch"))


def _numbers_of_time(frame: pd.DataFrame, series_column=None) -> tuple[str, pd.Series, pd.Series] | None:
    """`(name, its values as times, its values as written)` of the first column of whole
    numbers that can only be the rows' time, however the rows are ordered: years (1000-2999)
    in a column named as a year or in an unnamed one, dates written yyyymmdd
    (`_written_as_dates`), or seconds since 1970 (or their thousands) in a column named
    `timestamp`, `unix` or `epoch`; else None. Years that repeat are read with the parts of
    a date in columns of their own beside them (`year,quarter`, `year,month,day,hour`:
    `_year_and_its_parts`). The times keep the numbers' order and proportions, which is all
    `_time_order` reads of them."""
    for name in frame.columns:
        column = frame[name]
        if (name == series_column or not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)
                or column.empty or pd.isna(column.iloc[0]) or column.iloc[0] != np.floor(column.iloc[0])):
            continue  # (the first value tells most measurements apart at once: a wide table costs nothing)
        first = float(column.iloc[0])
        tokens = _name_tokens(name)
        # (an unnamed column of years: R's write.csv of a yearly series, its years as row names)
        year, unix = "year" in tokens or _unnamed(name), bool(tokens & _UNIX_TIME_NAMES)
        if (not ((year and 1000 <= first <= 2999) or (unix and first > 1e8) or 18000101 <= first <= 21991231235959)
                or column.isna().any() or column.nunique() < 2):
            continue
        values, written, years = column.to_numpy(dtype="float64"), column, year and _holds_years(column)
        if years and column.duplicated().any():
            name, values, written = _year_and_its_parts(frame, name)
        if (years or _written_as_dates(column)
                or (unix and np.array_equal(values, np.floor(values)) and values.min() > 1e8)):
            low, span = values.min(), values.max() - values.min()
            times = pd.Series(pd.to_datetime((values - low) / span * 1e17, unit="ns", utc=True), index=frame.index)
            return name, times, written
    return None


def _year_and_its_parts(frame: pd.DataFrame, year) -> tuple[str, np.ndarray, pd.Series]:
    """`(name, a number per row in time order, its values as written)` of the `year` column
    with the parts of a date beside it (`_is_calendar_part`: `quarter`, `month`, `day`,
    `hour`, ...), coarsest first; a week is left out beside a day, which orders the rows
    already. Without such parts, the year alone."""
    parts = {}
    for kind, (names, (_, highest)) in enumerate(_CALENDAR_PART_KINDS[:-1]):
        found = [name for name in frame.columns if str(name).strip().lower() in names
                 and _is_calendar_part(name, frame[name])]
        if found:
            parts[kind] = found[0], highest
    if 3 in parts or 4 in parts:  # a day of the month or of the year: the week (kind 2) would mislead at new year
        parts.pop(2, None)
    if not parts:
        return year, frame[year].to_numpy(dtype="float64"), frame[year]
    key = frame[year].to_numpy(dtype="float64")
    for name, highest in parts.values():
        key = key * (highest + 1) + frame[name].to_numpy(dtype="float64")
    names = [year, *(name for name, _ in parts.values())]
    written = frame[names].astype(str).agg("-".join, axis=1)
    return ", ".join(str(name) for name in names[:-1]) + f" and {names[-1]}", key, written


def _in_time_order(frame: pd.DataFrame, path, series_column=None) -> pd.DataFrame:
    """The table with its rows in time order by its first date/time column, with a notice:
    reversed where it runs back in time (newest first, as price sites and many exports list
    them: investing.com, Nasdaq's downloads), sorted by it where it goes back elsewhere (rows
    sorted by another column, or shuffled), so that a series is learnt and generated forward
    in time; with `series_column`, within each series (a panel exported newest first, series
    after series). Times that start again a few times, as series one after another do with
    no column to tell them apart, stay in file order with a notice that names the fix."""
    found = _time_order(frame, series_column)
    if found is None:
        return frame
    order, name, how, back, (first, last) = found
    where = (f"{path}" if series_column is None else f"each series of {str(series_column)!r}" if how == "reversed"
             else f"some series of {str(series_column)!r}")
    if how == "reversed":
        span = f"{first} first, {last} last" if series_column is None else f"{first} first"
        logger.warning("tfgan_rnn: the rows of %s run back in time (%s): read oldest first.", where, span)
        return frame.iloc[order].reset_index(drop=True)
    if how == "sorted":
        logger.warning("tfgan_rnn: the rows of %s are not in time order (%s goes back on %d row(s)): read sorted by "
                       "%s.", where, name, back, name)
        return frame.iloc[order].reset_index(drop=True)
    hint = ("if it holds several series one after another, name the column that tells them apart (CLI: "
            "--series-column NAME)" if series_column is None else "if a series holds several one after another, "
            "name the column that tells those apart too (CLI: --series-column A,B)")
    logger.warning("tfgan_rnn: %s of %s goes back on %d row(s) to times seen already: read in file order; %s.",
                   name, where, back, hint)
    return frame


def _commented_header(source, encoding, separator, width) -> list | None:
    """The column names in the last of the '#' lines at the top of `source`
    (`# time,x,y`, as `numpy.savetxt(header=...)` writes it, above rows of values) where
    that line splits at `separator` into `width` names; else None."""
    last = ""
    try:
        with _opener(source)(source, "rt", encoding=encoding or "utf-8", errors="replace") as handle:
            for line in handle:
                line = line.lstrip("\ufeff \t")
                if line.startswith("#"):
                    last = line
                elif line.strip():
                    break
    except OSError:
        return None
    text = last.lstrip("#").strip()
    fields = text.split() if separator == r"\s+" else [field.strip() for field in text.split(separator)]
    names = [field.strip("'\"") for field in fields]
    if len(names) != width or not all(names) or len(set(names)) != width or _headerless(pd.Series(names)):
        return None
    return names


def _whitespace_separated(path, source, frame, options) -> tuple[pd.DataFrame, dict]:
    """`frame` (a file read as one column) and its options, or the file read with runs of
    spaces and tabs as the separator (`numpy.savetxt`'s default, a column-aligned `.dat`
    or `.txt`) where that gives more numeric columns and every column holds a value:
    a one-column file whose header has a space (`Monthly sales`) stays one column."""
    names = [str(name) for name in frame.columns]
    if not any(len(name.split()) > 1 for name in names):
        return frame, options
    candidate_options = {**options, "sep": r"\s+", "index_col": False}
    try:
        candidate = _parse(path, source, **candidate_options)
    except ValueError:
        return frame, options
    if (candidate.shape[1] < 2 or not candidate.notna().any().all()
            or _numeric_columns(candidate) <= _numeric_columns(frame)):
        return frame, options
    logger.warning("tfgan_rnn: read %s as separated by spaces (%d columns).", path, candidate.shape[1])
    return candidate, candidate_options


def _read_text(path, source, missing_values, times_across_columns) -> pd.DataFrame:
    """`read_csv`'s reading of the text file `source`, naming `path` (the file the user
    passed, which may be a workbook `source` was written from) in notices and errors."""
    encoding = _check_text_file(source)
    options = {} if not missing_values else {"na_values": list(missing_values)}
    if encoding is not None:
        options["encoding"] = encoding
    skipped, header, given, logger_file = _preamble(source, encoding)
    # A header without a comma but with another separator: read by it from the start, so that
    # rows of a different length under it (a row of units, `;degC;m/s`) cannot stop the reading.
    if given is None and b"," not in header:
        given = next((s for s in _OTHER_SEPARATORS if s.encode() in header), None)
    if given is not None:
        options["sep"] = given
    if logger_file:  # such a logger writes a missing reading as "NAN"
        options["na_values"] = [*options.get("na_values", []), "NAN"]
    if skipped:
        options["skiprows"] = skipped
        if logger_file:
            logger.warning("tfgan_rnn: skipped the first line of %s, a logger's TOA5 file information.", path)
        else:
            logger.warning("tfgan_rnn: skipped the %d line(s) of notes (starting with '#', or Excel's sep=) at the "
                           "top of %s.", skipped, path)
    try:
        frame = _parse(path, source, **options)
    except ValueError as error:
        below_notes = (_read_below_notes(path, source, encoding, options)
                       if isinstance(error.__context__, pd.errors.ParserError) else None)
        if below_notes is None and isinstance(error.__context__, pd.errors.ParserError):
            import tempfile

            with tempfile.TemporaryDirectory() as folder:
                head = _without_wide_footer(path, source, encoding, error, folder)
                if head is not None:
                    return _read_text(path, head, missing_values, times_across_columns)
        if below_notes is not None:  # the World Bank's "Data Source" and "Last Updated Date" lines
            frame = below_notes
        elif not isinstance(error.__context__, UnicodeDecodeError) or encoding is not None:
            raise
        else:
            options["encoding"] = "latin-1"  # a spreadsheet's export in a Western code page ("Temperatur \xb0C")
            frame = _parse(path, source, **options)
            logger.warning("tfgan_rnn: read %s as Latin-1 text (it is not UTF-8).", path)
    if not frame.index.equals(pd.RangeIndex(len(frame))):  # rows wider than the header: pandas made an index
        frame = _rows_wider_than_header(path, source, encoding, options, frame)
    # A separator other than the comma in the column names: the whole line is one name, or,
    # where decimal commas split it (a file without a header, `1,5;2,3`), several.
    if given == ",":  # `sep=,`: as by default
        given = None
    separator = given or next((s for s in _OTHER_SEPARATORS if any(s in str(name) for name in frame.columns)), None)
    if separator is not None:
        try:
            candidate_options = {**options, "sep": separator}
            candidate = frame if given else _parse(path, source, **candidate_options)
            if separator == ";":
                with_decimal_commas = _parse(path, source, **candidate_options, decimal=",")
                if _numeric_columns(with_decimal_commas) > _numeric_columns(candidate):
                    candidate, candidate_options["decimal"] = with_decimal_commas, ","
        except ValueError:
            if frame.shape[1] == 1:
                raise
            candidate = None
        if candidate is not None and (given or frame.shape[1] == 1
                                      or _numeric_columns(candidate) > _numeric_columns(frame)):
            frame, options = candidate, candidate_options
            logger.warning("tfgan_rnn: read %s as %r-separated (%d columns).", path, separator, frame.shape[1])
        else:
            separator = None
    if (separator is None and frame.shape[1] == 1) or separator == "\t":  # tabs and spaces mixed, too
        frame, options = _whitespace_separated(path, source, frame, options)
    first_line = _parse(path, source, **options, header=None, nrows=1, dtype=str).iloc[0].fillna("")
    values_first = _headerless(first_line.str.replace(",", ".") if options.get("decimal") == "," else first_line)
    values_first = (values_first or _first_line_repeats_below(first_line, frame, options.get("decimal") == ",")
                    or _first_line_among_values(first_line, frame))
    commented = (_commented_header(source, encoding, options.get("sep", ","), len(first_line))
                 if values_first and skipped and not logger_file else None)
    if commented is not None:  # numpy.savetxt(..., header="time,x,y") writes `# time,x,y`
        frame = _parse(path, source, **options, header=None)
        frame.columns = commented
        logger.warning("tfgan_rnn: the columns of %s are named by the last '#' line above its rows (%s).", path,
                       ", ".join(commented))
    elif values_first:
        frame = _parse(path, source, **options, header=None)
        frame.columns = [f"feature_{i}" for i in range(frame.shape[1])]
        logger.warning("tfgan_rnn: %s has no header line (its first line holds values); %s.", path,
                       "its column is named feature_0" if frame.shape[1] == 1 else
                       f"its columns are named feature_0 to feature_{frame.shape[1] - 1}")
        if frame.shape[1] > 1 and len(frame) > 2 and _counts_rows(frame["feature_0"]):
            logger.warning("tfgan_rnn: dropping feature_0, which counts the rows (%d, %d, ...): a row index.",
                           *frame["feature_0"].iloc[:2])
            frame = frame.drop(columns="feature_0")
        label = class_label_column(frame) if times_across_columns and frame.shape[1] > _ROW_SEQUENCE_COLUMNS else None
        if label is not None:
            logger.warning("tfgan_rnn: %s has %d columns and %s holds %s of %d values: if each row is a whole "
                           "sequence with its class label (the UCR archive's layout), read it as one (CLI: "
                           "--sequence-per-row); read as it is, each column is a feature.", path, frame.shape[1],
                           label, "whole numbers" if pd.api.types.is_numeric_dtype(frame[label]) else "text",
                           frame[label].nunique())
    decimal_comma = separator == ";"  # with ";", a comma is the decimal comma (above)
    if logger_file and "RECORD" in frame.columns:
        frame = frame.drop(columns="RECORD")
        logger.warning("tfgan_rnn: dropping the logger's record number, column RECORD, of %s.", path)
    frame = _drop_footer(_drop_empty_rows(frame, path), path, decimal_comma)
    frame = _drop_summary_rows(frame, path, decimal_comma)
    frame = _drop_repeated_headers(frame, path, decimal_comma)
    frame = _skip_units_rows(frame, path, decimal_comma)
    if not decimal_comma:
        frame = _read_grouped_numbers(_rows_ending_in_semicolons(frame, path), path)
    else:
        frame = _read_decimal_comma_text(frame, path)
    stripped = [name.strip() if isinstance(name, str) else name for name in frame.columns]
    if len(set(stripped)) == len(stripped):  # "a, b" names its second column "b", not " b"
        frame.columns = stripped
    if all(_QUOTED_NAME.match(str(name)) for name in frame.columns):  # 'OBS' 'GPA', PhysioBank's 'MLII','V5'
        frame.columns = [str(name)[1:-1] for name in frame.columns]
    frame = _in_time_order(frame, path)
    if not times_across_columns:
        return frame
    frame = _day_parts_across_columns(_months_across_columns(frame, path), path)
    return _numbered_steps_across_columns(_times_across_columns(frame, path), path)


# A token of a numeric column's name that makes it the rows' time axis written as numbers
# (`year`, `Time (s)`, `unix_time`, a `date` as 20240131, `elapsed_ms`, a sensor log's
# `timestep`), if its values never go down; and whole names too short to be tokens of others.
_NUMERIC_TIME_NAMES = frozenset(_TIME_NAMES + (
    "year", "epoch", "unix", "elapsed", "seconds", "secs", "sec", "ms", "msec", "millis", "milliseconds",
    "minutes", "hours", "days", "timestep", "step", "tick", "ticks", "frame"))
_NUMERIC_TIME_WHOLE_NAMES = frozenset(("t", "ts"))
# Rows from which a column going up by the same amount on every row is taken for the rows'
# time axis whatever its name (a `counter`, a `day` numbered 1 to 400): a measurement does not.
_EVEN_TIMELINE_ROWS = 20


def _goes_up_evenly(values: np.ndarray) -> bool:
    steps = np.diff(values)
    return steps.size > 0 and steps[0] > 0 and bool(np.allclose(steps, steps[0], rtol=1e-6, atol=0))


def _written_as_dates(values: pd.Series) -> bool:
    """Whole numbers each a date written yyyymmdd (1800-2199), or a time written yyyymmddHH,
    yyyymmddHHMM or yyyymmddHHMMSS, all the same way, as in GHCN-daily's files without a
    header and the German weather service's `MESS_DATUM`: a time whatever the column's name."""
    if values.empty or not (values == np.floor(values)).all():
        return False
    for clock_digits in (0, 2, 4, 6):  # the digits after the day: none, the hour, and minutes, and seconds
        scale = 10 ** clock_digits
        if not values.between(18000101 * scale, 21991231 * scale + scale - 1).all():
            continue
        whole = values.astype("int64")
        day = whole // scale
        valid = (day // 100 % 100).between(1, 12) & (day % 100).between(1, 31)
        for below, most in zip(range(clock_digits - 2, -1, -2), (24, 59, 59)):  # hour 24: a day's end, as DWD's
            valid &= (whole // 10 ** below % 100).le(most)
        return bool(valid.all())
    return False


def _name_tokens(name) -> set:
    """A column name's words, lowercased (`Time (s)`: time, s; `unix_time`: unix, time)."""
    return set(re.split(r"[^a-z]+", str(name).strip().lower()))


def _named_as_timeline(name) -> bool:
    """A column name of a timeline written as numbers: `t`, `ts`, or one with a word of
    `_NUMERIC_TIME_NAMES` (`Time (s)`, `elapsed_ms`, `year`)."""
    return str(name).strip().lower() in _NUMERIC_TIME_WHOLE_NAMES or bool(
        _NUMERIC_TIME_NAMES.intersection(_name_tokens(name)))


def _is_numeric_timeline(name, column: pd.Series, groups=None) -> bool:
    """A numeric column named as a time whose values never go down (within each series,
    with `groups`, the series key of each row) and take two values at least: a timeline,
    not a measurement."""
    if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return False
    values = column.dropna()
    if not (_named_as_timeline(name) or _written_as_dates(values)) or values.nunique() < 2:
        return False
    if groups is None:
        return bool(values.is_monotonic_increasing)
    return bool(values.groupby(groups[values.index], sort=False).is_monotonic_increasing.all())


def _goes_up_evenly_in_each(column: pd.Series, groups=None) -> bool:
    """A numeric column of 20 rows or more, none empty, going up by the same amount on every
    row (within each series, with `groups`): a timeline whatever its name."""
    if (not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)
            or len(column) < _EVEN_TIMELINE_ROWS or column.isna().any()):
        return False
    parts = [column] if groups is None else [part for _, part in column.groupby(groups[column.index], sort=False)]
    return all(_goes_up_evenly(part.to_numpy(dtype=np.float64)) for part in parts)


# A part of the rows' time in a column of its own, beside a year or a date (`year,quarter,...`
# in statsmodels' macrodata, `year,month,day,hour` in UCI's Beijing PM2.5): its names and its
# range, coarsest first; the day of the week last, as it does not order the rows.
_CALENDAR_PART_KINDS = [
    (("quarter", "qtr"), (1, 4)), (("month", "mon", "mnth"), (1, 12)),
    (("week", "weekofyear", "week_of_year"), (0, 53)),
    (("day", "dayofmonth", "day_of_month"), (1, 31)), (("dayofyear", "day_of_year"), (1, 366)),
    (("hour", "hr", "he", "hour ending", "hour_ending"), (0, 24)),  # PJM's HE: the hour ending
    # the half-hours of Britain's electricity market, 46 to 50 on the days the clocks change
    (("period", "settlement_period", "settlement period"), (1, 50)), (("minute",), (0, 59)), (("second",), (0, 60)),
    (("dayofweek", "day_of_week", "weekday"), (0, 7)),
]
_CALENDAR_PARTS = {name: bounds for names, bounds in _CALENDAR_PART_KINDS for name in names}


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
# The names of the days of the week and of the months as text, whole or cut (`Mon`, `Tues`, `Sept`)
_CALENDAR_NAMES = frozenset(
    {name for name in _WEEKDAYS + _MONTHS} | {name[:3] for name in _WEEKDAYS + _MONTHS}
    | {"tues", "thur", "thurs", "sept"})


def _holds_calendar_names(column: pd.Series) -> bool:
    """A text column of the names of weekdays or months (Ecdat's exchange rates: `date,day,...`
    with `day` = wednesday, thursday, ...): with a date beside it, part of the time."""
    if not (column.dtype == object or pd.api.types.is_string_dtype(column)):
        return False
    names = column.dropna().astype(str).str.strip().str.lower().str.rstrip(".")
    return bool(len(names)) and bool(names.isin(_CALENDAR_NAMES).all())


def _is_calendar_part(name, column: pd.Series) -> bool:
    """A whole-number column named as a part of a date (`quarter`, `month`, `hour`) whose
    values stay in that part's range: with a year or a date beside it, part of the time."""
    bounds = _CALENDAR_PARTS.get(str(name).strip().lower())
    return bounds is not None and pd.api.types.is_integer_dtype(column) and bool(column.between(*bounds).all())


def _holds_years(column: pd.Series) -> bool:
    return pd.api.types.is_integer_dtype(column) and bool(column.between(1000, 2999).all())


def _is_year(name, column: pd.Series) -> bool:
    return str(name).strip().lower() in ("year", "yr") and _holds_years(column)


# A time of day written as a whole number hhmm (`840` for 08:40; MASS's beaver files `day,time`,
# a logger's `Year,DOY,HHMM`): the names it goes by, and those of the day number beside it.
_CLOCK_NAMES = frozenset(("time", "hhmm", "hrmn", "hmm", "clock", "hourminute", "hour_minute", "time_hhmm"))
_DAY_NUMBER_NAMES = frozenset(("day", "doy", "dayofyear", "day_of_year", "julian", "julian_day", "jday", "yday"))


def _is_hhmm_clock(name, column: pd.Series) -> bool:
    """Whole numbers 0 to 2400 whose last two digits stay below 60, three values at least and no
    empty cell, in a column named as a time of day."""
    if (str(name).strip().lower() not in _CLOCK_NAMES or not pd.api.types.is_integer_dtype(column)
            or column.isna().any()):
        return False
    return column.nunique() > 2 and bool(column.between(0, 2400).all()) and bool((column % 100 < 60).all())


def _series_codes(series_keys, rows: int) -> np.ndarray:
    """Each row's series as a number (`series_keys`, a panel's series of each row, aligned with
    the table's rows), or 0 on every row of a table of one series."""
    return np.zeros(rows, dtype=np.int64) if series_keys is None else pd.factorize(np.asarray(series_keys))[0]


def _clock_and_its_day(frame: pd.DataFrame, keep_columns=(), series_keys=None, beside_a_date=False) -> list:
    """An hhmm clock column (`_is_hhmm_clock`) and the day number beside it (1 to 366, named as
    a day) where together they never go back (within each of `series_keys`' series): both the
    rows' time; the clock alone where it goes back only across midnight (from 18:00 or later
    to 06:00 or earlier) or `beside_a_date`; else []."""
    clocks = [name for name in frame.columns if name not in keep_columns and _is_hhmm_clock(name, frame[name])]
    if len(clocks) != 1:
        return []
    clock = frame[clocks[0]]
    groups = _series_codes(series_keys, len(frame))
    for name in frame.columns:
        column = frame[name]
        if (name in keep_columns or str(name).strip().lower() not in _DAY_NUMBER_NAMES
                or not pd.api.types.is_integer_dtype(column) or not column.between(1, 366).all()):
            continue
        together = (column.astype(np.int64) * 2400 + clock.astype(np.int64)).groupby(groups, sort=False)
        if together.is_monotonic_increasing.all():
            return [clocks[0], name]
    steps = clock.groupby(groups, sort=False).diff()
    back = (steps < 0).to_numpy()
    previous = clock.groupby(groups, sort=False).shift().to_numpy()
    if beside_a_date or (back.any() and (previous[back] >= 1800).all() and (clock.to_numpy()[back] <= 600).all()):
        return clocks[:1]
    return []


def _time_columns(frame: pd.DataFrame, keep_columns=(), series_keys=None) -> list:
    """The columns `load_table` drops as the rows' time (but `keep_columns`): dates and times,
    timelines written as numbers (never going down within each of `series_keys`' series) and,
    beside them, a quarter, month or hour column; a year of one value (a file of one year)
    counts beside such a column or a date."""
    times = [name for name in frame.columns if name not in keep_columns and (
        _is_time_column(name, frame[name]) or _is_numeric_timeline(name, frame[name], series_keys))]
    evenly = [name for name in frame.columns if name not in keep_columns and name not in times
              and _goes_up_evenly_in_each(frame[name], series_keys)]
    # Columns going up evenly are the time only beside a column that is not (made-up data,
    # `value = range(24)`, is left as it is).
    if any(name not in times and name not in evenly and pd.api.types.is_numeric_dtype(frame[name])
           for name in frame.columns):
        times += evenly
    times += [name for name in _clock_and_its_day(frame, keep_columns, series_keys, beside_a_date=bool(times))
              if name not in times]
    calendar = [name for name in frame.columns if _is_calendar_part(name, frame[name])]
    named = [name for name in frame.columns if _holds_calendar_names(frame[name])]  # beside a date, not a year
    years = [name for name in frame.columns if name not in keep_columns and name not in times
             and _is_year(name, frame[name])]  # of one value: a file of one year
    if calendar and not times:
        times = years
    elif times:  # beside a date (Environment Canada's `Date/Time (LST)`, then `Year`, `Month`, `Day`)
        times += years
    if not times:
        return []
    return [name for name in frame.columns
            if name in times or (name in calendar + named and name not in keep_columns)]


def dropped_on_reading(name, column: pd.Series) -> bool:
    """Whether `load_table` drops this column by itself: a date or time, a timeline written
    as numbers, or a saved row index."""
    return _is_time_column(name, column) or _is_numeric_timeline(name, column) or _is_index_column(name, column)


_MAX_LABELS = 60  # the UCR archive's most classes: ShapesAll's 60
# Unnamed columns above which a headerless file with a class label column is likely a
# sequence per row (the UCR archive's shortest sequences have 15 steps, most over 60).
_ROW_SEQUENCE_COLUMNS = 30


def class_label_column(frame: pd.DataFrame):
    """The name of the first or last column of a table of a sequence per row that holds
    each row's class label instead of a step, or None: whole numbers with 2 to 60 values,
    each shared by two rows at least on average, beside columns holding fractions (the UCR
    archive's files start each line with the label, `1<TAB>-0.647...`; Kaggle's heartbeat
    files end it, `...,0.000e+00,2.000e+00`) or, as consecutive numbers (`1, 2`), beside
    whole numbers of at least four times as many values, 10 at least, in most columns
    (Chinatown's hourly counts); or text with as few values beside columns of numbers alone
    (an ARFF file's nominal class, `...,-1.909,Avonlea`).

    Example:

    >>> import pandas as pd
    >>> from tfgan_rnn.tables import class_label_column
    >>> rows = pd.DataFrame([[1, 0.25, -0.5], [2, 0.5, 0.75], [1, -0.125, 0.5], [2, 0.0, 1.5]])
    >>> class_label_column(rows), class_label_column(rows.iloc[:, 1:])
    (0, None)
    >>> class_label_column(rows.iloc[:, 1:].assign(kind=["a", "b", "a", "b"]))
    'kind'
    """
    if frame.shape[1] < 3 or len(frame) < 4:
        return None
    numbers = frame.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=np.float64)
    with_fractions = (np.isfinite(numbers) & (numbers != np.round(numbers))).any(axis=0)  # per column
    text = [not pd.api.types.is_numeric_dtype(frame[name]) for name in frame.columns]
    for index in dict.fromkeys((0, frame.shape[1] - 1)):
        values = numbers[:, index]
        if text[index]:
            if (sum(text) == 1 and not frame.iloc[:, index].isna().any()
                    and 2 <= frame.iloc[:, index].nunique() <= min(_MAX_LABELS, len(frame) // 2)):
                return frame.columns[index]
            continue
        if np.isnan(values).any() or with_fractions[index]:
            continue
        distinct = np.unique(values)
        if not 2 <= distinct.size <= min(_MAX_LABELS, len(frame) // 2):
            continue
        if np.delete(with_fractions, index).any():  # whole numbers beside fractions
            return frame.columns[index]
        others = [np.unique(column[np.isfinite(column)]).size for column in np.delete(numbers, index, axis=1).T]
        if (distinct[-1] - distinct[0] + 1 == distinct.size  # class codes: 1, 2; 0 to 9
                and np.median(others) >= max(4 * distinct.size, 10)):
            return frame.columns[index]
    return None


def dropped_columns(frame: pd.DataFrame) -> list:
    """The columns `load_table` drops from this table by itself: saved row indexes and the
    rows' time (dates, timelines, and a quarter, month or hour column beside them)."""
    times = _time_columns(frame)
    return [name for name in frame.columns if name in times or _is_index_column(name, frame[name])]


# A time of day with ':' or '.' between hours, minutes and seconds (UCI's Air Quality file
# writes "18.00.00"), optionally with am/pm.
_CLOCK_TIME = re.compile(r"^\s*\d{1,2}[:.]\d{2}([:.]\d{2}([.,]\d+)?)?\s*([aApP]\.?[mM]\.?)?\s*$")


# What a date or a time has and text that pandas' parser also reads as one lacks ("3/4", "1st",
# "2:1"): a four-digit year, a day, month and year, a time with minutes, or a word (a month's name).
_DATE_SHAPE = re.compile(r"\d{4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}[:.h]\d{2}\b|[A-Za-z]{3,}")
# Between the start and the end of a time interval (ENTSO-E's "01.01.2020 00:00 - 01.01.2020 01:00").
_INTERVAL_DASH = r"\s+-\s+"


# A month and a two- or four-digit year, as spreadsheets write a month: "Jan-00", "Jan-49", "Sep 2019".
_MONTH_YEAR = re.compile(r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[-/ ']?(\d{2}|\d{4})$",
                         re.IGNORECASE)


# A year of up to four digits (1 to 3: the data's own first years) and a month, in a column named
# as months: DataMarket's shampoo sales, `"Month",...` over `"1-01"`, `"1-02"`.
_SHORT_YEAR_MONTH = re.compile(r"^\d{1,4}[-/](0?[1-9]|1[0-2])$")
# A month and a year of two digits, in a column named as months: boot's `acme`, `month` over `1/86`.
_MONTH_SHORT_YEAR = re.compile(r"^(0?[1-9]|1[0-2])/\d{2}$")


def _is_time_column(name, column: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(column) or isinstance(column.dtype, pd.PeriodDtype):
        return True
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return False
    lowered = str(name).strip().lower()
    named_like_time = any(word in lowered for word in _TIME_NAMES)
    sample = column.dropna().astype(str).head(50)
    if sample.empty:
        return named_like_time
    if not sample.str.contains(r"\d", regex=True).all():
        return False
    if _comma_numbers(sample):
        return False
    if named_like_time and sample.str.match(_CLOCK_TIME).all():  # "18.00.00", which pandas does not parse
        return True
    if sample.str.strip().str.match(_MONTH_YEAR).all():  # "Jan-00", which pandas does not parse, "Jan-49"
        return True
    if "month" in lowered and (sample.str.strip().str.match(_SHORT_YEAR_MONTH).all()  # the shampoo file's "1-01"
                               or sample.str.strip().str.match(_MONTH_SHORT_YEAR).all()):  # acme's "1/86"
        return True
    if sample.str.strip().str.match(_PERIOD_VALUE).all():  # "1970 Q1", "Q1 1970", "2020M01": not pandas'
        return True
    if not named_like_time and not sample.str.contains(_DATE_SHAPE).all():  # "3/4", "1st", "2:1", "v1.5.3"
        return False
    halves = sample.str.split(_INTERVAL_DASH, n=1, regex=True)
    if halves.str.len().eq(2).all() and (halves.str[0].str.len() >= 8).all():  # "01.01.2020 00:00 - 01.01.2020 01:00"
        sample = pd.concat([halves.str[0], halves.str[1]])
    # an offset and the zone's name: OpenWeatherMap's "2020-01-01 00:00:00 +0000 UTC"
    sample = sample.str.replace(r"(?<=[+-]\d{4})\s+[A-Z]{3,5}$", "", regex=True)
    # utc: offsets that change with summer time (`+0100`, `+0200`) are one timeline, not an error
    parsed = pd.to_datetime(sample, errors="coerce", format="mixed", utc=True)
    return bool(parsed.notna().all())


def _unnamed(name) -> bool:
    lowered = str(name).strip().lower()
    return lowered == "" or lowered.startswith("unnamed:")


# Names of a row number ("No" in UCI's Beijing PM2.5 files, say), besides an unnamed column.
_INDEX_NAMES = frozenset(("index", "idx", "no", "no.", "id", "row", "#", "obs", "obs.", "observation"))


def _counts_rows(column: pd.Series, start=(0, 1)) -> bool:
    """Whole numbers going up by one from row to row, from one of `start` (None: any)."""
    if not pd.api.types.is_integer_dtype(column) or len(column) < 2:
        return False
    values = column.to_numpy()
    return (start is None or values[0] in start) and bool(np.all(np.diff(values) == 1))


def _is_index_column(name, column: pd.Series) -> bool:
    """An `index`, `No`, `id`, ... column counting 0, 1, 2, ... (or from 1): a saved row
    index; or an unnamed one going up by one from any number (a row index, or a year as
    R writes a yearly series' row names: `,lynx` then `1821,269`)."""
    if _unnamed(name):
        return _counts_rows(column, start=None)
    return str(name).strip().lower() in _INDEX_NAMES and _counts_rows(column)


def load_table(source, interpolate_missing: bool = False, keep_columns=()) -> Table:
    """Reads a series from a CSV path, a pandas DataFrame or a numpy array.

    Date/time columns (dates as text, and timelines as numbers: a column named like
    `year`, `time`, `Time (s)`, `t`, `step` or `date` whose values never go down, or one of
    20 rows or more going up by the same amount on every row beside other numbers), a saved
    row index (an unnamed, `index`, `No`, `id` or `Obs` column counting 0, 1, 2, ... or from
    1, as `DataFrame.to_csv` writes it), empty columns (a separator at the end of every
    line, a reading the station never took) and text columns holding the same value on every row (a station's id in
    its export) are recognised and dropped with a one-line notice; any other
    non-numeric column is an error that names it. Rows before the first reading or after
    the last that hold no value at all (the times before a logger's sensors read, dates
    written ahead of their values) are dropped, with a notice. Other missing values are an
    error that names each column and its count, unless `interpolate_missing=True` (linear,
    then the nearest value at the ends), or they lie only in the first or last rows (at most
    5% of them, one at least: a change or a lag), which are filled with the nearest
    reading, with a notice. Constant columns are kept and reported.

    Args:
        source: path to a CSV file with a header line, a DataFrame, or an array
            `(time, features)`.
        interpolate_missing: fill missing values instead of refusing them.
        keep_columns: names of columns read as measurements whatever they look like (a
            year the GAN is conditioned on, say).

    Returns:
        A `Table(values, columns)` with float32 values `(time, features)`.

    Example:

    >>> import pandas as pd
    >>> from tfgan_rnn.tables import load_table
    >>> frame = pd.DataFrame({"date": ["2020-01-01", "2020-01-02"], "price": [1.0, 2.0]})
    >>> table = load_table(frame)
    >>> table.columns, table.values.shape
    (['price'], (2, 1))
    """
    if isinstance(source, (str, os.PathLike)):
        frame = read_csv(source)
    elif isinstance(source, pd.DataFrame):
        frame = source.infer_objects()  # numbers held in object columns (after a transpose, say)
    else:
        array = np.asarray(source)
        if array.ndim == 1:
            array = array[:, None]
        if array.ndim != 2:
            raise ValueError(
                "Expected a table of shape (time, features). "
                f"Received: an array of shape {array.shape}"
            )
        frame = pd.DataFrame(array, columns=[f"feature_{i}" for i in range(array.shape[1])])
    if frame.shape[0] and frame.shape[1]:
        frame, _ = _without_empty_edges(frame, keep_columns=keep_columns)
    return _table_from_frame(frame, interpolate_missing, keep_columns)


def _missing_markers(as_text: dict) -> list:
    """The tokens (at most 3) that keep text columns from being numbers, where every other
    value is a number and the tokens are the fewer: a file's "no reading" marker (`.` in
    FRED's files, `?`, `-`); [] where the columns are text of another kind."""
    markers = set()
    for text in as_text.values():
        stripped = text.str.strip()
        numbers = stripped.str.match(_PLAIN_NUMBER)
        if not numbers.any() or (~numbers).sum() >= numbers.sum():
            return []
        markers.update(stripped[~numbers])
    return sorted(markers) if 0 < len(markers) <= 3 else []


def _archive_header(lines, path, extension, unit) -> list:
    """The `@` lines of a `.ts` or `.tsf` file above its `@data` line, read from the iterator
    `lines` (left at the first line of data): `(line number, lowercase key, value, line)`
    each. Refused without an `@data` line."""
    header = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if line.lower() == "@data":
            return header
        if line.startswith("@"):
            key, _, value = line[1:].partition(" ")
            header.append((number, key.lower(), value.strip(), line))
    raise ValueError(f"Expected a {extension} file with an @data line before its {unit}; {path!r} has none.")


def read_ts(path) -> tuple[list, list, pd.DataFrame]:
    """Reads a `.ts` file of the time-series classification archives (UCR/UEA, as
    timeseriesclassification.com and sktime ship them): one sequence per line, its
    dimensions separated by `:`, its steps by `,`, then its class label where
    `@classLabel true` (a number where `@targetLabel true`).

    Returns `(sequences, dimension names, labels)`: a `(steps, dimensions)` float array
    per line, `["value"]` for one dimension or `["dim_0", ...]`, and a DataFrame with a
    row per sequence and a `class` (or `target`) column, no column where the file has no
    label. `?` and `NaN` steps are missing values; a sequence shorter than its file's
    others is a shorter array. Time stamps (`@timeStamps true`) are refused.

    Example:

    >>> import os, tempfile
    >>> from tfgan_rnn.tables import read_ts
    >>> path = os.path.join(tempfile.mkdtemp(), "Motion_TRAIN.ts")
    >>> _ = open(path, "w").write("@problemName Motion\\n@univariate false\\n@classLabel true walk run\\n"
    ...                           "@data\\n1,2,3:4,5,6:walk\\n7,8:9,10:run\\n")
    >>> sequences, names, labels = read_ts(path)
    >>> sequences[0].tolist(), names, labels["class"].tolist()
    ([[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]], ['dim_0', 'dim_1'], ['walk', 'run'])
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No such data file. Received: {path!r}")
    sequences, labels = [], []
    with open(path, encoding="utf-8", errors="replace") as handle:
        lines = iter(handle)
        tags = {key: value for _, key, value, _ in _archive_header(lines, path, ".ts", "sequences")}
        if tags.get("timestamps", "false").lower() == "true":
            raise ValueError(f"{path!r} gives a time stamp with every value (@timeStamps true), which is not read; "
                             "export it without time stamps, or as a CSV of a sequence per row.")
        labelled = next((kind for kind, tag in (("class", "classlabel"), ("target", "targetlabel"))
                         if tags.get(tag, "false").split(" ")[0].lower() == "true"), None)
        for number, line in enumerate(lines, start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(":")
            if labelled:
                labels.append(parts.pop().strip())
            try:
                dimensions = [np.array([np.nan if v.strip() in ("?", "") else float(v) for v in part.split(",")])
                              for part in parts]
            except ValueError:
                raise ValueError(f"Line {number} after @data of {path!r} holds a value that is not a number: "
                                 f"{line[:80]!r}") from None
            if not dimensions or len({len(d) for d in dimensions}) > 1:
                raise ValueError(f"Line {number} after @data of {path!r} gives its dimensions different lengths "
                                 f"({', '.join(str(len(d)) for d in dimensions)} steps).")
            sequences.append(np.stack(dimensions, axis=-1))
    if not sequences:
        raise ValueError(f"{path!r} has no sequence after its @data line.")
    widths = {sequence.shape[1] for sequence in sequences}
    if len(widths) > 1:
        raise ValueError(f"The sequences of {path!r} have different numbers of dimensions: {sorted(widths)}.")
    width = widths.pop()
    names = ["value"] if width == 1 else [f"dim_{i}" for i in range(width)]
    frame = pd.DataFrame({labelled: pd.to_numeric(labels) if labelled == "target" else labels} if labelled else {},
                         index=range(len(sequences)))
    return sequences, names, frame


_TSF_TYPES = ("string", "numeric", "date")


def read_tsf(path) -> tuple[list, pd.DataFrame, dict]:
    """Reads a `.tsf` file of the Monash time series forecasting archive (as
    forecastingdata.org and sktime ship them): `@attribute NAME TYPE` lines (`string`,
    `numeric` or `date`), then `@data` and one series per line, its attributes' values and
    then its steps separated by `:`, the steps by `,` (`T1:1979-01-01 00-00-00:25092.2,...`).

    Returns `(series, attributes, tags)`: a `(steps, 1)` float array per line (`?` and
    `NaN` steps are missing values), a DataFrame with a row per series and a column per
    attribute (numbers for `numeric` ones, text otherwise), and the file's other `@` tags
    by lowercase name (`{"frequency": "monthly", "horizon": "24", ...}`).

    Example:

    >>> import os, tempfile
    >>> from tfgan_rnn.tables import read_tsf
    >>> path = os.path.join(tempfile.mkdtemp(), "tourism.tsf")
    >>> _ = open(path, "w").write("@relation tourism\\n@attribute series_name string\\n"
    ...                           "@attribute start_timestamp date\\n@frequency monthly\\n@data\\n"
    ...                           "T1:1979-01-01 00-00-00:1.5,2,?,4\\nT2:1980-06-01 00-00-00:7,8\\n")
    >>> series, attributes, tags = read_tsf(path)
    >>> series[0][:, 0].tolist(), attributes["series_name"].tolist(), tags["frequency"]
    ([1.5, 2.0, nan, 4.0], ['T1', 'T2'], 'monthly')
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No such data file. Received: {path!r}")
    names, kinds, tags, series, rows = [], [], {}, [], []
    with open(path, encoding="utf-8", errors="replace") as handle:
        lines = iter(handle)
        for number, key, value, line in _archive_header(lines, path, ".tsf", "series"):
            if key != "attribute":
                tags[key] = value
                continue
            name, _, kind = value.partition(" ")
            if kind.strip().lower() not in _TSF_TYPES:
                raise ValueError(f"Line {number} of {path!r} declares an attribute of type {kind.strip()!r}; a "
                                 f".tsf file's attributes are {', '.join(_TSF_TYPES)}. Received: {line[:80]!r}")
            names.append(name)
            kinds.append(kind.strip().lower())
        for number, line in enumerate(lines, start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            *values, steps = line.split(":", len(names))
            if len(values) != len(names):
                raise ValueError(f"Line {number} after @data of {path!r} holds {len(values)} of its {len(names)} "
                                 f"attributes ({', '.join(names)}) before its steps: {line[:80]!r}")
            try:
                fields = steps.split(",")
                if "?" in steps or "" in fields:  # missing steps
                    fields = ["nan" if v.strip() in ("?", "") else v for v in fields]
                series.append(np.array(fields, dtype=np.float64)[:, None])
            except ValueError:
                raise ValueError(f"Line {number} after @data of {path!r} holds a step that is not a number: "
                                 f"{line[:80]!r}") from None
            rows.append(values)
    if not series:
        raise ValueError(f"{path!r} has no series after its @data line.")
    attributes = pd.DataFrame(rows, columns=names, index=range(len(series)))
    for name, kind in zip(names, kinds):
        if kind == "numeric":
            attributes[name] = pd.to_numeric(attributes[name], errors="coerce")
    return series, attributes, tags


def spread_variables(frame: pd.DataFrame, variable_column, keep_columns=()) -> pd.DataFrame:
    """Long-format rows, one value per row beside a column naming its variable, as one
    column per variable: `date,variable,value` rows become `date,temp,humidity,...` rows.

    A row of the result gathers the values of one time: one value of the date/time
    columns (and of `keep_columns`, a series key or a condition, kept as they are), or,
    with no date/time column, the k-th row of each variable in the file's order. Rows
    and the new columns keep the order in which they first appear. A variable missing at
    a time is a missing value (then `interpolate_missing`); a variable given twice for
    the same time is refused. With several value columns (`value`, `flag`), the new ones
    are named `value_temp`, `flag_temp`, ...

    Example:

    >>> import pandas as pd
    >>> from tfgan_rnn.tables import spread_variables
    >>> long = pd.DataFrame({"date": ["2024-01-01", "2024-01-01", "2024-01-02", "2024-01-02"],
    ...                      "variable": ["temp", "wind", "temp", "wind"], "value": [1.5, 3.0, 2.5, 4.0]})
    >>> spread_variables(long, "variable")
             date  temp  wind
    0  2024-01-01   1.5   3.0
    1  2024-01-02   2.5   4.0
    """
    names = [str(name) for name in frame.columns]
    if variable_column not in frame.columns:
        raise ValueError(f"The data has no column {variable_column!r} naming each row's variable."
                         f"{did_you_mean(variable_column, names)} Its columns: {names}")
    variable = frame[variable_column]
    if variable.isna().any():
        raise ValueError(f"Column {variable_column!r} names no variable in {int(variable.isna().sum())} row(s), "
                         f"e.g. row {int(np.flatnonzero(variable.isna())[0]) + 1} of the data; every row needs one.")
    kept = [name for name in frame.columns if name in keep_columns and name != variable_column]
    times = [name for name in frame.columns if name != variable_column and name not in kept
             and (_is_time_column(name, frame[name])  # a year goes up within each variable's rows
                  or _is_numeric_timeline(name, frame[name], variable.to_numpy()))]
    values = [name for name in frame.columns if name not in (variable_column, *kept, *times)]
    if not values:
        raise ValueError(f"Besides {variable_column!r} and the date/time and kept columns, the data has no "
                         f"column of values to spread. Its columns: {names}")
    keys = frame[[*times, *kept]].astype(str)
    if not times:  # the k-th row of each variable (within each series) is the k-th time
        keys = keys.assign(_step=frame.groupby([*kept, variable_column], sort=False).cumcount().to_numpy())
    rows = (keys.groupby(list(keys.columns), sort=False).ngroup().to_numpy() if keys.shape[1]
            else np.zeros(len(frame), dtype=int))  # numbered in the order they first appear
    columns, variables = pd.factorize(variable.astype(str).str.strip(), sort=False)
    twice = pd.DataFrame({"row": rows, "column": columns}).duplicated()
    if twice.any():
        first = int(np.flatnonzero(twice)[0])
        at = ", ".join(f"{name}={frame[name].iloc[first]}" for name in [*times, *kept])
        raise ValueError(f"Variable {variables[columns[first]]!r} has two values for the same time"
                         + (f" ({at})" if at else "") + f", e.g. row {first + 1} of the data. Keep one row per "
                         "time and variable, or name the column that tells them apart with --series-column "
                         "(`keep_columns` in Python).")
    clash = [name for name in variables if len(values) == 1 and name in [*map(str, times), *map(str, kept)]]
    if clash:
        raise ValueError(f"Variable(s) {clash} of {variable_column!r} have the name of a column kept beside them; "
                         "rename them in the data.")
    firsts = np.unique(rows, return_index=True)[1]
    wide = {name: frame[name].to_numpy()[firsts] for name in [*times, *kept]}
    for value in values:
        grid = np.full((len(firsts), len(variables)), np.nan, dtype=object)  # a time per row, a variable per column
        grid[rows, columns] = frame[value].to_numpy()
        for index, name in enumerate(variables):
            wide[name if len(values) == 1 else f"{value}_{name}"] = pd.Series(grid[:, index]).infer_objects()
    logger.warning("tfgan_rnn: spread the %d rows of %s into %d column(s) (%s), %d row(s), one per time%s.",
                   len(frame), f"{variable_column!r}", len(wide) - len(times) - len(kept),
                   ", ".join(map(str, variables[:6])) + (", ..." if len(variables) > 6 else ""), len(firsts),
                   f" ({', '.join(map(str, times))})" if times else " (the k-th row of each variable)")
    return pd.DataFrame(wide)


def did_you_mean(name, columns) -> str:
    """" Did you mean 'zone_id'?" where a column's name is close to `name` (the same but for
    case or spaces, or by `difflib`'s measure), else ""."""
    import difflib

    names = [str(column) for column in columns]
    folded = {re.sub(r"[\s_-]+", "", candidate.lower()): candidate for candidate in names}
    close = folded.get(re.sub(r"[\s_-]+", "", str(name).lower()))
    close = close or next(iter(difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)), None)
    return f" Did you mean {close!r}?" if close is not None and close != name else ""


def _shell_word(name) -> str:
    """A column name as a shell takes it in a flag: `'Country Name'`, `temp` as it is."""
    import shlex

    return shlex.quote(str(name))


def _tells_series_apart(column: pd.Series, timeline) -> str | None:
    """How a text column tells series apart, or None: "times" where each time of `timeline`
    repeats once per value of it (`symbol,date,price`), "blocks" where, without a timeline,
    its values (64 at most) come in blocks of two rows or more (a country's years, then the
    next country's)."""
    values = column.dropna().astype(str)
    distinct = values.nunique()
    if distinct < 2:
        return None
    if timeline is not None:
        pairs = pd.DataFrame({"time": timeline.astype(str).to_numpy(), "value": column.astype(str).to_numpy()})
        if pairs["time"].duplicated().any() and not pairs.duplicated().any():
            return "times"
    if timeline is None and distinct <= 64 and len(values) >= 2 * distinct:
        return "blocks" if int((values != values.shift()).sum()) == distinct else None
    return None


def series_column_of(frame: pd.DataFrame):
    """The name of the one text column of `frame` that tells its series apart, or None:
    each time repeats once per value of it, or, without a column of times, its values come
    in blocks of rows (`_tells_series_apart`); a table of no other text but a constant, its
    times or other names of the same series (vega's `symbol,date,price`: five stocks' monthly
    prices one after another; Ecdat's `country,year,...`, each country's years from 1960
    again; the World Bank's `Country Name,Country Code,...`: the first of the names, each
    code going with one name and each name with one code), or a list of the text columns that
    name them together, each within the other (a province within its country), where each of
    their combinations has a row at every time (Johns Hopkins' COVID files: `Province/State`,
    empty where a country is counted whole, and `Country/Region`), or the one text column that
    names the series beside others of a few categories that change within them
    (`category_columns_within`: a city's weather, `city,date,temp,weather`), or the text column
    whose every value goes with one value of each other (gapminder's `country`, beside its
    `continent` and `iso_alpha`: labels and names of the series, which `load_panel` drops).
    Without dates, a numeric year (or `age`, `wave`, ...: `_counts_series_time`) that repeats
    is their time, where each series has two rows or more on average and its years go up (a
    country's `year`; not a film's, each in its year). Before them, a column of
    whole numbers that names the series (`numbered_series_column`: plm's `firm,year,...`),
    where every text column is the same on all of a number's rows (a label) or holds a few
    categories (`category_columns_within`).

    Example:

    >>> import pandas as pd
    >>> from tfgan_rnn.tables import series_column_of
    >>> prices = pd.DataFrame({"symbol": ["A", "A", "B", "B"], "date": ["2000-01", "2000-02"] * 2,
    ...                        "price": [1.0, 1.5, 20.0, 21.0]})
    >>> series_column_of(prices), series_column_of(prices.drop(columns="symbol"))
    ('symbol', None)
    """
    frame = frame.drop(columns=[name for name in frame.columns if _is_index_column(name, frame[name])])
    times = _time_columns(frame)
    text = [name for name in _text_columns(frame) if name not in times and frame[name].nunique() > 1]
    numbered = numbered_series_column(frame)
    if isinstance(numbered, list):  # a store's departments (Walmart's `Store,Dept`), a center's patients
        together = combine_series_columns(frame, numbered)
        return numbered if category_columns_within(together, SERIES_SEPARATOR.join(numbered)) == [] else None
    if numbered is not None and category_columns_within(frame, numbered) is not None:
        return numbered  # a firm's number, its text the same on all its rows (a sector) or a few categories
    if not text:
        return None
    timeline = frame[times[0]] if times else None
    found = _text_series_column(frame, text, timeline)
    shared = [name for name in frame.columns if name not in text and _counts_series_time(name, frame[name])]
    if found is None and timeline is None and shared:  # a year the series share (gapminder's `country,year,...`)
        year = frame[shared[0]]
        found = _text_series_column(frame, text, year)
        if found is None:
            return None
        codes = frame.groupby(found, sort=False, dropna=False).ngroup()  # (a province empty, its country set)
        if len(frame) < _ROWS_PER_SERIES * (int(codes.max()) + 1):
            return None  # a row or so each: no series (a film's title, each in its year)
        if not year.groupby(codes).is_monotonic_increasing.all():
            return None  # years back and forth within one: no series' time (people's ages at a site)
    return found


_ROWS_PER_SERIES = 2  # rows a series has on average, at least, where its name is guessed beside labels or a year


def _text_series_column(frame: pd.DataFrame, text: list, timeline):
    """`series_column_of`'s reading of the `text` columns beside `timeline` (None: no time)."""
    if len(text) > 1:
        first = frame[text[0]]
        if not frame[text].notna().all().all() or not all(  # more names of the same series: the first of them
                _nested(frame[name], first) and _nested(first, frame[name]) for name in text[1:]):
            # columns that name the series together (a province and its country; the province may be empty)
            if timeline is None or not frame[text].notna().any(axis=1).all():
                return None
            # one names the series, the others the same on all of its rows: its labels or names (gapminder's
            # `country`, its `continent` and `iso_alpha`)
            finest = max(text, key=lambda name: frame[name].nunique())
            if (frame[finest].notna().all() and all(_nested(frame[finest], frame[name]) for name in text)
                    and len(frame) >= _ROWS_PER_SERIES * frame[finest].nunique()
                    and _tells_series_apart(frame[finest], timeline) == "times"):
                return finest
            if not all(_nested(frame[a], frame[b]) or _nested(frame[b], frame[a])
                       for position, a in enumerate(text) for b in text[position + 1:]):
                # one names the series, each time once, the others are a few categories changing within them (a
                # city's weather); else crossed (a country and an indicator): series, or variables of each series?
                named = [name for name in text if frame[name].notna().all()
                         and _tells_series_apart(frame[name], timeline) == "times"
                         and category_columns_within(frame, name) is not None]
                return named[0] if len(named) == 1 else None
            together = combine_series_columns(frame[text], text).iloc[:, 0]
            every_time = together.value_counts().eq(timeline.astype(str).nunique()).all()  # not a category's days
            return list(text) if every_time and _tells_series_apart(together, timeline) == "times" else None
    if frame[text[0]].isna().any():
        return None
    return text[0] if _tells_series_apart(frame[text[0]], timeline) is not None else None


# Names of a numeric column that counts a series' own time (besides those `_is_numeric_timeline`
# reads): growth data's `age`, a study's `visit`, a panel's `wave`, an engine's `cycle`.
_SERIES_TIME_NAMES = frozenset(("age", "visit", "wave", "week", "weeks", "month", "months", "occasion", "period",
                                "cycle", "cycles"))


# Words of a name that make a column of whole numbers a part of the time, not a series' number
# (NASA POWER's `YEAR,MO,DY,HR`, a `day_of_week`), besides the calendar parts' own names.
_TIME_PART_WORDS = frozenset(("mo", "mn", "mm", "m", "dy", "dd", "d", "hh", "h", "hr", "wk", "w", "q", "qtr", "min",
                              "sec", "s", "yr", "yy", "month", "day", "hour", "minute", "second", "week", "quarter",
                              "weekday", "dow", "doy"))


def _counts_series_time(name, column: pd.Series) -> bool:
    """A numeric column named as a time (`_is_numeric_timeline`'s names, a year, `age`, `visit`,
    ...) whose values repeat: the time of several series, each counting it on its own rows."""
    named = (_named_as_timeline(name) or _SERIES_TIME_NAMES.intersection(_name_tokens(name))
             or _is_year(name, column))
    if not named or not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return False
    return not column.isna().any() and column.nunique() >= 2 and bool(column.duplicated().any())


def _names_a_time(name) -> bool:
    """Whether a column's name makes its whole numbers a time or a part of one (`hour`, `MO`)."""
    return bool(_named_as_timeline(name) or str(name).strip().lower() in _CALENDAR_PARTS.keys() | _CLOCK_NAMES
                | _DAY_NUMBER_NAMES or _name_tokens(name) & (_SERIES_TIME_NAMES | _TIME_PART_WORDS))


# Words of a name that make its whole numbers the number of a store, a station or a subject (a
# series), where nothing else tells them from a part of the time (an hour beside dates).
_SERIES_NUMBER_WORDS = frozenset((
    "id", "nr", "nbr", "no", "store", "shop", "branch", "station", "site", "sensor", "meter",
    "detector", "device", "unit", "machine", "engine", "turbine", "pump", "plant", "building", "household",
    "house", "customer", "client", "user", "account", "subject", "patient", "person", "individual", "firm", "company",
    "item", "product", "sku", "dept", "department", "state", "county", "district", "region", "zone", "city",
    "country", "location", "farm", "school", "warehouse", "route", "node", "series"))


def _names_a_series_number(name) -> bool:
    """Whether a column's name calls its numbers a series' (`Store`, `store_nbr`, `StationID`)."""
    words = re.sub(r"([a-z])([A-Z])", r"\1 \2", str(name).strip())
    return bool(_name_tokens(words) & _SERIES_NUMBER_WORDS)


def _in_blocks(codes) -> bool:
    """Whether the rows of each code (a series' number) come together, one block each."""
    codes = np.asarray(codes)
    return int(np.count_nonzero(np.diff(codes))) == len(np.unique(codes)) - 1


def numbered_series_column(frame: pd.DataFrame):
    """The name of a column of whole numbers that tells the series of a panel apart (a firm's,
    a state's or a subject's number), or None: beside a time that several series share (a
    numeric time, `_counts_series_time`, or dates), each number has its own rows, one per time,
    in time order, and the numbers come in blocks of rows (plm's `Grunfeld`: `firm,year,...`,
    each firm's twenty years, then the next firm's), or in rows sorted by the time, about as
    many numbers as rows at one time, beside a numeric time (R's `ChickWeight` sorted by
    `time`: its 50 chicks at day 0, then at day 2, ...) or beside dates where the name calls
    them a series' (Rossmann's `Store`, its 1,115 stores at each date, newest first; an
    `hour` looks the same). Where several columns qualify, the one of fewest values; where
    none does, a list of two that together do in blocks of rows (Walmart's `Store,Dept`: each
    store's departments' weeks one after another). A number named as a time or a part of a
    date (an `hour`) is no series'.

    Example:

    >>> import pandas as pd
    >>> from tfgan_rnn.tables import numbered_series_column
    >>> firms = pd.DataFrame({"firm": [1, 1, 1, 2, 2, 2], "year": [1935, 1936, 1937] * 2,
    ...                       "investment": [317.6, 391.8, 410.6, 209.9, 355.3, 469.9]})
    >>> numbered_series_column(firms), numbered_series_column(firms[firms.firm == 1])
    ('firm', None)
    """
    frame = frame.drop(columns=[name for name in frame.columns if _is_index_column(name, frame[name])])
    if len(frame) < 4:
        return None
    times = {}  # each shared time's values (numbers or parsed dates), and whether they are dates
    for name in frame.columns:
        column = frame[name]
        if _counts_series_time(name, column):
            times[name] = column.to_numpy(dtype="float64"), False
        elif (not pd.api.types.is_numeric_dtype(column) and column.notna().all() and column.duplicated().any()
              and _is_time_column(name, column)):
            parsed = _parsed_times(column)
            if parsed.notna().all():
                times[name] = parsed.to_numpy(dtype="datetime64[ns]").astype("int64"), True
    if not times:
        return None
    if any(is_date and np.all(np.diff(values) <= 0) for values, is_date in times.values()):
        # the rows run back in time (newest first), as load_table reads them oldest first
        frame = frame.iloc[::-1].reset_index(drop=True)
        times = {name: (values[::-1], is_date) for name, (values, is_date) in times.items()}
    # ... whether the rows are sorted by it, and its most rows at one time
    times = {name: (values, is_date, bool(np.all(np.diff(values) >= 0)),
                    int(pd.Series(values).value_counts().iloc[0]))
             for name, (values, is_date) in times.items()}
    candidates = [key for key in frame.columns
                  if key not in times and pd.api.types.is_integer_dtype(frame[key])
                  and not pd.api.types.is_bool_dtype(frame[key]) and not _names_a_time(key)
                  and _could_name_series(frame[key])]

    def in_each_series_once_in_order(codes, values) -> bool:  # no time twice in a series, none going back
        pairs = pd.DataFrame({"key": codes, "time": values})
        return not pairs.duplicated().any() and pairs.groupby("key", sort=False)["time"].is_monotonic_increasing.all()

    found = []
    for key in candidates:
        codes = pd.factorize(frame[key])[0]
        in_blocks = _in_blocks(codes)
        for values, is_date, in_order, most_at_a_time in times.values():
            if not in_each_series_once_in_order(codes, values):
                continue
            interleaved = in_order and frame[key].nunique() <= 2 * most_at_a_time
            if in_blocks or (interleaved and (not is_date or _names_a_series_number(key))):
                found.append(key)
                break
    if found:
        return min(found, key=lambda name: frame[name].nunique())
    for pair in itertools.combinations(candidates[:_MAX_KEY_CANDIDATES], 2):
        codes = frame.groupby(list(pair), sort=False).ngroup().to_numpy()
        series = int(codes.max()) + 1
        if series > len(frame) // 2 or not _in_blocks(codes):
            continue  # a pair on nearly every row its own, or a pair's rows apart
        if any(series <= 4 * most_at_a_time and in_each_series_once_in_order(codes, values)
               for values, _, _, most_at_a_time in times.values()):
            return list(pair)  # each pair's rows together, each time once in order
    return None


def _nested(inner: pd.Series, outer: pd.Series) -> bool:
    """Whether each value of `inner` goes with one value of `outer` where both are set (a
    province with its country)."""
    both = inner.notna() & outer.notna()
    return bool(both.any()) and outer[both].astype(str).groupby(inner[both].astype(str)).nunique().max() == 1


_GUESSED_CATEGORIES = 20  # categories a text column holds at most to be generated without being named


def category_columns_of(frame: pd.DataFrame) -> list:
    """The text columns of `frame` that `load_table` would refuse, where every one holds a few
    categories (2 to 20, each on two rows or more on average, most not numbers)
    that tell no series apart (Seattle's `weather`: sun, rain, fog, drizzle, snow), in order;
    [] where there are none, where another would be refused too (an identifier, a note), or
    where most rows share their time with another (several series in one table).

    Example:

    >>> import pandas as pd
    >>> from tfgan_rnn.tables import category_columns_of
    >>> days = pd.DataFrame({"date": pd.date_range("2012-01-01", periods=6).strftime("%Y-%m-%d"),
    ...                      "temp": [5.0, 6.1, 4.2, 3.3, 7.4, 6.0],
    ...                      "weather": ["rain", "sun", "sun", "fog", "rain", "sun"]})
    >>> category_columns_of(days), category_columns_of(days.drop(columns="weather"))
    (['weather'], [])
    """
    frame = frame.drop(columns=[name for name in frame.columns if _is_index_column(name, frame[name])])
    times = _time_columns(frame)
    timeline = frame[times[0]] if times else None
    if times and frame[times].duplicated(keep=False).mean() > _REPEATED_TIME_SHARE:  # (year, month, day, hour)
        return []  # several series in one table (a series per row, read as a row per time and row): no categories
    found = []
    for name in _text_columns(frame):
        column = frame[name]
        values = column.dropna().astype(str)
        if name in times or (values.nunique() == 1 and len(values) == len(column)) or _is_flag_text(column):
            continue  # read as the time, or dropped: the same text throughout, a flag
        if not _few_categories(column) or _tells_series_apart(column, timeline) is not None:
            return []
        found.append(name)
    return found


def _few_categories(column: pd.Series) -> bool:
    """Text of 2 to `_GUESSED_CATEGORIES` values, each on two rows or more on average, most not
    numbers: a column of categories."""
    values = column.dropna().astype(str)
    distinct = values.nunique()
    numbers = pd.to_numeric(values.str.replace(",", "."), errors="coerce").notna().mean() if len(values) else 0
    return 2 <= distinct <= _GUESSED_CATEGORIES and len(values) >= 2 * distinct and numbers <= 0.5


def category_columns_within(frame: pd.DataFrame, series_column) -> list | None:
    """The text columns of a panel whose values change within a series of `series_column` (a
    worker's `union` membership, a state's `jaild` law), in order, where each holds a few
    categories (`_few_categories`), to generate as categories; None where one does not (an
    identifier, a note). Text the same on all of a series' rows is its label, which the panel
    drops; dates, constant text and flags are read as `load_table` reads them.

    Example:

    >>> import pandas as pd
    >>> from tfgan_rnn.tables import category_columns_within
    >>> states = pd.DataFrame({"state": [1, 1, 1, 2, 2, 2], "year": [1982, 1983, 1984] * 2,
    ...                        "region": ["south"] * 3 + ["west"] * 3, "jaild": ["no", "yes", "yes", "no", "no", "yes"],
    ...                        "deaths": [2.1, 2.3, 2.2, 1.9, 1.8, 2.0]})
    >>> category_columns_within(states, "state")
    ['jaild']
    """
    times = _time_columns(frame.drop(columns=[series_column]), series_keys=frame[series_column])
    varying = [name for name in _text_columns(frame) if name != series_column and name not in times
               and frame[name].nunique() > 1 and not _is_flag_text(frame[name])
               and not _nested(frame[series_column], frame[name])]
    return varying if all(_few_categories(frame[name]) for name in varying) else None


def _text_column_reading(column: pd.Series, name, timeline) -> str:
    """What a text column seems to be, with the CLI flag that reads it so ("" if unclear):
    a series or variable name where each time repeats once per value of it, a series name
    where its values come in blocks of rows, a category where it has few values, an
    identifier where nearly every row has its own value."""
    values = column.dropna().astype(str)
    distinct = values.nunique()
    if not distinct:
        return ""
    shown = ", ".join(values.unique()[:4]) + (", ..." if distinct > 4 else "")
    flag = _shell_word(name)
    if distinct == 1 and len(values) < len(column) / 2:  # Metro traffic's `holiday`: "None" (empty) but on holidays
        return (f"{name!r} is empty on {len(column) - len(values)} of {len(column)} rows and holds {shown} on the "
                f"others, a marker of events to leave out (--drop-columns {flag})")
    if distinct == 1:
        return f"{name!r} holds one value throughout ({shown}), to leave out (--drop-columns {flag})"
    if distinct > 64 and distinct >= 0.9 * len(values):
        return (f"{name!r} has its own value on nearly every row, an identifier or a note to leave out "
                f"(--drop-columns {flag})")
    telling = _tells_series_apart(column, timeline)
    if telling == "times":
        return (f"each time repeats once per value of {name!r} ({distinct}: {shown}), so it names a series "
                f"(--series-column {flag}) or a variable (--variable-column {flag})")
    if distinct > 64:
        return ""
    if telling == "blocks":
        return f"{name!r} comes in blocks of rows ({distinct}: {shown}), so it names a series (--series-column {flag})"
    return (f"{name!r} holds {distinct} categories ({shown}), one to generate (--categorical-columns {flag}), "
            f"to condition on (--condition-column {flag}) or to leave out (--drop-columns {flag})")


# The share of rows sharing their time with another beyond which a table is taken for several
# series in one (a few do where a clock repeats an hour as daylight saving time ends).
_REPEATED_TIME_SHARE = 0.5
_MAX_KEY_CANDIDATES = 12  # the columns, from the left, tried alone and in pairs as what tells the series apart


def _could_name_series(column: pd.Series) -> bool:
    """Text or whole numbers (a store's number), with fewer values than half the rows."""
    named = (column.dtype == object or pd.api.types.is_string_dtype(column)
             or (pd.api.types.is_integer_dtype(column) and not pd.api.types.is_bool_dtype(column)))
    return named and column.notna().all() and 2 <= column.nunique() <= len(column) // 2


def _times_of_day_each_day(frame: pd.DataFrame, time_columns, series_keys) -> bool:
    """Whether the only time is one column of times of day (`00:30:00`, `18.00.00`) that go
    up on every row (within each series) but where a new day starts: a log of several
    days without its dates, whose times repeat once a day, not once a series."""
    if len(time_columns) != 1 or not pd.api.types.is_string_dtype(frame[time_columns[0]]):
        return False
    text = frame[time_columns[0]].astype(str).str.strip()
    if not text.str.match(_CLOCK_TIME).all():
        return False
    parts = text.str.extract(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?")
    seconds = parts[0].astype(int) * 3600 + parts[1].astype(int) * 60 + parts[2].fillna(0).astype(int)
    seconds = seconds.to_numpy() + 43200 * text.str.contains(r"[pP]\.?[mM]").to_numpy() * (parts[0] != "12")
    groups = _series_codes(series_keys, len(frame))
    same_series = groups[1:] == groups[:-1]
    steps = np.diff(seconds)[same_series]
    # each day's times in order: the time goes down only where a day starts, back to its first hours
    return (bool(steps.size) and not (steps == 0).any()
            and int((steps < 0).sum()) * len(np.unique(seconds)) <= len(frame) + 1)


def _check_one_row_per_time(frame: pd.DataFrame, time_columns, series_keys, keep_columns) -> None:
    """Refuses a table whose dates repeat on most rows (of each series, with `series_keys`)
    where other columns tell those rows apart as series that text names, or that the file
    lists one after another (Walmart's `Store,Dept,Date,Weekly_Sales`): rows of several
    series read as one would mix them. Where whole numbers beside interleaved rows tell
    them apart (a store number, or an hour), or nothing does, it is a notice."""
    if not any(_is_time_column(name, frame[name]) for name in time_columns) or len(frame) < 4:
        return
    series_name = getattr(series_keys, "name", None)

    def within_series(columns) -> pd.DataFrame:  # the columns, and each row's series in front of them
        part = frame[list(columns)].reset_index(drop=True)
        if series_keys is not None:
            part.insert(0, "\x1e", np.asarray(series_keys))
        return part

    times = within_series(time_columns)
    repeated = times.duplicated(keep=False)
    if repeated.mean() <= _REPEATED_TIME_SHARE or _times_of_day_each_day(frame, time_columns, series_keys):
        return
    counts = times.value_counts(sort=True)
    example, most = counts.index[0], int(counts.iloc[0])
    example = example[-len(time_columns):] if isinstance(example, tuple) else (example,)
    shown = " ".join(map(str, example))
    candidates = [name for name in frame.columns
                  if name not in time_columns and name not in keep_columns and _could_name_series(frame[name])]
    candidates = candidates[:_MAX_KEY_CANDIDATES]  # pairs of a survey's hundred answers would take minutes
    found = None
    for size in (1, 2):
        for names in itertools.combinations(candidates, size):
            keys = frame[list(names)].reset_index(drop=True)
            if not pd.concat([times, keys], axis=1).duplicated().any() and len(keys.drop_duplicates()) <= 4 * most:
                found = list(names)
                break
        if found:
            break
    within = f" within each series of {series_name!r}" if series_keys is not None else ""
    dates = (f"dates in {time_columns[0]!r}" if len(time_columns) == 1
             else f"times in {', '.join(map(repr, time_columns))}")
    share = f"{int(repeated.sum())} of {len(frame)} rows share theirs with another ({shown} on {most} rows)"
    if found is None:
        logger.warning("tfgan_rnn: %s repeat%s: %s; read in file order. If the rows hold several series, name the "
                       "column(s) that tell them apart (--series-column).", dates, within, share)
        return
    series_names = [series_name] if series_name is not None else []
    flag = SERIES_SEPARATOR.join(map(str, [*series_names, *found]))
    keys = within_series(found)
    codes = keys.groupby(list(keys.columns), sort=False).ngroup().to_numpy()
    in_blocks = _in_blocks(codes)  # each series' rows together
    texts = [name for name in found if not pd.api.types.is_numeric_dtype(frame[name])]
    if series_keys is None and texts == found and len(found) == 1:
        return  # a series or a variable (long format): the refusal of text columns says both
    if not (texts or in_blocks):
        logger.warning("tfgan_rnn: %s repeat%s: %s, told apart by %s; read in file order. If %s names each row's "
                       "series, pass --series-column %s.", dates, within, share, ", ".join(map(repr, found)),
                       " and ".join(map(repr, found)), flag)
        return
    long_format = ""
    if texts:  # or a variable's name, with the others, if any, telling the series apart
        rest = [*series_names, *(name for name in found if name != texts[-1])]
        long_format = (f" If {texts[-1]!r} names each row's variable instead (long format), spread it: "
                       f"--variable-column {_shell_word(str(texts[-1]))}"
                       + (f" --series-column {_shell_word(SERIES_SEPARATOR.join(map(str, rest)))}" if rest else "")
                       + ".")
    raise ValueError(
        f"The {dates} repeat{within}: {share}, told apart by {', '.join(map(repr, found))}, so the rows hold "
        f"several series, which read as one would be mixed. Read a series per value: --series-column {flag} "
        f"(`load_panel(path, {[*series_names, *found]!r})`), or drop the column(s) to read the rows in file order "
        f"(--drop-columns {','.join(map(str, found))}).{long_format}")


_FLAG_ROWS = 10  # rows from which a column of 1s and empty cells is read as a flag


def _is_flag_text(column: pd.Series) -> bool:
    """Mostly empty, a letter or two where set: a quality or source flag (GHCN-daily's Q_FLAG)."""
    return (len(column) >= _FLAG_ROWS and column.isna().mean() > 0.5
            and column.dropna().astype(str).str.fullmatch(r"\s*[^\d\s]{1,2}\s*").all())


_GAP_STEPS = 10  # a time step this many times the usual one is a gap in the recording


def _warn_of_time_gaps(column: pd.Series) -> None:
    """A notice where a time column increasing on every row has gaps (a step more than
    `_GAP_STEPS` times the median one): a sensor's days-long outage, a market's nights.
    Windows across a gap join the readings either side of it."""
    if pd.api.types.is_numeric_dtype(column) or len(column) < 3:
        return
    times = _parsed_times(column)
    if times.isna().any():
        return
    steps = times.diff().iloc[1:]
    usual = steps.median()
    if usual <= pd.Timedelta(0) or (steps <= pd.Timedelta(0)).any():
        return
    gaps = steps > _GAP_STEPS * usual
    if not gaps.any():
        return
    longest = int(np.argmax(steps.to_numpy()))  # the step from row `longest` to the next

    def shown(step):
        return str(step).removeprefix("0 days ")

    logger.warning("tfgan_rnn: the times in %r have %d gap(s) of more than %d usual steps (%s), the longest %s "
                   "after %s: a window across a gap joins the readings either side of it. To keep the stretches "
                   "apart, number them in a column and pass it as the series column (CLI: --series-column).",
                   str(column.name), int(gaps.sum()), _GAP_STEPS, shown(usual), shown(steps.max()),
                   column.iloc[longest])


_COUNT_MIN_TOP = 60  # a count that goes beyond this is no calendar field (a minute, day, week or month)


def _warn_of_restarting_counts(frame: pd.DataFrame) -> None:
    """A notice where a column of whole numbers counts up by one on every row and starts
    again from its first value now and then, beyond `_COUNT_MIN_TOP` (NASA's turbofan
    files: each engine's cycles 1, 2, ..., the engines one after another, a unit number
    beside them): the rows hold several series one after another, which windows across a
    restart would join. Names the column that changes exactly where the count starts
    again, if one does, as the series column."""
    for name in frame.columns:
        column = frame[name]
        if (not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)
                or len(column) <= _COUNT_MIN_TOP or column.iloc[1] - column.iloc[0] != 1 or column.isna().any()):
            continue  # (a count starts with a step of 1, and runs beyond _COUNT_MIN_TOP rows)
        values = column.to_numpy(dtype="float64")
        restarts = np.diff(values) != 1
        count = int(restarts.sum())
        if (count == 0 or values.max() <= _COUNT_MIN_TOP or not np.array_equal(values, np.round(values))
                or not (values[1:][restarts] == values[0]).all()):
            continue
        keys = [other for other in frame.columns if other != name
                and np.array_equal(frame[other].ne(frame[other].shift()).to_numpy()[1:], restarts)]
        fix = (f"read a series per value of {keys[0]!r} and leave the count out: --series-column {keys[0]} "
               f"--drop-columns {name}" if keys else
               f"number the series in a column, pass it as --series-column and leave the count out: --drop-columns "
               f"{name}")
        logger.warning("tfgan_rnn: %r counts %g, %g, %g, ... a row and starts again %d time(s): the rows seem to hold "
                       "%d series one after another, which windows across a restart would join. To keep them apart, "
                       "%s.", str(name), values[0], values[0] + 1, values[0] + 2, count, count + 1, fix)
        return


def _table_from_frame(frame: pd.DataFrame, interpolate_missing: bool, keep_columns, series_keys=None) -> Table:
    """`load_table` once the source is a DataFrame; `series_keys` (a panel's series of each
    row, aligned with `frame`): a timeline of numbers need only never go down within each."""
    if frame.shape[1] == 0 or frame.shape[0] == 0:
        raise ValueError(f"The data has no rows or no columns. Received: shape {frame.shape}")
    # A trailing separator on every line; a reading the station never took (Meteostat's `snow`)
    empty = [name for name in frame.columns if name not in keep_columns and frame[name].isna().all()]
    if empty and len(empty) < frame.shape[1]:
        logger.warning("tfgan_rnn: dropping empty column(s) %s: no values at all.", ", ".join(map(str, empty)))
        frame = frame.drop(columns=empty)
    index_columns = [name for name in frame.columns
                     if name not in keep_columns and _is_index_column(name, frame[name])]
    if index_columns and len(index_columns) < frame.shape[1]:
        logger.warning("tfgan_rnn: dropping row-index column(s) %s.", ", ".join(map(str, index_columns)))
        frame = frame.drop(columns=index_columns)
    time_columns = _time_columns(frame, keep_columns, series_keys)
    _check_one_row_per_time(frame, time_columns, series_keys, keep_columns)
    numbered = None
    if series_keys is None and not any(_is_time_column(name, frame[name]) for name in time_columns):
        numbered = numbered_series_column(frame.drop(columns=list(keep_columns), errors="ignore"))  # (dates: above)
    if numbered is not None:
        logger.warning("tfgan_rnn: the rows hold %d series told apart by %r, each with its own rows in time, read "
                       "as one series, which windows across them would join. To keep them apart, read a series per "
                       "value: load_panel(source, %r) (CLI: --series-column %s).", frame[numbered].nunique(),
                       str(numbered), numbered, _shell_word(numbered))
    timeline = frame[time_columns[0]] if time_columns else None  # for what a text column seems to be
    if time_columns:
        logger.warning("tfgan_rnn: dropping date/time column(s) %s.", ", ".join(map(str, time_columns)))
        if series_keys is None:
            _warn_of_time_gaps(frame[time_columns[0]])
        frame = frame.drop(columns=time_columns)
    if series_keys is None and numbered is None:
        _warn_of_restarting_counts(frame)
    non_numeric = [
        name for name in frame.columns
        if not (pd.api.types.is_numeric_dtype(frame[name]) or pd.api.types.is_bool_dtype(frame[name]))
    ]
    # The same text on every row (a weather station's id and name in its export): nothing to learn.
    constant = [name for name in non_numeric
                if len(frame) > 1 and frame[name].notna().all() and frame[name].nunique() == 1]
    if len(constant) == frame.shape[1]:
        constant = []  # no column left to learn from: the error below names them
    if constant:
        logger.warning("tfgan_rnn: dropping column(s) %s, the same text on every row (%s): nothing to learn.",
                       ", ".join(map(str, constant)), ", ".join(repr(str(frame[name].iloc[0])) for name in constant))
        frame = frame.drop(columns=constant)
    # In a panel, the same text throughout each series (the M5 files' item_id beside its id): the series' label.
    labels = [] if series_keys is None else [
        name for name in non_numeric if name not in constant and name not in keep_columns and frame[name].notna().all()
        and frame[name].groupby(np.asarray(series_keys), sort=False).nunique().eq(1).all()]
    if labels and len(labels) < frame.shape[1]:
        logger.warning("tfgan_rnn: dropping column(s) %s, the same text throughout each series: a label of the "
                       "series, nothing to learn from step to step.", ", ".join(map(str, labels)))
        frame = frame.drop(columns=labels)
        constant += labels
    # Mostly empty, a letter or two where set: a quality or source flag (GHCN-daily's Q_FLAG, M_FLAG).
    codes = [name for name in non_numeric if name not in constant and name not in keep_columns
             and _is_flag_text(frame[name])]
    if codes and len(codes) < frame.shape[1]:
        logger.warning("tfgan_rnn: dropping column(s) %s: empty on most rows and a letter or two on the others, "
                       "flags on the readings rather than readings.", ", ".join(map(str, codes)))
        frame = frame.drop(columns=codes)
        constant += codes
    non_numeric = [str(name) for name in non_numeric if name not in constant]
    if non_numeric:
        as_text = {n: frame[n].dropna().astype(str) for n in non_numeric}
        decimal_commas = [n for n, text in as_text.items() if _comma_numbers(text)]
        hint = (f" Values such as {as_text[decimal_commas[0]].iloc[0]!r} in "
                f"{', '.join(repr(n) for n in decimal_commas)} look like decimal commas: save the file "
                "with ';' as the separator, or with '.' as the decimal mark." if decimal_commas else "")
        markers = [] if decimal_commas else _missing_markers(as_text)
        if markers:
            count = sum(int(text.str.strip().isin(markers).sum()) for text in as_text.values())
            shown = ",".join(markers)
            flag = f"--missing-values={shown}" if shown.startswith("-") else f"--missing-values '{shown}'"
            raise ValueError(
                f"Column(s) {', '.join(repr(n) for n in non_numeric)} hold numbers apart from {count} cell(s) "
                f"holding {' or '.join(map(repr, markers))}. If that marks a missing reading, say so "
                f"(`read_csv(path, missing_values=...)`; CLI: {flag}, then --interpolate-missing to fill the "
                "gaps); otherwise fix those cells. Received: dtypes "
                + ", ".join(f"{n}={frame[n].dtype}" for n in non_numeric))
        readings = [] if decimal_commas else [_text_column_reading(frame[n], n, timeline) for n in non_numeric]
        readings = f" What the data suggests: {'; '.join(filter(None, readings))}." if any(readings) else ""
        raise ValueError(
            f"Column(s) {', '.join(repr(n) for n in non_numeric)} are not numeric. Remove them (CLI: "
            f"--drop-columns {_shell_word(','.join(non_numeric))}), encode them as numbers, or, if one names "
            "the series each row belongs to, read the table with `load_panel` (CLI: --series-column NAME), or, "
            "if one names the variable of each row's value (long format: date,variable,value), spread it into "
            "columns (`spread_variables`; CLI: --variable-column NAME), or, if one names each row's category, "
            "generate it as one-hot features (`encode_categories`; CLI: --categorical-columns NAME) or condition "
            f"on it (CLI: --condition-column NAME).{hint}{readings} Received: dtypes "
            + ", ".join(f"{n}={frame[n].dtype}" for n in non_numeric)
        )
    if frame.shape[1] == 0:
        raise ValueError("The data has no numeric columns left after dropping date/time columns.")
    frame = frame.astype("float64")
    # 1 where something happened and empty elsewhere (NOAA's daily `WT01`... weather types): a
    # flag, whose gaps interpolation would fill with 1s.
    flags = [name for name in frame.columns if len(frame) >= _FLAG_ROWS and frame[name].isna().any()
             and frame[name].notna().sum() >= 2 and frame[name].dropna().eq(1).all()]
    if flags:
        frame[flags] = frame[flags].fillna(0.0)
        logger.warning("tfgan_rnn: read column(s) %s as flags: 1 where set, empty cells as 0.",
                       ", ".join(map(str, flags)))
    array = frame.to_numpy()
    infinite = np.isinf(array)
    if infinite.any():
        names = [str(frame.columns[i]) for i in np.flatnonzero(infinite.any(0))]
        raise ValueError(
            f"Column(s) {', '.join(repr(n) for n in names)} hold infinite values. "
            f"Replace them before training. Received: {int(infinite.sum())} infinite values"
        )
    huge = np.abs(array) > np.finfo("float32").max  # infinite once read as float32
    if huge.any():
        names = [str(frame.columns[i]) for i in np.flatnonzero(huge.any(0))]
        raise ValueError(
            f"Column(s) {', '.join(repr(n) for n in names)} hold values beyond float32's range (3.4e38). "
            f"Rescale them before training. Received: {int(huge.sum())} such values, e.g. "
            f"{array[huge][0]:g}"
        )
    empty = [str(n) for n in frame.columns if frame[n].isna().all()]
    if empty:  # neither filled nor interpolated: there is nothing to learn from
        raise ValueError(
            f"Column(s) {', '.join(repr(n) for n in empty)} hold no values at all. Drop them "
            f"before training (CLI: --drop-columns {_shell_word(','.join(empty))}). Received: all "
            f"{frame.shape[0]} rows missing in those columns"
        )
    _warn_of_placeholders(frame)
    missing = frame.isna().sum()
    missing = missing[missing > 0]
    if len(missing) and not interpolate_missing:
        frame = _with_edges_filled(frame, missing, series_keys)
        missing = frame.isna().sum()
        missing = missing[missing > 0]
    if len(missing):
        if not interpolate_missing:
            counts = ", ".join(f"{name!r} ({count} rows)" for name, count in missing.items())
            raise ValueError(
                f"Missing values in column(s) {counts}. Fill them first, or pass "
                "interpolate_missing=True (CLI: --interpolate-missing) to interpolate."
            )
        frame = frame.interpolate(method="linear", limit_direction="both")
        logger.warning("tfgan_rnn: interpolated %d missing value(s).", int(missing.sum()))
        mostly = missing[missing > len(frame) / 2]
        if len(mostly):  # UCI AirQuality's NMHC(GT) is missing on 90% of its rows
            logger.warning(
                "tfgan_rnn: column(s) %s were missing on more than half the rows, so most of what will be learnt "
                "there is the interpolation's straight lines; drop them if that is not wanted (CLI: "
                "--drop-columns %s).", ", ".join(f"{name!r} ({count / len(frame):.0%})" for name, count in
                                                 mostly.items()), _shell_word(",".join(map(str, mostly.index))))
    constant = [str(n) for n in frame.columns if frame[n].nunique() == 1]
    if constant:
        logger.warning("tfgan_rnn: constant column(s) %s will be generated as constants.", ", ".join(constant))
    return Table(frame.to_numpy("float32"), [str(n) for n in frame.columns])


_EDGE_SHARE = 0.05  # missing values in at most this share of the rows, at the start or end, are filled


def _with_edges_filled(frame: pd.DataFrame, missing: pd.Series, series_keys=None) -> pd.DataFrame:
    """The table with the missing values of its first or last rows (of each series of
    `series_keys`, a panel's) filled with each column's nearest reading there, with a notice,
    where every missing value lies so, in at most `_EDGE_SHARE` of the rows (one row at
    least): a change, a lag or a moving average has none for its first rows (Ecdat's
    exchange rates: the mark's daily change is missing on the first day). Otherwise, or
    where a series has no reading in a column, the table as it was."""
    groups = _series_codes(series_keys, len(frame))
    forward = frame.groupby(groups, sort=False).ffill()
    backward = frame.groupby(groups, sort=False).bfill()
    leading, trailing = forward.isna(), backward.isna()  # before a series' first reading, after its last
    if (frame.isna() & ~leading & ~trailing).to_numpy().any() or (leading & trailing).to_numpy().any():
        return frame  # a gap between readings, or a series without a reading in a column
    sizes = np.bincount(groups)
    widest = np.maximum(leading.groupby(groups).sum().max(axis=1), trailing.groupby(groups).sum().max(axis=1))
    if (widest.to_numpy() > np.maximum(1, _EDGE_SHARE * sizes)).any():
        return frame
    logger.warning("tfgan_rnn: filled the missing value(s) of %s at the start or end of the %s with the nearest "
                   "reading, as a change or a lag has none there; --interpolate-missing fills gaps between "
                   "readings too.", ", ".join(f"{name!r} ({count} row(s))" for name, count in missing.items()),
                   "data" if series_keys is None else "series")
    return forward.groupby(groups, sort=False).bfill()


def placeholder_values(frame: pd.DataFrame) -> dict:
    """`{column: (value, rows holding it, the other values' min, max)}` for each numeric
    column whose lowest or highest value looks like a placeholder for a missing reading
    rather than a reading: a whole number of 99 or more in size (-9999, -999, -200, 99999)
    at least five times the other values' range away from all of them (Jena's climate
    record writes a missing wind speed as -9999 among speeds of 0-28 m/s, UCI's Air
    Quality file a missing reading as -200).

    Example:

    >>> import pandas as pd
    >>> from tfgan_rnn.tables import placeholder_values
    >>> placeholder_values(pd.DataFrame({"wind": [1.5, 2.0, -9999.0, 3.5], "count": [120, 180, 150, 400]}))
    {'wind': (-9999.0, 1, 1.5, 3.5)}
    """
    found = {}
    for name in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[name]) or pd.api.types.is_bool_dtype(frame[name]):
            continue
        values = frame[name].dropna().to_numpy(dtype=np.float64)
        for value in (values.min(), values.max()) if values.size else ():
            rest = values[values != value]
            if value != np.round(value) or abs(value) < 99 or rest.size < 2 or rest.min() == rest.max():
                continue
            low, high = rest.min(), rest.max()
            if min(abs(value - low), abs(value - high)) >= 5 * (high - low):
                found[str(name)] = (float(value), int(np.sum(values == value)), float(low), float(high))
                break
    return found


def _warn_of_placeholders(frame: pd.DataFrame) -> None:
    found = placeholder_values(frame)
    if found:
        shown = ",".join(sorted({f"{value:g}" for value, *_ in found.values()}))
        logger.warning(
            "tfgan_rnn: %s: far outside the other values, as a placeholder for a missing reading would be; if "
            "it is one, say so (`read_csv(path, missing_values=...)`; CLI: --missing-values%s%s "
            "--interpolate-missing), or the scaling will squeeze the real values together.",
            "; ".join(f"{name!r} holds {value:g} in {count} row(s), its other values {low:g} to {high:g}"
                      for name, (value, count, low, high) in found.items()),
            "=" if shown.startswith("-") else " ", shown)


def _without_empty_edges(frame: pd.DataFrame, series_keys=None, keep_columns=()):
    """`(frame, series_keys)` without the rows before the first or after the last reading of
    each series (of `series_keys`, a panel's; else of the table), where every measurement is
    missing: the times before a series begins or after it ends (the World Bank's tables, a
    series per country from the year it was first measured; dates written ahead with their
    values to come), which no interpolation should invent; with a notice. A series with no
    reading at all is dropped whole. Measurements are the numeric columns but the rows' time,
    a saved row index and `keep_columns`; gaps between readings are left as they are."""
    numbers = frame.select_dtypes("number")
    if series_keys is None and numbers.shape[1] and numbers.iloc[[0, -1]].notna().all().all():
        return frame, series_keys  # the first and last rows hold every number: nothing before or after
    times = _time_columns(frame, keep_columns, series_keys)
    readings = [name for name in frame.columns if name not in keep_columns and name not in times
                and pd.api.types.is_numeric_dtype(frame[name]) and not pd.api.types.is_bool_dtype(frame[name])
                and not _is_index_column(name, frame[name])]
    if not readings:
        return frame, series_keys
    read = frame[readings].notna().any(axis=1).to_numpy()
    if read.all():
        return frame, series_keys
    groups = _series_codes(series_keys, len(frame))
    flags = pd.Series(read)
    begun = flags.groupby(groups, sort=False).cummax().to_numpy()
    not_ended = flags[::-1].groupby(groups[::-1], sort=False).cummax()[::-1].to_numpy()
    keep = begun & not_ended
    if keep.all():
        return frame, series_keys
    if not keep.any():
        return frame, series_keys  # no reading anywhere: the checks after name the empty columns
    empty = [] if series_keys is None else list(pd.unique(np.asarray(series_keys))[
        ~flags.groupby(groups, sort=False).any().to_numpy()])
    dropped = int((~keep).sum())
    logger.warning(
        "tfgan_rnn: dropped %s row(s) %s%s.", f"{dropped:,}",
        "before the first or after the last reading of the data, holding no value" if series_keys is None else
        "before the first or after the last reading of their series, holding no value",
        "" if not empty else f", and so {len(empty)} series with no reading at all ("
        + ", ".join(map(repr, map(str, empty[:4]))) + (", ..." if len(empty) > 4 else "") + ")")
    frame = frame[keep].reset_index(drop=True)
    return frame, None if series_keys is None else pd.Series(np.asarray(series_keys)[keep], name=getattr(
        series_keys, "name", None))


def load_panel(source, series_column, interpolate_missing: bool = False, keep_columns=()) -> tuple[list, list]:
    """Reads several series stored in one table, one per value of `series_column`.

    Panel data in long format (a `ticker`, `station` or `patient` column beside the
    measurements, rows of different series interleaved or not): each value of
    `series_column` becomes one series, its rows in the order of its first date/time column
    where one is out of order (reversed or sorted, with a notice), else in file order; the other columns
    are read as `load_table` reads them (time columns and a saved row index dropped,
    non-numeric columns refused; a timeline of numbers, such as a `year`, need only
    never go down within each series), rows before a series' first reading or after its
    last that hold no value are dropped (a country's years before it was first measured, as
    the World Bank's tables leave them empty; a series with no reading at all goes), with a
    notice, and missing values are interpolated within each series only.

    Args:
        source: path to a CSV file with a header line, or a DataFrame.
        series_column: the column naming the series each row belongs to, or a list of
            the columns that do together (a store and a department).
        interpolate_missing: fill missing values within each series instead of
            refusing them.
        keep_columns: as for `load_table`.

    Returns:
        `(series, columns)`: a list of float32 arrays `(time_i, features)` in order of
        first appearance, and the feature names.

    Example:

    >>> import pandas as pd
    >>> from tfgan_rnn.tables import load_panel
    >>> frame = pd.DataFrame({"ticker": ["A", "B", "A", "B", "A"], "price": [1.0, 10.0, 2.0, 20.0, 3.0]})
    >>> series, columns = load_panel(frame, "ticker")
    >>> [s[:, 0].tolist() for s in series], columns
    ([[1.0, 2.0, 3.0], [10.0, 20.0]], ['price'])
    """
    frame = read_csv(source) if isinstance(source, (str, os.PathLike)) else source
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"Expected a CSV path or a DataFrame for panel data. Received: {type(frame).__name__}")
    if isinstance(series_column, (list, tuple)):
        frame = combine_series_columns(frame, series_column)
        series_column = SERIES_SEPARATOR.join(map(str, series_column))
    if series_column not in frame.columns:
        raise ValueError(
            f"The series column is not in the data.{did_you_mean(series_column, frame.columns)} Expected one of "
            f"{[str(c) for c in frame.columns]}. Received: series_column={series_column!r}"
        )
    if frame[series_column].isna().any():
        raise ValueError(
            f"The series column {series_column!r} is empty on {int(frame[series_column].isna().sum())} row(s). "
            "Fill it or drop those rows."
        )
    frame = _in_time_order(frame, source, series_column)  # (read_csv put a whole file in time order)
    measurements, keys = _without_empty_edges(frame.drop(columns=[series_column]), frame[series_column],
                                              keep_columns)
    if interpolate_missing:
        numeric = [c for c in measurements.columns if pd.api.types.is_numeric_dtype(measurements[c])]
        measurements = measurements.copy()
        missing = int(measurements[numeric].isna().sum().sum())
        measurements[numeric] = measurements[numeric].groupby(keys, sort=False).transform(
            lambda column: column.interpolate(method="linear", limit_direction="both")
        )
        unfilled = measurements[numeric].isna().groupby(keys, sort=False).all()  # (series, column)
        if unfilled.to_numpy().any():
            pairs = [f"{column!r} in series {key!r}" for key, row in unfilled.iterrows()
                     for column, empty in row.items() if empty]
            raise ValueError(
                f"No value to interpolate from: {', '.join(pairs[:5])}{' ...' if len(pairs) > 5 else ''} "
                "(the column is empty for the whole series). Fill those values or drop those "
                f"series. Received: {len(pairs)} empty (series, column) pair(s)"
            )
        if missing:
            logger.warning("tfgan_rnn: interpolated %d missing value(s) within their series.", missing)
    table = _table_from_frame(measurements.reset_index(drop=True).infer_objects(), interpolate_missing,
                              keep_columns, series_keys=keys.reset_index(drop=True))  # a year restarting per series
    codes, _ = pd.factorize(keys, sort=False)
    return [table.values[codes == code] for code in range(codes.max() + 1)], table.columns


SERIES_SEPARATOR = ","  # between the names of several series columns, as `--series-column Store,Dept` joins them


def combine_series_columns(frame: pd.DataFrame, names, keep=()) -> pd.DataFrame:
    """`frame` with the columns `names`, which together name each row's series (Walmart's
    `Store` and `Dept`), replaced by one column named by them joined with commas
    (`Store,Dept`) where they stood, holding each row's values joined (`1 / 3`), those of them
    that are not empty (a row naming a country but no province: `Brazil`); a column in `keep`
    (a condition) stays too.

    Example:

    >>> import pandas as pd
    >>> from tfgan_rnn.tables import combine_series_columns
    >>> frame = pd.DataFrame({"Store": [1, 1, 2], "Dept": [3, 4, 3], "Sales": [9.5, 2.0, 7.0]})
    >>> combine_series_columns(frame, ["Store", "Dept"]).to_dict("list")
    {'Store,Dept': ['1 / 3', '1 / 4', '2 / 3'], 'Sales': [9.5, 2.0, 7.0]}
    """
    names = [str(name) for name in names]
    columns = [str(column) for column in frame.columns]
    lacking = [name for name in names if name not in columns]
    if lacking:
        raise ValueError(f"The series column {lacking[0]!r} is not in the data.{did_you_mean(lacking[0], columns)} "
                         f"Expected one of {columns}. Received: series columns {names}")
    if len(set(names)) < len(names):
        raise ValueError(f"A series column is named twice. Received: series columns {names}")
    parts = frame[names]
    empty = parts.isna().all(axis=1)
    if empty.any():
        raise ValueError(f"The series columns {names} are all empty on {int(empty.sum())} row(s). Fill them or "
                         "drop those rows.")
    # One part empty (Johns Hopkins' Province/State, beside a country counted whole): the others name the series.
    # (A column of whole numbers with an empty cell is read as floats: its names stay whole, `3`.)
    text = pd.DataFrame({name: (parts[name].astype("Int64") if pd.api.types.is_float_dtype(parts[name])
                                and parts[name].dropna().mod(1).eq(0).all() else parts[name]).astype(str)
                         .where(parts[name].notna(), "") for name in names})
    combined = text[names[0]]
    for name in names[1:]:
        combined = combined + np.where((combined != "") & (text[name] != ""), " / ", "") + text[name]
    position = columns.index(names[0])
    frame = frame.drop(columns=[name for name in names if name not in keep])
    frame.insert(min(position, frame.shape[1]), SERIES_SEPARATOR.join(names), combined)
    return frame


# Categories a condition column may hold: each is one input of both networks (a one-hot),
# and a column of measurements (thousands of distinct values) is not a category.
MAX_CATEGORIES = 64


def _category_name(value) -> str:
    """A category's name as the user types it: `2` for a value read as 2.0."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def require_condition_column(frame: pd.DataFrame, column) -> None:
    """Raises a ValueError that names the table's columns if `column` is not one of them."""
    if column not in frame.columns:
        raise ValueError(f"The condition column is not in the data.{did_you_mean(column, frame.columns)} Expected "
                         f"one of {[str(c) for c in frame.columns]}. Received: {column!r}")


def split_categories(frame: pd.DataFrame, column, categories=None) -> tuple[pd.DataFrame, np.ndarray, list]:
    """Takes a category column (a regime, a label, a device type) out of a table.

    Args:
        frame: the table, as `read_csv` returns it.
        column: the name of the column naming each row's category.
        categories: the categories to code against (a trained model's), in order; None
            to take them from the column, sorted. A value outside them is an error.

    Returns:
        `(rest, codes, categories)`: the table without the column, each row's category
        as an index into `categories` (int array), and the category names (strings).

    Example:

    >>> import pandas as pd
    >>> from tfgan_rnn.tables import split_categories
    >>> frame = pd.DataFrame({"regime": ["calm", "storm", "calm"], "wind": [1.0, 9.0, 2.0]})
    >>> rest, codes, categories = split_categories(frame, "regime")
    >>> list(rest.columns), codes.tolist(), categories
    (['wind'], [0, 1, 0], ['calm', 'storm'])
    """
    require_condition_column(frame, column)
    values = frame[column]
    if values.isna().any():
        raise ValueError(f"The condition column {column!r} is empty on {int(values.isna().sum())} row(s). "
                         "Fill it or drop those rows.")
    codes, categories = _category_codes(values, column, categories, "The condition column",
                                        "there is nothing to condition on. Drop the option",
                                        f"a condition column names a category (at most {MAX_CATEGORIES}), e.g. a "
                                        "regime or a label, and each becomes an input of both networks. Pick "
                                        "another column.")
    return frame.drop(columns=[column]), codes, categories


def _category_codes(values: pd.Series, column, categories, role: str, one: str, what: str):
    """`(codes, categories)` of a column without gaps, as `split_categories` returns them;
    `role`, `one` and `what` word its errors: the column's role, what to do about a column
    of one category, and what to do about one of too many."""
    names = values.map(_category_name)
    if categories is None:
        unique = pd.unique(values)
        try:
            unique = sorted(unique)
        except TypeError:  # numbers and text mixed: sort by name
            unique = sorted(unique, key=str)
        categories = list(dict.fromkeys(_category_name(value) for value in unique))
        if len(categories) < 2:
            raise ValueError(f"{role} {column!r} holds one category ({categories[0]!r}): {one}, or use a column "
                             "with 2 or more.")
        if len(categories) > MAX_CATEGORIES:
            raise ValueError(
                f"{role} {column!r} holds {len(categories):,} distinct values; {what} "
                f"Received: values such as {', '.join(repr(name) for name in categories[:3])}")
    categories = [str(name) for name in categories]
    index = {name: code for code, name in enumerate(categories)}
    unknown = sorted(set(names) - set(index))
    if unknown:
        empty = " ('' is an empty cell)" if "" in unknown[:5] or "" in categories else ""
        raise ValueError(f"{role} {column!r} holds categories the model was not trained on: "
                         f"{unknown[:5]}{' ...' if len(unknown) > 5 else ''}. Expected only {categories}{empty}.")
    return names.map(index).to_numpy("int64"), categories


def _one_hot_columns(column, categories) -> list:
    """The names of the one-hot columns `encode_categories` makes of `column`: `column=category`."""
    return [f"{column}={category}" for category in categories]


def encode_categories(frame: pd.DataFrame, columns, categories=None, fill_missing: bool = False,
                      series_column=None) -> tuple[pd.DataFrame, dict]:
    """Columns of categories (a wind direction, rain `Yes`/`No`) as blocks of one-hot
    features, so that a GAN generates them beside the numbers: each column becomes one
    column per category, named `column=category`, 1 on the rows of that category and 0
    elsewhere, in the column's place. `scaling.Scaler(categorical=...)` turns each block
    back into one category per generated step.

    Args:
        frame: the table, as `read_csv` returns it.
        columns: the names of the columns to encode.
        categories: `{column: [category, ...]}` to code against (a trained model's), in
            order; None to take each column's categories from it, sorted. A value outside
            them is an error.
        fill_missing: fill an empty cell with the category of the row before it (of the
            row after it, at the start), within each series of `series_column`; without
            it, empty cells are a category of their own, named `""` (written back as an
            empty cell), as a residence left unanswered is in a survey.
        series_column: the column telling a panel's series apart, or None.

    Returns:
        `(encoded, categories)`: the table with the one-hot columns, and each column's
        categories in block order.

    Example:

    >>> import pandas as pd
    >>> from tfgan_rnn.tables import encode_categories
    >>> frame = pd.DataFrame({"wind": [3.0, 9.0, 5.0], "rain": ["No", "Yes", None]})
    >>> encoded, found = encode_categories(frame, ["rain"], fill_missing=True)
    >>> encoded.to_dict("list"), found
    ({'wind': [3.0, 9.0, 5.0], 'rain=No': [1.0, 0.0, 0.0], 'rain=Yes': [0.0, 1.0, 1.0]}, {'rain': ['No', 'Yes']})
    >>> encode_categories(frame, ["rain"])[1]  # the empty cell a category of its own
    {'rain': ['', 'No', 'Yes']}
    """
    found = {}
    for column in columns:
        if column not in frame.columns:
            raise ValueError(f"The categorical column {column!r} is not in the data."
                             f"{did_you_mean(column, frame.columns)} Its columns: {[str(n) for n in frame.columns]}")
        values = frame[column]
        empty = int(values.isna().sum())
        if empty and not fill_missing:
            logger.warning("tfgan_rnn: the categorical column %r is empty on %d of %d row(s): read as a category "
                           "of its own, generated and written back as an empty cell (CLI: --interpolate-missing "
                           "gives each the category of the row before instead, --drop-columns %s leaves the column "
                           "out).",
                           column, empty, len(values), _shell_word(str(column)))
            values = values.astype(object).where(values.notna(), "")
        elif empty:
            keys = np.zeros(len(frame)) if series_column is None else frame[series_column].to_numpy()
            values = values.groupby(keys, sort=False).ffill().groupby(keys, sort=False).bfill()
            if values.isna().any():
                unfilled = pd.unique(keys[values.isna().to_numpy()])
                which = (" the data" if series_column is None else
                         f" {len(unfilled)} series of {str(series_column)!r} (the first: {unfilled[0]})")
                raise ValueError(f"The categorical column {column!r} is empty throughout{which}: "
                                 f"nothing to fill it from. Fill it, drop those rows, or leave the column out (CLI: "
                                 f"--drop-columns {_shell_word(str(column))}).")
            logger.warning("tfgan_rnn: filled %d empty cell(s) of the categorical column %r with the category of "
                           "the row before.", empty, column)
        codes, found[column] = _category_codes(
            values, column, None if categories is None else categories[column], "The categorical column",
            "there is nothing to generate. Drop it (CLI: --drop-columns)",
            f"each category becomes a feature the generator makes, at most {MAX_CATEGORIES}. Leave the column out "
            "(CLI: --drop-columns), or, if it holds numbers, read it as one.")
        one_hot = (codes[:, None] == np.arange(len(found[column]))).astype("float64")
        block = pd.DataFrame(one_hot, index=frame.index, columns=_one_hot_columns(column, found[column]))
        position = list(frame.columns).index(column)
        frame = pd.concat([frame.iloc[:, :position], block, frame.iloc[:, position + 1:]], axis=1)
    return frame, found
