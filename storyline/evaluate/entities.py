"""Entity scoring: mentions are matched by shared surface forms, since ids and names may differ."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .crossdoc import id_consistency
from .docs import DocPair, items
from .matching import count_equal, greedy_match
from .metrics import detection, ratio
from .normalize import norm_set, norm_text

Entity = dict[str, Any]


def alias_keys(entity: Entity) -> set[str]:
    """Normalized aliases plus the normalized name: the keys two entities are matched on."""
    keys = norm_set(entity.get("aliases"))
    name = norm_text(entity.get("name"))
    if name:
        keys.add(name)
    return keys


def surface_keys(entity: Entity) -> set[str]:
    """Normalized aliases only: the grouping of surface forms that alias-merge accuracy checks."""
    return norm_set(entity.get("aliases"))


def match_entities(gold: Sequence[Entity], pred: Sequence[Entity]) -> list[tuple[int, int]]:
    """One-to-one greedy matching by the size of the alias-set intersection (largest first)."""
    gold_keys = [alias_keys(e) for e in gold]
    pred_keys = [alias_keys(e) for e in pred]

    def scorer(gi: int, pi: int) -> tuple[int, float] | None:
        shared = len(gold_keys[gi] & pred_keys[pi])
        if not shared:
            return None
        union = len(gold_keys[gi] | pred_keys[pi])
        return (-shared, -shared / union)

    return greedy_match(len(gold), len(pred), scorer)


def _same_type(g: Entity, p: Entity) -> bool:
    """Entity types compare case-insensitively (PER/ORG/LOC)."""
    return norm_text(g.get("type")) == norm_text(p.get("type"))


def _same_aliases(g: Entity, p: Entity) -> bool:
    """Both sides grouped exactly the same surface forms into this entity."""
    return surface_keys(g) == surface_keys(p)


def score_entities(docs: Sequence[DocPair]) -> tuple[dict[str, Any], dict[str, dict[str, int]]]:
    """Report section for entities and per-document counts."""
    n_gold = n_pred = n_matched = n_type = n_alias = 0
    records: list[tuple[str, Any, Any]] = []
    per_doc: dict[str, dict[str, int]] = {}
    for doc in docs:
        gold, pred = items(doc.gold, "entities"), items(doc.pred, "entities")
        pairs = match_entities(gold, pred)
        n_gold, n_pred, n_matched = n_gold + len(gold), n_pred + len(pred), n_matched + len(pairs)
        n_type += count_equal(pairs, gold, pred, _same_type)
        n_alias += count_equal(pairs, gold, pred, _same_aliases)
        records.extend((doc.doc_id, gold[gi].get("id"), pred[pi].get("id")) for gi, pi in pairs)
        per_doc[doc.doc_id] = {"gold": len(gold), "pred": len(pred), "matched": len(pairs)}
    section = detection(n_matched, n_gold, n_pred)
    section["type_accuracy"] = ratio(n_type, n_matched)
    section["alias_merge_accuracy"] = ratio(n_alias, n_matched)
    section.update(id_consistency(records))
    return section, per_doc
