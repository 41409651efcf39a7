"""The forge a deck's repository lives on: reading ``repository:`` and the URLs built from it.

GitHub, GitLab and Gitea (Codeberg, Forgejo) each spell a new issue and a file at a line in
their own way; this module is the one place that knows how. A card's "Report a mistake" link
(``render/report.py``), ``init`` and ``ankismith reports`` all use it.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode, urlsplit

import msgspec

MAX_URL = 8000
"""Longest report URL we write, in bytes: GitHub answers 414 past about 8 KB, and GitLab and
Gitea accept at least that much (nginx and Go's default limits on a request line)."""
ISSUE_FORM = "card-report.yml"
"""The issue form ``init`` writes under ``.github/ISSUE_TEMPLATE/``."""
FORM_FIELDS = ("card-id", "release", "card", "problem", "fix")
"""Ids of the issue form's fields; the first three are prefilled by a card's link."""
_HOSTS = {
    "github.com": "github",
    "gitlab.com": "gitlab",
    "codeberg.org": "gitea",
    "gitea.com": "gitea",
}
_PREFIXES = (("gitlab.", "gitlab"), ("gitea.", "gitea"), ("forgejo.", "gitea"), ("git.", "gitea"))
_SEGMENT = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9_.-]*")
SHAPE = r"^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9_.][A-Za-z0-9_.-]*){2,}/?$"
"""What a repository URL looks like, for editors (``read_repository`` judges it in full)."""


class Repository(msgspec.Struct, frozen=True):
    """A repository on a forge, as ``repository:`` names it."""

    forge: str
    """``github``, ``gitlab`` or ``gitea`` (Gitea, Forgejo, Codeberg)."""
    url: str
    """``https://host/owner/name``, without ``.git`` or a trailing slash."""

    @property
    def issues_new(self) -> str:
        """Return the page that opens a new issue."""
        return f"{self.url}/-/issues/new" if self.forge == "gitlab" else f"{self.url}/issues/new"

    def blob(self, ref: str, path: str, line: int) -> str:
        """Return the link to ``path`` at ``line`` as it is in ``ref`` (tag, branch or commit)."""
        where = quote(path)
        ref = quote(ref, safe="")
        if self.forge == "gitlab":
            return f"{self.url}/-/blob/{ref}/{where}#L{line}"
        if self.forge == "gitea":
            return f"{self.url}/src/commit/{ref}/{where}#L{line}"
        return f"{self.url}/blob/{ref}/{where}#L{line}"

    def new_issue(self, title: str, body: str, form: dict[str, str]) -> str:
        """Return the URL of a new issue prefilled with ``title`` and ``body``.

        On GitHub it also names the issue form and fills its fields (``form``, by field id):
        GitHub then ignores ``body``, which serves where the repository has no such form.
        """
        if self.forge == "gitlab":
            query = {"issue[title]": title, "issue[description]": body}
        elif self.forge == "gitea":
            query = {"title": title, "body": body}
        else:
            query = {"template": ISSUE_FORM, "title": title, **form, "body": body}
        return f"{self.issues_new}?{urlencode(query, quote_via=quote)}"


def read_repository(value: str) -> tuple[Repository | None, str]:
    """Return the repository ``value`` names, or None and why it names none."""
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme != "https":
        return None, "'repository' must be an https URL, e.g. https://github.com/you/deck"
    if parts.query or parts.fragment or "@" in parts.netloc or not parts.hostname:
        return None, "'repository' must be the repository's own page, with no query or '#'"
    host = parts.hostname.lower()
    forge = _HOSTS.get(host) or next((f for p, f in _PREFIXES if host.startswith(p)), None)
    if forge is None:
        return None, (
            f"'repository' host {host!r} is not a known forge: use GitHub, GitLab, Codeberg, "
            "or a host named gitlab.*, gitea.*, forgejo.* or git.*"
        )
    path = parts.path.strip("/").removesuffix(".git")
    segments = path.split("/")
    wanted = "at least 2" if forge == "gitlab" else "2"
    if len(segments) < 2 or (forge != "gitlab" and len(segments) != 2):
        return None, f"'repository' must name owner and repository ({wanted} path parts)"
    if not all(_SEGMENT.fullmatch(s) for s in segments):
        return None, "'repository' has a path part a forge would not accept"
    port = f":{parts.port}" if parts.port else ""
    return Repository(forge, f"https://{host}{port}/{path}"), ""
