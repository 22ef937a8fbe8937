"""The whole review loop through the CLI, against a real Label Studio: build → sync push → push again (no change)
→ an annotator accepts, corrects a span, deletes a claim and adds one → sync pull → build → the new release
holds each change."""

from __future__ import annotations

import copy

import pytest

from builder.release.features import features_for
from builder.release.writer import iter_rows

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _review(result: list[dict], text: str) -> tuple[list[dict], dict]:
    """Accept everything except: 'Donald Trump' narrowed to 'Trump', the first claim deleted, a claim added."""
    result = copy.deepcopy(result)
    trump = next(r for r in result if r.get("from_name") == "mention" and r["value"]["text"] == "Donald Trump")
    for r in result:  # the mention and its actor_id text area share the region id
        if r.get("id") == trump["id"]:
            r["value"].update(start=trump["value"]["start"] + 7)
            if r["from_name"] == "mention":
                r["value"]["text"] = "Trump"
    claim = next(r for r in result if r.get("from_name") == "claim")
    linked = {r["to_id"] for r in result if r.get("type") == "relation" and r["from_id"] == claim["id"]
              and r.get("labels") == ["cue"]}
    gone = {claim["id"], *linked}
    result = [r for r in result if r.get("id") not in gone
              and not (r.get("type") == "relation" and (r["from_id"] in gone or r["to_id"] in gone))]
    phrase = "eineinhalb Stunden"
    start = text.index(phrase)
    result.append({"id": "added01", "from_name": "claim", "to_name": "text", "type": "labels", "origin": "manual",
                   "value": {"start": start, "end": start + len(phrase), "text": phrase,
                             "labels": ["unattributed_assertion"]}})
    return result, {"deleted": claim["value"]["text"], "added": phrase}


def test_studio_cli_review_loop_reaches_the_next_release(cli, config_file, config, client, studio_server,
                                                          project, monkeypatch):
    monkeypatch.setenv("LABEL_STUDIO_URL", studio_server.url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", studio_server.credentials.api_key)
    assert cli("build", "-c", config_file, "-q").exit_code == 0

    pushed = cli("sync", "push", "-c", config_file, "-p", project, "-q")
    assert pushed.exit_code == 0, pushed.stderr
    assert "5 created, 0 updated, 0 unchanged" in pushed.stdout
    again = cli("sync", "push", "-c", config_file, "-p", project, "-q")
    assert again.exit_code == 0 and "0 created, 0 updated, 5 unchanged" in again.stdout

    found = client.find_project(project)
    task = next(t for t in client.iter_tasks(found["id"], fields="all")
                if t["data"]["text"].count("Donald Trump") and "eineinhalb Stunden" in t["data"]["text"])
    prediction = task["predictions"][0]
    result, what = _review(prediction["result"], task["data"]["text"])
    client.create_annotation(task["id"], result, parent_prediction=prediction["id"])

    pulled = cli("sync", "pull", "-c", config_file, "-p", project, "-q")
    assert pulled.exit_code == 0, pulled.stderr
    article_id = task["data"]["article_id"]
    assert (config.annotations / f"{article_id}.yaml").is_file()

    built = cli("build", "-c", config_file, "-q")
    assert built.exit_code == 0, built.stderr
    release = config.releases / "claimset-de" / "1.1.0"  # an added record is a new annotation: minor version
    assert built.stdout.strip() == str(release)

    status = features_for("claims")["provenance"]["status"]
    claims = [r for r in iter_rows(release, "claims") if r["article_id"] == article_id]
    by_text = {r["text"]: status.int2str(r["provenance"]["status"]) for r in claims}
    assert by_text[what["added"]] == "added"
    assert by_text[what["deleted"]] == "rejected"
    assert "accepted" in by_text.values()
    mentions = {(r["text"], status.int2str(r["provenance"]["status"]))
                for r in iter_rows(release, "mentions") if r["article_id"] == article_id}
    assert ("Trump", "corrected") in mentions and ("Donald Trump", "corrected") not in mentions
    changelog = (release / "CHANGELOG.md").read_text()
    assert "Changes since version 1.0.0." in changelog and "- added `clm_" in changelog
