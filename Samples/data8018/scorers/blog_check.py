#!/usr/bin/env python3
"""An external scorer for Gradebook (the `external` scorer's protocol, docs/external-scorers.md).

Reads the item's data as JSON on stdin; for each group, finds the blog page its members uploaded for
the `project` item and checks it: enough sections, enough words, enough references. Answers
{"scores": {GROUP: {"score": x, "evidence": [...]}}} on stdout, each score in [0, 1].
"""
import html.parser
import json
import os
import sys


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.sections, self.words, self.references, self._in_refs, self._tag = 0, 0, 0, False, None

    def handle_starttag(self, tag, attrs):
        self._tag = tag
        if tag == "h2":
            self.sections += 1
        if tag == "li" and self._in_refs:
            self.references += 1

    def handle_data(self, data):
        if self._tag == "h2":
            self._in_refs = data.strip().lower() == "references"
        elif self._tag == "p":
            self.words += len(data.split())


def main():
    request = json.load(sys.stdin)
    options = request.get("config", {})
    min_words = int(options.get("min_words", "300"))
    min_refs = int(options.get("min_references", "5"))
    uploads = {}
    for upload in request["uploads"]:
        if upload["item"] == "project":
            uploads.setdefault(upload["student"], upload)
    scores = {}
    for group in request["targets"]:
        files = [uploads[m]["file"] for m in request["groups"].get(group, []) if m in uploads]
        if not files or not os.path.exists(files[0]):
            continue  # no blog: Gradebook marks the group's members missing
        page = Page()
        with open(files[0], encoding="utf-8") as f:
            page.feed(f.read())
        content_sections = max(0, page.sections - 1)  # the References heading is not a content section
        parts = [min(1, content_sections / 4), min(1, page.words / min_words), min(1, page.references / min_refs)]
        scores[group] = {
            "score": round(sum(parts) / 3, 4),
            "evidence": [f"{content_sections} section(s), {page.words} word(s), {page.references} reference(s) in {files[0]}"],
        }
    json.dump({"scores": scores}, sys.stdout)


if __name__ == "__main__":
    main()
