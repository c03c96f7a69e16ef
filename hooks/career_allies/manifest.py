"""What the browser needs to know about the course, as plain JSON-ready data.

The reader's answers are stored by id; these summaries let My plan, progress
and the Markdown export put labels back on them, in reading order.
"""

from __future__ import annotations

from typing import Any

from .vocabulary import CHOICE_TYPES, storage_key

__all__ = ["storage_key", "summary"]


def summary(definition: dict[str, Any]) -> dict[str, Any]:
    """Labels for one worksheet or self-assessment, keyed by the stored ids.
    Its kind, id, title and storage key are in the course index already."""
    out: dict[str, Any] = {}
    if definition["kind"] == "worksheet":
        fields = []
        for f in definition["fields"]:
            item: dict[str, Any] = {"id": f["id"], "type": f["type"], "label": f["label"]}
            if f["type"] in CHOICE_TYPES:
                item["options"] = {o["id"]: o["label"] for o in f["options"]}
            if f["type"] == "rating":
                item["low"], item["high"] = f["low"], f["high"]
            if f["type"] == "table":
                item["columns"] = [{"id": c["id"], "label": c["label"]} for c in f["columns"]]
            fields.append(item)
        out["fields"] = fields
    else:
        out["statements"] = [
            {"id": s["id"], "text": s["text"], "weight": s["weight"]} for s in definition["statements"]
        ]
        out["scale"] = {str(s["value"]): s["label"] for s in definition["scale"]}
        out["bands"] = [{"min": b["min"], "max": b["max"], "name": b["name"]} for b in definition["bands"]]
        out["max"] = definition["max"]
    return out
