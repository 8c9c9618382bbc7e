"""An app's offline copy kept only through /api/v1/sync/ (plus the detail fetches sync asks for), and the fresh
full fetch of every resource it must equal. `get(path, params)` is how either reaches the API: the test client
in process, or HTTP to a server in another process."""

LISTS = {
    "treatments": "/api/v1/treatments/",
    "cases": "/api/v1/cases/",
    "products": "/api/v1/products/",
    "clinicians": "/api/v1/clinicians/",
    "conditions": "/api/v1/conditions/",
}
PLURAL = {
    "treatment": "treatments",
    "case": "cases",
    "product": "products",
    "clinician": "clinicians",
    "condition": "conditions",
}


def treatment_detail_path(pk):
    return f"/api/v1/treatments/{pk}/"


class OfflineCopy:
    def __init__(self, get):
        self.get = get
        self.cursor = None
        self.items = {plural: {} for plural in LISTS}
        self.details = {}
        self.answers = []

    def sync(self, limit=100):
        """Follow cursors until the server has nothing more; returns the answers read."""
        answers = []
        while True:
            params = {"limit": limit}
            if self.cursor is not None:
                params["since"] = self.cursor
            data = self.get("/api/v1/sync/", params)
            answers.append(data)
            self.apply(data)
            if not data["has_more"]:
                break
        self.answers = answers
        return answers

    def apply(self, data):
        if data["full"]:
            self.items = {plural: {} for plural in LISTS}
            self.details = {}
        for plural, items in data["changes"].items():
            for item in items:
                self.items[plural][item["id"]] = item
                if plural == "treatments":
                    self.details[item["id"]] = self.get(treatment_detail_path(item["id"]), {})
        for tombstone in data["tombstones"]:
            plural = PLURAL[tombstone["type"]]
            self.items[plural].pop(tombstone["id"], None)
            if plural == "treatments":
                self.details.pop(tombstone["id"], None)
        self.cursor = data["cursor"]

    def as_fetched(self):
        return {"items": self.items, "details": self.details}


def fresh_copy(get):
    """Every resource, listed afresh, and every treatment's detail."""
    items = {}
    for plural, path in LISTS.items():
        found, offset = {}, 0
        while True:
            page = get(path, {"limit": 100, "offset": offset})
            for item in page["results"]:
                found[item["id"]] = item
            if not page.get("next"):
                break
            offset += 100
        items[plural] = found
    details = {pk: get(treatment_detail_path(pk), {}) for pk in items["treatments"]}
    return {"items": items, "details": details}


def differences(copy, fresh):
    """What the offline copy has wrong, as readable lines (empty when it equals the fresh fetch)."""
    lines = []
    for plural in LISTS:
        have, want = copy["items"][plural], fresh["items"][plural]
        for pk in sorted(set(have) | set(want)):
            if pk not in want:
                lines.append(f"{plural} {pk}: kept, but gone from the API")
            elif pk not in have:
                lines.append(f"{plural} {pk}: missing from the copy")
            elif have[pk] != want[pk]:
                lines.append(f"{plural} {pk}: stale ({_first_difference(have[pk], want[pk])})")
    for pk in sorted(set(copy["details"]) | set(fresh["details"])):
        if copy["details"].get(pk) != fresh["details"].get(pk):
            lines.append(
                f"treatment {pk} detail: stale ({_first_difference(copy['details'].get(pk), fresh['details'].get(pk))})"
            )
    return lines


def _first_difference(have, want, path=""):
    if isinstance(have, dict) and isinstance(want, dict):
        for key in sorted(set(have) | set(want)):
            if have.get(key) != want.get(key):
                return _first_difference(have.get(key), want.get(key), f"{path}.{key}")
    if isinstance(have, list) and isinstance(want, list) and len(have) == len(want):
        for index, (a, b) in enumerate(zip(have, want, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{path}[{index}]")
    return f"{path or 'value'}: {str(have)[:80]!r} != {str(want)[:80]!r}"
