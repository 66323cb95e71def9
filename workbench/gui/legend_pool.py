"""A pyqtgraph legend whose entries taken out are kept, hidden, and used again for an entry of the same text.

Making an entry's label (a ``LabelItem``: its text laid out by Qt) costs 1-4 ms, 8-16 under load; a
sequence with 25 saved runs opened again after another made 25 of them in the frame view's legend and as
many in the Timeline's, each time. Both legends keep the entries they take out here (``PooledLegend``):
an entry asked again under the same text (and ``variant``: the frame view's labels on one line have tight
margins) gets one kept, its sample drawing the new item; beyond ``spare_cap`` kept, the oldest are freed.
This is the one module that reaches into pyqtgraph's legend (its ``items``, layout hooks and samples)."""
from __future__ import annotations

import pyqtgraph as pg


class PooledLegend(pg.LegendItem):
    """``pg.LegendItem`` keeping the entries it loses (``take_out``, ``take_all_out``, and pyqtgraph's own
    ``removeItem`` / ``clear``) for ``add_entry`` (and ``addItem``) to use again."""

    SPARE_CAP = 64  # entries kept out of the legend, at most (the oldest are freed beyond it)

    def __init__(self, *args, spare_cap: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.spare_cap = self.SPARE_CAP if spare_cap is None else spare_cap
        # (text, variant) -> [(sample, label)], kept longest last; the keys in the order they were last put
        self._spare: dict[tuple, list] = {}
        self._variant: dict[int, object] = {}  # id(label) -> the variant its entry was made with

    # --- what is kept ------------------------------------------------------------------------
    def spare_count(self) -> int:
        return sum(len(v) for v in self._spare.values())

    def has_spare(self, text: str, variant=None) -> bool:
        return bool(self._spare.get((text, variant)))

    def variant_of(self, label) -> object:
        return self._variant.get(id(label))

    # --- entries in ----------------------------------------------------------------------------
    def add_entry(self, item, text: str, variant=None, on_made=None) -> tuple:
        """An entry for ``item`` (a curve, or anything with the ``opts`` and visibility a sample reads) reading
        ``text``, added last: one kept under ``(text, variant)`` when there is one, its sample drawing ``item``
        now; else made by pyqtgraph, ``on_made(label)`` called on its new label. Returns (sample, label)."""
        kept = self._spare.get((text, variant))
        if not kept:
            super().addItem(item, text)
            sample, label = self.items[-1]
            self._variant[id(label)] = variant
            if on_made is not None:
                on_made(label)
            return sample, label
        sample, label = kept.pop()
        if not kept:
            del self._spare[(text, variant)]
        sample.item = item
        sample.show()
        label.show()
        sample.update()
        self.items.append((sample, label))
        self._addItemToLayout(sample, label)
        self.updateSize()
        return sample, label

    def addItem(self, item, name) -> None:
        """pyqtgraph's, with an entry kept under ``name`` when there is one (``add_entry``)."""
        self.add_entry(item, name)

    # --- entries out -----------------------------------------------------------------------------
    def take_out(self, sample, label) -> None:
        """The entry out of the legend's layout (the caller takes it out of ``items``), hidden and kept."""
        self._unlay(sample)
        self._unlay(label)
        self._keep(sample, label)
        self._trim()

    def take_all_out(self) -> None:
        """Every entry out of the legend (``items`` emptied), hidden and kept."""
        lay = self.layout
        for i in range(lay.count() - 1, -1, -1):
            lay.removeAt(i)
        for sample, label in self.items:
            self._keep(sample, label)
        self.items = []
        self._trim()

    def _removeItemFromLayout(self, *items) -> None:
        """pyqtgraph's hook (``removeItem``, ``clear``): a sample and its label are kept, not closed."""
        if len(items) == 2 and isinstance(items[0], pg.ItemSample) and isinstance(items[1], pg.LabelItem):
            self.take_out(*items)
            return
        for item in items:
            self._free(item)

    def _keep(self, sample, label) -> None:
        sample.hide()
        label.hide()
        key = (label.text, self._variant.get(id(label)))
        self._spare[key] = self._spare.pop(key, []) + [(sample, label)]  # last in the order: kept longest

    def _trim(self) -> None:
        """Beyond ``spare_cap`` kept, the oldest freed."""
        n = self.spare_count()
        while n > self.spare_cap:
            key = next(iter(self._spare))
            entries = self._spare[key]
            sample, label = entries.pop(0)
            if not entries:
                del self._spare[key]
            self._variant.pop(id(label), None)
            self._free(sample)
            self._free(label)
            n -= 1

    def _unlay(self, item) -> None:
        if item.parentLayoutItem() is self.layout:  # (Qt warns of an item not in the layout)
            self.layout.removeItem(item)

    def _free(self, item) -> None:
        self._unlay(item)
        item.close()
        if item.scene() is not None:  # (PySide leaves a closed item in its scene: pyqtgraph's own removal)
            item.scene().removeItem(item)
