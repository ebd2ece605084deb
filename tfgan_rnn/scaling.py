"""Feature-wise scaling into the generator's output range, saved inside the model."""

from __future__ import annotations

import keras
import numpy as np

from tfgan_rnn.data import as_float_array, check_category_slice, check_finite


@keras.saving.register_keras_serializable(package="tfgan_rnn")
class Scaler:
    """Feature-wise scaling into the generator's range, and back to original units.

    `method="minmax"` maps each feature's [min, max] onto `feature_range` (default
    [0, 1], the range of the generator's sigmoid output); `method="standard"` subtracts
    the mean and divides by the standard deviation. The scaler also remembers the
    feature names, so generated data keeps the original columns. Pass it to
    `RecurrentGAN(scaler=...)` and it is saved inside the model.

    On the way back (`inverse_transform`, and so `RecurrentGAN.generate` and the
    exported SavedModel), generated values keep to what the data could hold: a constant
    feature gets its constant back; with `snap=True` (the default) a feature that took
    at most `MAX_LEVELS` (10) distinct values (flags, categories coded as numbers, a few
    settings) is snapped to the nearest of them, and a feature whose values all lie on a
    decimal grid (integers, multiples of 10 or 100, one decimal, ...; or a half, quarter or
    fifth of one: half degrees, multiples of 5) is rounded to that grid. A feature with
    finer values than 6 decimals comes back as generated.
    After `calibrate` (which `RecurrentGAN.calibrate_marginals` calls), generated values
    (`inverse_transform(x, generated=True)`, as `RecurrentGAN.generate` calls it) first go
    through a monotone map per feature that gives them the real data's distribution (its
    share of zeros, its tails), before the unscaling and the snapping. Given the category
    of each step (a conditional GAN's one-hot condition), `calibrate` also learns a map per
    category that holds enough real steps, and those steps go through their category's.

    A feature equal to an earlier one on every row of the data it was fitted on (Stocks'
    `Adj_Close` and `Close`, a sensor recorded twice) is a copy (`copies`, `[[copy, feature],
    ...]`): generated values come back with the copy equal to its feature (`inverse_transform`;
    `RecurrentGAN` ties them in the generator's output already, in training too, so that the
    discriminator never sees them apart), as every row of the data has them. Likewise a feature at
    or above another on every row, where the two move together over a shared range (`orders`,
    `[[upper, lower], ...]`: a day's `High` and its `Open`, `Close` and `Low`), stays so: on the
    way back each feature that is below none is first lowered to the least of those it must not
    exceed, then each of the others, from the bottom up, raised to the greatest of those it must
    not be below (a `High` generated under its `Open` becomes the `Open`, a `Low` over its
    `Close` the `Close`); `MAX_ORDERED_FEATURES` features at most are searched, in `ORDER_ROWS`
    rows at least. Where the data sits at its bounds on `ORDER_BOUND_SHARE` of its rows or more
    (a day's `High` at its `Open`), `RecurrentGAN` keeps them in the generator's output already,
    in training too, smoothly (`smoothly_in_order`, within a tenth of each pair's mean gap in the
    data, `order_gaps`), so that the discriminator is shown what is generated, every order kept
    and an upper seldom held at its lower; elsewhere `order_gaps` is None and they are kept on the
    way back only.

    A feature that keeps one value through each sequence of the data it was fitted on, but
    not the same value in all (a country's ISO number or latitude in a panel of countries, a
    chick's diet), is static (`static_features`), and so is a block of `categorical` whose
    category does (a country's continent, a worker's ethnicity: all of its features are in
    `static_features`); fitting needs the sequences for that (a list of `(time, features)`
    arrays, or `(num_sequences, time, features)`). Generated
    sequences (`RecurrentGAN.generate`, the export, `keep_static` in original units) keep each
    static feature at one value all through:
    the (lower) median of what the generator made of it over the first `STATIC_STEPS` steps
    (`keep_static`), a value it generated, so on the data's levels or grid, and one that a
    generator unsure of it at the first step still gets right; a static block keeps the
    category it made most often over those steps (of those tied, the one it made first).

    A column of categories generated as a feature (a wind direction, rain `Yes`/`No`) is a
    block of one-hot features, one per category (`tables.encode_categories` makes them);
    `categorical` names each block, and on the way back each step gets one category, the
    one scored highest: a 1 there and 0 in the rest of its block (`RecurrentGAN` has already
    drawn one category a step from the generator's values, which this keeps). `calibrate`
    leaves those features alone, so it never changes a step's category.

    Args:
        method: `"minmax"` or `"standard"`.
        feature_range: `(low, high)` target range for `"minmax"`.
        feature_names: optional names of the features, in order.
        snap: snap generated values to the observed levels or grid of each feature.
        categorical: the blocks of one-hot features, `[[column name, first feature, [category,
            ...]], ...]`: the features from the first on, one per category, in order.
        offset, scale, constant_features, static_features, levels, grids, calibration,
        category_calibration, category_slice, copies, orders, order_gaps: the fitted state (set by
            `fit` and `calibrate`; given only when restoring a scaler from its config).

    Example:

    >>> import numpy as np
    >>> from tfgan_rnn.scaling import Scaler
    >>> scaler = Scaler().fit(np.array([[0.0, 5.0, 0.0], [10.0, 5.0, 1.0], [4.0, 5.0, 1.0]]))
    >>> scaler.transform(np.array([[5.0, 5.0, 1.0]]))
    array([[0.5, 0. , 1. ]], dtype=float32)
    >>> scaler.inverse_transform(np.array([[0.46, 0.3, 0.8]]))  # 4.6: the nearest of 0, 4, 10
    array([[4., 5., 1.]], dtype=float32)
    >>> scaler.constant_features, scaler.levels[2]
    ([1], [0.0, 1.0])
    >>> tens = Scaler().fit(np.arange(0.0, 200.0, 10.0)[:, None])  # 20 values, all multiples of 10
    >>> tens.grids, tens.inverse_transform(np.array([[0.5]]))
    ([10.0], array([[100.]], dtype=float32))
    >>> countries = [np.array([[4.0, 28.8], [4.0, 30.3]]), np.array([[8.0, 55.2], [8.0, 59.3], [8.0, 64.8]])]
    >>> by_country = Scaler().fit(countries)  # an ISO number, a life expectancy, per country
    >>> by_country.static_features, by_country.keep_static(by_country.inverse_transform(
    ...     np.array([[[0.9, 0.1], [0.2, 0.5], [0.8, 0.6]]]), generated=True))  # the middle of 8, 4, 8
    ([0], array([[[ 8. , 30.3],
            [ 8. , 55.2],
            [ 8. , 55.2]]], dtype=float32))
    >>> twice = Scaler().fit(np.array([[1.0, 7.0, 1.0], [3.0, 8.0, 3.0], [2.0, 9.0, 2.0]]))  # the third: the first
    >>> twice.copies, twice.inverse_transform(np.array([[0.5, 0.5, 0.9]]))
    ([[2, 0]], array([[2., 8., 2.]], dtype=float32))
    >>> lows = np.linspace(10.0, 30.0, 200)
    >>> day = Scaler(snap=False).fit(np.stack([lows + 1, lows + 2, lows], axis=-1))  # open, high, low
    >>> day.orders, day.inverse_transform(np.array([[0.9, 0.1, 0.95]]))  # 29, 14, 29 as generated
    ([[0, 2], [1, 0], [1, 2]], array([[29., 29., 14.]], dtype=float32))
    >>> wind = Scaler(categorical=[["direction", 1, ["N", "E", "S"]]]).fit(
    ...     np.array([[1.0, 1, 0, 0], [3.0, 0, 0, 1], [2.0, 0, 1, 0]]))  # a speed, then N, E, S one-hot
    >>> wind.inverse_transform(np.array([[0.5, 0.3, 0.2, 0.6], [0.5, 0.9, 0.8, 0.1]]))  # S; N
    array([[2., 0., 0., 1.],
           [2., 1., 0., 0.]], dtype=float32)
    """

    METHODS = ("minmax", "standard")
    MAX_LEVELS = 10
    CALIBRATION_LEVELS = 513  # quantiles per feature that `calibrate` keeps: 1/512 apart
    # Real steps a category needs for `calibrate` to learn its own map (fewer: the map for all).
    CALIBRATION_CATEGORY_STEPS = 1000
    # At most this many numbers in all the categories' maps (saved in the model's config and
    # compiled into the export): the categories with the most real steps get theirs first.
    CALIBRATION_CATEGORY_VALUES = 250_000
    # Steps whose values give a generated sequence its static features' values (TimeGAN's window).
    STATIC_STEPS = 24
    MAX_ORDERED_FEATURES = 64  # features searched for `orders` (pairs of them, each over every row)
    ORDER_CORRELATION, ORDER_OVERLAP = 0.5, 0.5  # what `orders` asks of a pair besides their order
    ORDER_ROWS = 100  # rows `orders` needs (in a few, two columns keep an order by chance)
    ORDER_SOFTNESS = 0.1  # `smoothly_in_order`'s width, as a share of each pair's mean gap
    ORDER_BOUND_SHARE = 0.01  # rows with some upper at its lower that `order_gaps` (kept in training) needs
    _GRID_EXPONENTS = range(6, -7, -1)  # 1e6 down to 1e-6
    _GRID_FRACTIONS = (1.0, 0.5, 0.25, 0.2)  # of each power of ten, coarsest first

    def __init__(self, method: str = "minmax", feature_range=(0.0, 1.0), feature_names=None,
                 snap: bool = True, offset=None, scale=None, constant_features=None, levels=None, grids=None,
                 calibration=None, category_calibration=None, category_slice=None, categorical=None,
                 static_features=None, copies=None, orders=None, order_gaps=None):
        if method not in self.METHODS:
            raise ValueError(
                f"Unknown scaling method. Expected one of {self.METHODS}. Received: method={method!r}"
            )
        low, high = (float(v) for v in feature_range)
        if not high > low:
            raise ValueError(
                "Expected feature_range=(low, high) with high > low. "
                f"Received: feature_range={tuple(feature_range)}"
            )
        if not isinstance(snap, bool):
            raise ValueError(f"Expected `snap` to be True or False. Received: snap={snap!r}")
        self.method = method
        self.snap = snap
        self.levels = None if levels is None else [None if v is None else [float(x) for x in v] for v in levels]
        self.grids = None if grids is None else [None if g is None else float(g) for g in grids]
        self.feature_range = (low, high)
        self.feature_names = list(feature_names) if feature_names is not None else None
        self.offset = None if offset is None else np.asarray(offset, "float64")
        self.scale = None if scale is None else np.asarray(scale, "float64")
        self.constant_features = list(constant_features or [])
        self.static_features = [int(i) for i in static_features or []]
        self.calibration = None if calibration is None else self._restored_map(calibration)
        self.category_calibration = None if category_calibration is None else {
            int(category): self._restored_map(pairs) for category, pairs in category_calibration.items()}
        self.category_slice = None if category_slice is None else [int(v) for v in category_slice]
        self.categorical = self._checked_blocks(categorical)
        self.copies = [[int(copy), int(feature)] for copy, feature in copies or []]
        self.orders = [[int(upper), int(lower)] for upper, lower in orders or []]
        self.order_gaps = None if order_gaps is None else [float(gap) for gap in order_gaps]
        if self.order_gaps is not None and (len(self.order_gaps) != len(self.orders)
                                            or not all(gap > 0 for gap in self.order_gaps)):
            raise ValueError(f"Expected `order_gaps` to hold one positive gap for each of `orders`. "
                             f"Received: orders={self.orders}, order_gaps={self.order_gaps}")

    @staticmethod
    def _checked_blocks(categorical):
        """`categorical` as `[[name, first feature, [category names]], ...]`, blocks apart."""
        if categorical is None:
            return None
        blocks, taken = [], set()
        for block in categorical:
            try:
                name, first, categories = block
                first, categories = int(first), [str(category) for category in categories]
            except (TypeError, ValueError):
                raise ValueError("Expected `categorical` as [[column name, first feature, [category, ...]], ...]. "
                                 f"Received: {block!r}") from None
            features = set(range(first, first + len(categories)))
            if len(categories) < 2 or first < 0 or features & taken:
                raise ValueError("Expected each block of `categorical` to hold 2 or more categories, from a "
                                 f"feature of no other block. Received: {block!r}")
            taken |= features
            blocks.append([str(name), first, categories])
        return blocks

    def _categorical_features(self) -> set:
        """The features of `categorical`'s blocks."""
        return {feature for first, stop in self._block_ranges() for feature in range(first, stop)}

    def category_blocks(self) -> list:
        """The `categorical` blocks in model units, by first feature, as
        `tfgan_rnn.LSTMGenerator(category_blocks=...)` takes them: `[{"first": first feature,
        "offset": [...], "scale": [...]}]`, each category's scaled 0 and span (a fitted scaler).

        Example:

        >>> import numpy as np
        >>> from tfgan_rnn.scaling import Scaler
        >>> scaler = Scaler(feature_range=(-1, 1), categorical=[["rain", 1, ["No", "Yes"]]])
        >>> scaler.fit(np.array([[5.0, 1, 0], [7.0, 0, 1]])).category_blocks()
        [{'first': 1, 'offset': [-1.0, -1.0], 'scale': [2.0, 2.0]}]
        """
        if not self.fitted:
            raise ValueError("This Scaler is not fitted yet. Call `scaler.fit(data)` first.")
        return [{"first": first, "offset": self.offset[first:stop].tolist(), "scale": self.scale[first:stop].tolist()}
                for first, stop in self._block_ranges()]

    def snap_categories(self, x) -> np.ndarray:
        """Each `categorical` block of `x` (scaled units, features last) as a one-hot of its
        highest feature (in original units), in scaled units: what `inverse_transform` makes of it, for code
        that compares generated values with real ones in the generator's units (the
        scores `callbacks.EvaluationLogger` writes during training).

        Example:

        >>> import numpy as np
        >>> from tfgan_rnn.scaling import Scaler
        >>> scaler = Scaler(categorical=[["rain", 0, ["No", "Yes"]]]).fit(np.array([[1.0, 0], [0.0, 1]]))
        >>> scaler.snap_categories(np.array([[0.4, 0.45], [0.7, 0.1]]))
        array([[0., 1.],
               [1., 0.]], dtype=float32)
        """
        array = as_float_array(x, "x").astype("float64")
        self._check(array)
        for _, first, categories in self.categorical or ():
            stop = first + len(categories)
            offset, scale = self.offset[first:stop], self.scale[first:stop]
            # the highest in original units, where each feature is 0 or 1 in the data
            hot = np.argmax((array[..., first:stop] - offset) / scale, axis=-1)[..., None] == np.arange(len(categories))
            low, high = offset, offset + scale  # 0 and 1, scaled
            array[..., first:stop] = np.where(hot, high, low)
        return array.astype("float32")

    @staticmethod
    def _restored_map(pairs):
        return [None if pair is None else [[float(x) for x in pair[0]], [float(x) for x in pair[1]]]
                for pair in pairs]

    @property
    def fitted(self) -> bool:
        return self.offset is not None

    @property
    def num_features(self) -> int | None:
        return None if self.offset is None else int(self.offset.shape[0])

    def fit(self, x) -> "Scaler":
        """Learns per-feature statistics over every axis but the last; returns self.

        `x`: `(time, features)` (one sequence), `(num_sequences, time, features)`, or a list of
        `(time, features)` arrays (sequences of different lengths); with sequences, it also
        finds the static features (one value a sequence, see the class).

        Example (windows `(num_sequences, time, features)` standardised and back):

        >>> import numpy as np
        >>> from tfgan_rnn.scaling import Scaler
        >>> windows = np.random.default_rng(0).normal(5.0, 2.0, (10, 24, 3))
        >>> scaler = Scaler("standard", snap=False).fit(windows)
        >>> scaled = scaler.transform(windows)
        >>> scaled.shape, round(float(scaled.mean()), 4), round(float(scaled.std()), 4)
        ((10, 24, 3), 0.0, 1.0)
        >>> bool(np.allclose(scaler.inverse_transform(scaled), windows, atol=1e-4))
        True
        """
        sequences = None
        if isinstance(x, (list, tuple)) and x and all(np.ndim(part) == 2 for part in x):
            sequences = [as_float_array(part, f"x[{index}]").astype("float64") for index, part in enumerate(x)]
            widths = sorted({part.shape[-1] for part in sequences})
            if len(widths) > 1:
                raise ValueError("Expected sequences of the same number of features (the last axis). "
                                 f"Received: sequences of {widths} features")
            array = np.concatenate(sequences)
        else:
            array = as_float_array(x, "x").astype("float64")
        if array.ndim < 2 or array.size == 0:
            raise ValueError(
                "Expected data with features on the last axis, e.g. (time, features) or "
                f"(num_sequences, time, features). Received: x.shape={array.shape}"
            )
        check_finite(array, "x")
        if sequences is None and array.ndim > 2:
            sequences = array.reshape(-1, *array.shape[-2:])
        flat = array.reshape(-1, array.shape[-1])
        if self.feature_names is not None and len(self.feature_names) != flat.shape[1]:
            raise ValueError(
                f"The scaler has {len(self.feature_names)} feature names but the data has "
                f"{flat.shape[1]} features. Received: x.shape={array.shape}"
            )
        for name, first, categories in self.categorical or ():
            block = flat[:, first:first + len(categories)]
            if block.shape[1] != len(categories) or not np.isin(block, (0.0, 1.0)).all():
                raise ValueError(
                    f"`categorical` says features {first}-{first + len(categories) - 1} are the one-hot of "
                    f"{name!r}'s {len(categories)} categories, but the data has {flat.shape[1]} features and "
                    "values other than 0 and 1 there: encode the column with `tables.encode_categories`. "
                    f"Received: x.shape={array.shape}")
        low, high = self.feature_range
        if self.method == "minmax":
            minimum, maximum = flat.min(0), flat.max(0)
            spread = maximum - minimum
            constant = spread == 0
            self.scale = np.where(constant, 1.0, (high - low) / np.where(spread == 0, 1, spread))
            self.offset = low - minimum * self.scale
        else:
            mean, std = flat.mean(0), flat.std(0)
            constant = std == 0
            self.scale = 1.0 / np.where(constant, 1.0, std)
            self.offset = -mean * self.scale
        self.constant_features = [int(i) for i in np.flatnonzero(constant)]
        self.static_features = self._static(sequences, constant)
        self.copies = self._copies(flat, constant)
        self.orders = self._orders(flat, constant)
        # Kept smoothly in training only where the data sits at its bounds (a day's High at its Open):
        # where it seldom does, the smooth order cost more than it brought (benchmarks/README.md,
        # "Columns that repeat another, ...": Energy's temperatures, 0.4% of rows at a bound).
        at_bound = [flat[:, upper] == flat[:, lower] for upper, lower in self.orders]
        self.order_gaps = None
        if at_bound and np.mean(np.any(at_bound, axis=0)) >= self.ORDER_BOUND_SHARE:
            self.order_gaps = [float(np.mean(flat[:, upper] - flat[:, lower])) for upper, lower in self.orders]
        # A map from an earlier generator's values means nothing now.
        self.calibration = self.category_calibration = self.category_slice = None
        self.levels, self.grids = [], []
        of_blocks = self._categorical_features()  # 0 and 1, snap or not: one category a step
        for feature, (column, is_constant) in enumerate(zip(flat.T, constant)):
            observed = np.unique(column)
            discrete = is_constant or feature in of_blocks or (self.snap and len(observed) <= self.MAX_LEVELS)
            self.levels.append(observed.tolist() if discrete else None)
            self.grids.append(self._decimal_grid(column) if self.snap and not discrete else None)
        return self

    def _copies(self, flat, constant) -> list:
        """`[[copy, feature], ...]`: each feature equal on every row to an earlier one (the
        first of those equal), neither constant nor one of a `categorical` block."""
        skipped = self._categorical_features() | set(np.flatnonzero(constant).tolist())
        first_of, copies = {}, []
        for feature in range(flat.shape[1]):
            if feature in skipped:
                continue
            column = np.ascontiguousarray(flat[:, feature])
            # candidates by a digest of the values, then compared whole
            key = hash(column.tobytes())
            earlier = next((other for other in first_of.get(key, ()) if np.array_equal(flat[:, other], column)), None)
            if earlier is None:
                first_of.setdefault(key, []).append(feature)
            else:
                copies.append([feature, earlier])
        return copies

    def _orders(self, flat, constant) -> list:
        """`[[upper, lower], ...]`: pairs of features, the upper at or above the lower on every
        row (of `ORDER_ROWS` at least), that move together (a correlation of `ORDER_CORRELATION`
        at least) over a shared range (`ORDER_OVERLAP` of the narrower one at least), neither
        constant, static, a copy nor one of a `categorical` block: a day's High and Low, not a
        humidity that happens to stay above a temperature."""
        skipped = (self._categorical_features() | set(np.flatnonzero(constant).tolist())
                   | set(self.static_features) | {copy for copy, _ in self.copies})
        features = [feature for feature in range(flat.shape[1]) if feature not in skipped]
        if not 2 <= len(features) <= self.MAX_ORDERED_FEATURES or len(flat) < self.ORDER_ROWS:
            return []
        low, high = flat.min(0), flat.max(0)
        some = flat[:: max(1, len(flat) // 1000)]  # about 1,000 rows, which rule out most pairs cheaply
        orders = []
        for upper in features:
            for lower in features:
                # (the ranges first: an upper starts and ends no lower than its lower, and shares its range)
                shared = (high[lower] - low[upper]) / min(high[upper] - low[upper], high[lower] - low[lower])
                if (upper != lower and low[upper] >= low[lower] and high[upper] >= high[lower]
                        and shared >= self.ORDER_OVERLAP and (some[:, upper] >= some[:, lower]).all()
                        and (flat[:, upper] >= flat[:, lower]).all()
                        and np.corrcoef(flat[:, upper], flat[:, lower])[0, 1] >= self.ORDER_CORRELATION):
                    orders.append([upper, lower])
        return orders

    @staticmethod
    def in_order(columns, orders, maximum, minimum) -> list:
        """`columns` (one array per feature, numpy's or TensorFlow's) kept to `orders` (see the
        class), with that library's elementwise `maximum` and `minimum`."""
        return Scaler._kept_in_order(columns, orders, lambda upper, lower, _: maximum(upper, lower),
                                     lambda lower, upper, _: minimum(lower, upper))

    def smoothly_in_order(self, columns, softplus) -> list:
        """`columns` (one per feature, in the data's units) kept to `orders` as `in_order` keeps
        them, but smoothly, with `softplus` (numpy's or Keras'): where `in_order` raises an upper
        to its lower, this gives `lower + width * softplus((upper - lower) / width)`, and it lowers
        a lower to `upper - width * softplus((upper - lower) / width)`, with a `width` of
        `ORDER_SOFTNESS` times each pair's `order_gaps` (the data's mean of upper minus lower).
        So an upper is above its lower (in float32, one generated far under it may round to it),
        close to as generated where it was well above, and its gradient goes on (but for one
        generated some 90 widths under, where float32's softplus is flat): `RecurrentGAN` keeps
        the orders so in the generator's output, in training too, and the discriminator never
        sees them broken and seldom a generated `High` held at its `Open`, as a clamp holds each
        one generated under it (`benchmarks/README.md`, "Columns that repeat another, ...").

        Example (an open, high and low; a high generated under its open):

        >>> import numpy as np
        >>> from tfgan_rnn.scaling import Scaler
        >>> lows = np.linspace(10.0, 30.0, 200)
        >>> highs = lows + np.tile([2.0, 2.0, 2.0, 1.0], 50)  # a quarter of the days' highs at their opens
        >>> day = Scaler(snap=False).fit(np.stack([lows + 1, highs, lows], axis=-1))
        >>> day.orders, [round(gap, 4) for gap in day.order_gaps]  # each pair's mean gap
        ([[0, 2], [1, 0], [1, 2]], [1.0, 0.75, 1.75])
        >>> softplus = lambda x: np.logaddexp(0.0, x)
        >>> kept = day.smoothly_in_order([np.array([20.0]), np.array([19.95]), np.array([15.0])], softplus)
        >>> [round(float(column[0]), 3) for column in kept]  # the high now just above the open
        [20.0, 20.031, 15.0]
        """
        if self.order_gaps is None:
            raise ValueError("This Scaler has no `order_gaps`: it was fitted before they existed, or on data "
                             "that seldom sits at its orders' bounds (`ORDER_BOUND_SHARE`). Keep its orders with "
                             "`in_order`.")
        widths = {tuple(pair): self.ORDER_SOFTNESS * gap for pair, gap in zip(self.orders, self.order_gaps)}

        def raised(upper, lower, pair):
            return lower + widths[pair] * softplus((upper - lower) / widths[pair])

        def lowered(lower, upper, pair):
            return upper - widths[pair] * softplus((upper - lower) / widths[pair])

        return self._kept_in_order(columns, self.orders, raised, lowered)

    @staticmethod
    def _kept_in_order(columns, orders, raised, lowered) -> list:
        """`in_order` with `raised(upper, lower, (upper feature, lower feature))` and
        `lowered(lower, upper, (upper feature, lower feature))`."""
        columns = list(columns)
        lowers_of, uppers_of = {}, {}
        for upper, lower in orders:
            lowers_of.setdefault(upper, []).append(lower)
            uppers_of.setdefault(lower, []).append(upper)
        bottoms = set(uppers_of) - set(lowers_of)
        for bottom in sorted(bottoms):  # above none: lowered to the least of those above it
            for upper in uppers_of[bottom]:
                columns[bottom] = lowered(columns[bottom], columns[upper], (upper, bottom))
        done = set(bottoms)
        while set(lowers_of) - done:  # the rest from the bottom up, each once all below it are done
            ready = sorted(feature for feature in set(lowers_of) - done
                           if all(lower in done for lower in lowers_of[feature]))
            if not ready:
                raise ValueError(f"Expected `orders` without a cycle (one feature above another and below it). "
                                 f"Received: orders={orders}")
            for feature in ready:
                for lower in lowers_of[feature]:
                    columns[feature] = raised(columns[feature], columns[lower], (feature, lower))
            done |= set(ready)
        return columns

    def copy_sources(self) -> list | None:
        """For each feature the feature whose values it takes (itself, or for a copy the feature it
        repeats; see `copies`), or None without copies: `x[..., scaler.copy_sources()]` ties them."""
        if not self.copies:
            return None
        sources = list(range(self.num_features))
        for copy, feature in self.copies:
            sources[copy] = feature
        return sources

    def _static(self, sequences, constant) -> list:
        """The features that keep one value through each of `sequences` (but differ between
        them), where some sequence has two steps or more to show it: numbers, and every
        feature of a block of categories whose category does (some of its features may be
        constant: a category of no sequence)."""
        if sequences is None or not any(len(sequence) > 1 for sequence in sequences):
            return []
        if isinstance(sequences, np.ndarray):  # (num_sequences, time, features)
            same = (sequences.min(axis=1) == sequences.max(axis=1)).all(axis=0)
        else:
            same = np.ones(len(constant), bool)
            for sequence in sequences:
                same &= sequence.min(0) == sequence.max(0)
        static = same & ~constant
        for first, stop in self._block_ranges():
            static[first:stop] = same[first:stop].all() and not constant[first:stop].all()
        return [int(i) for i in np.flatnonzero(static)]

    def _block_ranges(self) -> list:
        """`(first, stop)` of each block of `categorical`, by its first feature."""
        return sorted((first, first + len(categories)) for _, first, categories in self.categorical or ())

    def static_values(self, x, scaled: bool = False) -> np.ndarray:
        """The values sequences `(..., time, features)` keep of the static features,
        `(..., len(static_features))`: per sequence the lower median (the middle value, or the
        lower of the middle two) of each over the first `STATIC_STEPS` steps, and of a
        static block of categories the one-hot of the category of most of those steps (of
        those tied, the earliest); `scaled`: `x` (and the values) in scaled units, not
        original (the medians are the same either way: the scaling and `calibrate`'s maps
        keep the order of values; a step's category is its block's highest feature in
        original units)."""
        array = as_float_array(x, "x")
        self._check(array)
        head = array[..., : self.STATIC_STEPS, :]
        values = np.sort(head[..., self.static_features], axis=-2)[..., (head.shape[-2] - 1) // 2, :]
        position = {feature: index for index, feature in enumerate(self.static_features)}
        for first, stop in self._block_ranges():
            if first not in position:
                continue
            block = head[..., first:stop].astype("float64")
            offset, scale = (self.offset[first:stop], self.scale[first:stop]) if scaled else (0.0, 1.0)
            steps = np.argmax((block - offset) / scale, axis=-1)  # each step's category
            hot = steps[..., None] == np.arange(stop - first)
            earliest = np.where(hot.any(axis=-2), np.argmax(hot, axis=-2), head.shape[-2])
            # most steps, then the earliest: counts weigh more than any step index
            chosen = np.argmax(hot.sum(axis=-2) * (head.shape[-2] + 1) - earliest, axis=-1)
            one_hot = (chosen[..., None] == np.arange(stop - first)).astype("float64")
            values[..., position[first]:position[first] + stop - first] = offset + one_hot * scale
        return values

    def keep_static(self, x) -> np.ndarray:
        """Sequences `(..., time, features)` in original units with each static feature at one
        value at every step, `static_values`' (as `RecurrentGAN.generate` gives them).

        Example (a store's floor area, the same all through each store's weeks):

        >>> import numpy as np
        >>> from tfgan_rnn.scaling import Scaler
        >>> stores = Scaler().fit([np.array([[120.0, 3.0], [120.0, 5.0]]), np.array([[80.0, 2.0], [80.0, 4.0]])])
        >>> stores.keep_static(np.array([[[100.0, 1.0], [90.0, 2.0], [95.0, 3.0], [85.0, 4.0]]]))[0, :, 0]
        array([90., 90., 90., 90.], dtype=float32)
        """
        array = as_float_array(x, "x")
        self._check(array)
        if array.ndim < 3 or not self.static_features:
            return array
        array = array.copy()
        array[..., self.static_features] = self.static_values(array)[..., None, :]
        return array

    @classmethod
    def _decimal_grid(cls, column):
        """The coarsest 10**k, or half, quarter or fifth of it (k from 6 down to -6), that every
        value is a multiple of, or None: a thermometer's half degrees are a grid of 0.5, not 0.1."""
        gap = np.min(np.diff(np.unique(column)))  # a grid is no coarser than the closest two values
        grids = (float(f"{fraction * 10.0**exponent:.12g}")  # 0.2 * 10**-1 as 0.02, not 0.020000000000000004
                 for exponent in cls._GRID_EXPONENTS for fraction in cls._GRID_FRACTIONS)
        for grid in grids:
            if grid > gap * (1 + 1e-3):
                continue
            steps = column / grid
            # Within a thousandth of a step: float32 data keeps its decimals that closely
            # at the magnitudes where a grid matters, and random decimals never pass.
            if np.all(np.abs(steps - np.round(steps)) <= 1e-3):
                return grid
        return None

    def _levels(self):
        """Per feature the values to snap to (None: any value), constants always included."""
        if self.levels is not None:
            return self.levels
        # A scaler saved before levels existed: only its constant features.
        anchor = self.feature_range[0] if self.method == "minmax" else 0.0
        constants = {i: float((anchor - self.offset[i]) / self.scale[i]) for i in self.constant_features}
        return [[constants[i]] if i in constants else None for i in range(self.num_features)]

    def snapping(self) -> list:
        """What `inverse_transform` keeps each feature to, in original units.

        Per feature `("levels", sorted values)`, `("grid", step)` or None (as generated);
        graph code such as the SavedModel export applies the same.

        Example (a 0/1 flag, a count from 0 to 49, a continuous reading):

        >>> import numpy as np
        >>> from tfgan_rnn.scaling import Scaler
        >>> rng = np.random.default_rng(0)
        >>> data = np.stack([rng.integers(0, 2, 100), rng.integers(0, 50, 100), rng.random(100)], axis=1)
        >>> Scaler().fit(data).snapping()
        [('levels', [0.0, 1.0]), ('grid', 1.0), None]
        """
        if not self.fitted:
            raise ValueError("This Scaler is not fitted yet. Call `scaler.fit(data)` first.")
        grids = self.grids or [None] * self.num_features
        return [
            ("levels", levels) if levels is not None else ("grid", grid) if grid is not None else None
            for levels, grid in zip(self._levels(), grids)
        ]

    def calibrate(self, generated, real, generated_categories=None, real_categories=None,
                  category_slice=None, generated_static=None, real_static=None) -> "Scaler":
        """Learns, per feature, the monotone map that takes `generated`'s distribution to
        `real`'s; `inverse_transform(x, generated=True)` applies it from then on. Returns self.

        Both are in scaled units (what `transform` returns and the generator makes), with
        features on the last axis. The map is quantile matching: a value at the q-th
        quantile of the generated values becomes the q-th quantile of the real ones
        (`CALIBRATION_LEVELS` quantiles, linear in between; beyond the generated extremes
        it moves values as much as the extremes). It keeps each feature's order, so a
        sequence's ups and downs stay where the generator put them, and it gives the
        feature the real share of a repeated value (a zero on dry days) and the real
        tails, which a generator ending in a sigmoid matches poorly. Constant features,
        and the one-hot blocks of `categorical`, are left alone.

        With the category of each step (a conditional GAN's one-hot conditions, as
        `tfgan_rnn.data.categories_of` reads them), each category that holds at least
        `CALIBRATION_CATEGORY_STEPS` real steps, and generated ones, gets a map of its own
        (rain's share of dry days is not sun's), learnt on its steps alone (with many
        categories, those with the most real steps first, `CALIBRATION_CATEGORY_VALUES`
        numbers in all);
        `inverse_transform(x, generated=True, categories=...)` applies it to that
        category's steps and the map for all steps to the others.

        Args:
            generated: generated values in scaled units, features last.
            real: real values in scaled units, features last.
            generated_categories, real_categories: optional, both or neither: each step's
                category, integer arrays of the values' shape without the feature axis
                (-1: a step of no category).
            category_slice: where the categories were read in the condition, `(start,
                stop)` as `categories_of` takes it (None: the whole condition); kept as
                `scaler.category_slice`, so that `RecurrentGAN.generate` and the export
                read each step's category from the same entries.
            generated_static, real_static: optional, both or neither: the values of the static
                features that each generated sequence keeps (`static_values`, in scaled
                units) and that each real one holds, `(sequences, len(static_features))`.
                Given, each static feature's map (in every category's too) is learnt from
                them, so that the values generated sequences keep, rather than their steps,
                get the real sequences' distribution.

        Example (generated values bunched in the middle, real ones spread out):

        >>> import numpy as np
        >>> from tfgan_rnn.scaling import Scaler
        >>> rng = np.random.default_rng(0)
        >>> real = rng.random((2000, 1))
        >>> scaler = Scaler().fit(real)
        >>> generated = 0.4 + 0.2 * rng.random((5000, 1))
        >>> scaler = scaler.calibrate(generated, scaler.transform(real))
        >>> values = scaler.inverse_transform(generated, generated=True)
        >>> [round(float(q), 1) for q in np.quantile(values, [0.1, 0.5, 0.9])]
        [0.1, 0.5, 0.9]
        """
        if not self.fitted:
            raise ValueError("This Scaler is not fitted yet. Call `scaler.fit(data)` first.")
        generated, real = as_float_array(generated, "generated"), as_float_array(real, "real")
        for name, array in (("generated", generated), ("real", real)):
            self._check(array)
            check_finite(array, name)
            if array.size == 0:
                raise ValueError(f"`{name}` holds no values. Received: {name}.shape={array.shape}")
        if (generated_categories is None) != (real_categories is None):
            raise ValueError(
                "Expected both `generated_categories` and `real_categories`, or neither. Received: "
                f"generated_categories is {'None' if generated_categories is None else 'given'}, "
                f"real_categories is {'None' if real_categories is None else 'given'}")
        categories = []
        for name, values, given in (("generated_categories", generated, generated_categories),
                                    ("real_categories", real, real_categories)):
            if given is None:
                continue
            given = np.asarray(given)
            if given.shape != values.shape[:-1] or not np.issubdtype(given.dtype, np.integer):
                raise ValueError(
                    f"Expected `{name}` to hold one integer per step, of shape {values.shape[:-1]}. "
                    f"Received: {name} of shape {given.shape} and dtype {given.dtype}")
            categories.append(given.reshape(-1))
        if category_slice is not None:
            if not categories:
                raise ValueError("`category_slice` says where the categories were read; it needs them. Received: "
                                 f"category_slice={category_slice!r} without `generated_categories`")
            category_slice = list(check_category_slice(category_slice))
        if (generated_static is None) != (real_static is None):
            raise ValueError("Expected both `generated_static` and `real_static`, or neither.")
        static_pairs = {}
        if generated_static is not None:
            pairs = []
            for name, given in (("generated_static", generated_static), ("real_static", real_static)):
                given = as_float_array(given, name).astype("float64")
                if given.ndim != 2 or given.shape[1] != len(self.static_features) or not len(given):
                    raise ValueError(f"Expected `{name}` of shape (sequences, {len(self.static_features)}): a value "
                                     f"of each static feature a sequence. Received: {name}.shape={given.shape}")
                pairs.append(given)
            of_blocks = self._categorical_features()  # (a static block's category is not mapped)
            static_pairs = {column: self._pair(pairs[0][:, index], pairs[1][:, index])
                            for index, column in enumerate(self.static_features) if column not in of_blocks}
        generated = generated.reshape(-1, self.num_features).astype("float64")
        real = real.reshape(-1, self.num_features).astype("float64")
        self.calibration = self._quantile_map(generated, real, static_pairs)
        self.category_calibration = None
        self.category_slice = category_slice
        if categories:
            generated_categories, real_categories = categories
            found, counts = np.unique(real_categories[real_categories >= 0], return_counts=True)
            per_map = 2 * self.CALIBRATION_LEVELS * self.num_features
            largest_first = [found[index] for index in np.argsort(-counts, kind="stable")
                             if counts[index] >= self.CALIBRATION_CATEGORY_STEPS
                             and np.any(generated_categories == found[index])]
            self.category_calibration = {
                int(category): self._quantile_map(generated[generated_categories == category],
                                                  real[real_categories == category], static_pairs)
                for category in largest_first[: self.CALIBRATION_CATEGORY_VALUES // per_map]
            } or None
        return self

    def _quantile_map(self, generated, real, static_pairs=None):
        """`calibrate`'s map, one `[source, target]` pair (or None) per feature, from
        `(steps, features)` float64 values (`static_pairs`: the pairs of features learnt
        from per-sequence values instead)."""
        calibration, left_alone = [], set(self.constant_features) | self._categorical_features()
        for feature in range(self.num_features):
            if feature in left_alone:
                calibration.append(None)
            elif feature in (static_pairs or {}):
                calibration.append(static_pairs[feature])
            else:
                calibration.append(self._pair(generated[:, feature], real[:, feature]))
        return calibration

    @classmethod
    def _pair(cls, generated, real):
        """One feature's `[source, target]` quantiles, from its generated and real values."""
        levels = np.linspace(0.0, 1.0, cls.CALIBRATION_LEVELS)
        source, target = np.quantile(generated, levels), np.quantile(real, levels)
        # A value the generator repeats (a saturated sigmoid) maps to the middle of
        # the real quantiles it spans: one x, one y, so the map stays a function.
        source, first, counts = np.unique(source, return_index=True, return_counts=True)
        target = np.add.reduceat(target, first) / counts
        return [source.tolist(), target.tolist()]

    def _calibrated(self, values, categories=None):
        """`calibrate`'s maps applied to scaled `values` (float64, features last), each
        step of a category with a map of its own through that one."""
        if self.calibration is None:
            return values
        mapped = self._mapped(values.copy(), self.calibration)
        if categories is not None and self.category_calibration:
            categories = np.asarray(categories)
            for category, pairs in self.category_calibration.items():
                steps = categories == category
                if steps.any():
                    mapped[steps] = self._mapped(values[steps], pairs)
        return mapped

    @staticmethod
    def _mapped(values, pairs):
        for feature, pair in enumerate(pairs):
            if pair is None:
                continue
            source, target = np.asarray(pair[0]), np.asarray(pair[1])
            column = values[..., feature]
            mapped = np.interp(column, source, target)
            mapped = np.where(column < source[0], target[0] + column - source[0], mapped)
            values[..., feature] = np.where(column > source[-1], target[-1] + column - source[-1], mapped)
        return values

    def _check(self, array):
        if not self.fitted:
            raise ValueError("This Scaler is not fitted yet. Call `scaler.fit(data)` first.")
        if array.shape[-1] != self.num_features:
            raise ValueError(
                f"The scaler was fitted on {self.num_features} features. "
                f"Received: x.shape={array.shape}"
            )

    def transform(self, x) -> np.ndarray:
        """Original units -> scaled units."""
        array = as_float_array(x, "x")
        self._check(array)
        return (array * self.scale + self.offset).astype("float32")

    def inverse_transform(self, x, generated: bool = False, categories=None) -> np.ndarray:
        """Scaled units -> original units, kept to each feature's levels or grid (see above).

        With `generated=True` (values a generator made, not real data in scaled units),
        `calibrate`'s map, if learnt, comes first; `categories` (each step's category, as
        `calibrate` takes them) sends the steps of a category with a map of its own
        through that one. (Static features stay as generated here: `keep_static` holds them.)
        """
        array = as_float_array(x, "x").astype("float64")
        self._check(array)
        if categories is not None and np.shape(categories) != array.shape[:-1]:
            raise ValueError(f"Expected `categories` to hold one category per step, of shape {array.shape[:-1]}. "
                             f"Received: categories of shape {np.shape(categories)}")
        if generated:
            array = self._calibrated(array, categories)
        if self.categorical:
            array = self.snap_categories(array).astype("float64")
        values = (array - self.offset) / self.scale
        for feature, kept in enumerate(self.snapping()):
            if kept is None:
                continue
            column = values[..., feature]
            if kept[0] == "grid":
                values[..., feature] = np.round(column / kept[1]) * kept[1]
                continue
            levels = np.asarray(kept[1])
            if len(levels) == 1:
                values[..., feature] = levels[0]
                continue
            # The nearest level by bisection (memory: one index per value); ties go down.
            above = np.clip(np.searchsorted(levels, column), 1, len(levels) - 1)
            below = above - 1
            nearer_below = column - levels[below] <= levels[above] - column
            values[..., feature] = np.where(nearer_below, levels[below], levels[above])
        if self.orders:
            values = np.stack(self.in_order([values[..., feature] for feature in range(values.shape[-1])],
                                            self.orders, np.maximum, np.minimum), axis=-1)
        if self.copies:
            values = values[..., self.copy_sources()]
        return values.astype("float32")

    def get_config(self) -> dict:
        """The scaler as JSON-ready values; `Scaler.from_config` restores it.

        Example:

        >>> import json, numpy as np
        >>> from tfgan_rnn.scaling import Scaler
        >>> scaler = Scaler(feature_names=["price"]).fit(np.array([[1.5], [4.0], [2.5]]))
        >>> restored = Scaler.from_config(json.loads(json.dumps(scaler.get_config())))
        >>> restored.feature_names, restored.inverse_transform(np.array([[0.4]]))
        (['price'], array([[2.5]], dtype=float32))
        """
        return {
            "method": self.method,
            "feature_range": list(self.feature_range),
            "feature_names": self.feature_names,
            "offset": None if self.offset is None else self.offset.tolist(),
            "scale": None if self.scale is None else self.scale.tolist(),
            "constant_features": self.constant_features,
            "static_features": self.static_features,
            "snap": self.snap,
            "levels": self.levels,
            "grids": self.grids,
            "calibration": self.calibration,
            "category_calibration": None if self.category_calibration is None else {
                str(category): pairs for category, pairs in self.category_calibration.items()},
            "category_slice": self.category_slice,
            "categorical": self.categorical,
            "copies": self.copies,
            "orders": self.orders,
            "order_gaps": self.order_gaps,
        }

    @classmethod
    def from_config(cls, config: dict) -> "Scaler":
        return cls(**config)
