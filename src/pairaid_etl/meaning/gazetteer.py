"""The gazetteer: regions (``regions.csv``) by every surface form, with their parents for
"X of Y" chains.  Built once per lexicon; ``places`` finds the mentions in a document.
"""

from __future__ import annotations

from ..knowledge import Region
from .context import cached
from .lexicon import Lexicon

TOP_LEVELS = ("province", "country")
_LEVELS = ("country", "province", "prefecture", "county")


def choose_region(candidates: list[Region], context: set[str]) -> Region:
    """Pick among same-named regions: one under a region of the document, else the highest."""
    if len(candidates) == 1:
        return candidates[0]
    for region in candidates:
        if region.parent in context:
            return region
    return sorted(candidates, key=lambda r: _LEVELS.index(r.level))[0]


class Gazetteer:
    """Region lookup by any surface form, with parents for "X of Y" chains."""

    def __init__(self, regions: tuple[Region, ...]):
        self.regions = regions
        self.by_form: dict[str, list[Region]] = {}
        for region in regions:
            for form in region.surface_forms():
                self.by_form.setdefault(form, []).append(region)
        self.named: dict[str, list[Region]] = {}
        for region in regions:
            self.named.setdefault(region.name, []).append(region)
        self.by_name = {r.name: r for r in regions if r.level in TOP_LEVELS}
        for region in regions:
            self.by_name.setdefault(region.name, region)
        self._ancestors: dict[str, list[str]] = {}
        self._donor_side: dict[str, set[str]] = {}

    def ancestors(self, region: Region) -> list[str]:
        key = f"{region.name}\t{region.level}\t{region.parent}"
        found = self._ancestors.get(key)
        if found is None:
            found, parent = [], region.parent
            while parent:
                found.append(parent)
                parent = self.by_name[parent].parent if parent in self.by_name else None
            self._ancestors[key] = found
        return found

    def province(self, name: str | None, context: set[str] = frozenset()) -> str | None:
        """The province-level region (or the country) ``name`` lies in; None when unknown.
        Same-named places are told apart by the document's regions (``context``), as in
        ``choose_region``: Yulin of Shaanxi in a Jiangsu-Shaanxi bulletin, not Yulin of Guangxi."""
        candidates = self.named.get(name) if name else None
        if not candidates:
            return None
        region = choose_region(candidates, context)
        if region.level in TOP_LEVELS:
            return region.name
        chain = self.ancestors(region)
        return next((a for a in chain if self.by_name[a].level == "province"), None)

    def common_province(self, names: list[str], context: set[str] = frozenset()) -> str | None:
        """The one province all ``names`` lie in; None when they span several or one is unknown."""
        found = {self.province(n, context) for n in names}
        return found.pop() if len(found) == 1 else None

    def donor_side(self, donor: str | None) -> set[str]:
        """The donor and every region under it."""
        if not donor:
            return set()
        found = self._donor_side.get(donor)
        if found is None:
            found = self._donor_side[donor] = {r.name for r in self.regions
                                               if r.name == donor or donor in self.ancestors(r)}
        return found


def gazetteer(lexicon: Lexicon) -> Gazetteer:
    """The lexicon's gazetteer (built once per lexicon)."""
    return cached(lexicon, "gazetteer", lambda: Gazetteer(lexicon.regions))
