"""A pushed task's labeling page in headless Chromium (Debian's ``chromium``) shows the pre-annotated regions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.studio.sync import push
from builder.studio.tasks import cue_region_id

from studio_testdocs import EMOJI_TEXT, RULE_VERSION, council_doc

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def test_studio_labeling_page_shows_predicted_regions_and_labels(studio_server, client, project, tmp_path):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run .ci/install-studio.sh (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    doc = council_doc(EMOJI_TEXT, source="browser.txt")  # emoji before the spans: offsets must still hit
    pushed = push([doc], client=client, project=project, model_version=RULE_VERSION)
    [task] = list(client.iter_tasks(pushed.project_id, include="id"))
    creds = studio_server.credentials
    expected = {m.mention_id: m.text for m in doc.mentions}
    expected.update({c.claim_id: c.text for c in doc.claims})
    expected.update({cue_region_id(c.claim_id): c.cue_text for c in doc.claims})
    with sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_viewport_size({"width": 1400, "height": 2400})  # the regions list renders what fits
            page.goto(f"{studio_server.url}/user/login/")
            page.fill("input[name=email]", creds.username)
            page.fill("input[name=password]", creds.password)
            page.click("button[type=submit]")
            page.wait_for_url(lambda url: "/user/login" not in url, timeout=60_000)  # logged in
            page.goto(f"{studio_server.url}/projects/{pushed.project_id}/data?task={task['id']}")
            page.wait_for_selector(".htx-highlight", timeout=120_000)
            page.wait_for_timeout(500)  # let every region render
            highlights = page.eval_on_selector_all(".htx-highlight", "els => els.map(e => [e.className, e.textContent])")
            body = page.inner_text("body")
        finally:
            browser.close()
    shown: dict[str, str] = {}
    for classes, text in highlights:
        match = re.search(r"htx-highlight-((?:men|clm|cue)_[0-9a-f]{16})", classes)
        if match:
            shown[match.group(1)] = shown.get(match.group(1), "") + text
    assert shown == expected  # every predicted region, over exactly its text
    for m in doc.mentions:  # the regions list names each region's label
        assert f"{m.type}\n{m.text}" in body
    for c in doc.claims:
        assert f"{c.kind}\n{c.text}" in body
