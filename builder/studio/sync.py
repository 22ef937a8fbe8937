"""Two-way sync between the corpus and a Label Studio project: :func:`push` predictions, :func:`pull` annotations.

**Push** makes one task per article (``data``: text, article id, text hash; one prediction with the rules'
``model_version``). Each task's ``meta`` carries the article id, the text hash and a fingerprint of everything the
task is made from (:func:`document_fingerprint`), so a push lists the project's tasks *without* their texts and
predictions, compares fingerprints, and builds and validates only the tasks it sends:

- no task for the article: created (imports go in batches);
- same fingerprint, prediction present: unchanged — a second push of an unchanged corpus sends nothing;
- different fingerprint (text or predictions changed), or the prediction is missing (an earlier push died
  half-way): the task's prediction and data are replaced, *unless a human has touched the task* (an annotation,
  a skip, or a draft) — then it is only reported as needing review; human work is never overwritten or deleted.

Failures: an import whose answer is lost (timeout, dropped connection, 5xx) may or may not have landed, so it is
never blindly repeated: the project is listed again and only the articles still missing are imported. A re-run
after any failure does the same, so it finishes the job without duplicates.

**Pull** reads every annotation of every annotator (skipped ones too), converts each with
:func:`builder.studio.tasks.annotation_to_human`, adds it to the versions already in
``annotations/<article_id>.yaml`` (:func:`builder.store.combine_versions`: nothing stored is dropped) and writes
the file atomically. An annotation whose task text no longer matches the article is kept and flagged stale.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from builder.document import Document
from builder.errors import RetryableError, StudioError
from builder.store import WriteResult, annotation_path, combine_versions, read_annotation_file, write_annotations
from builder.studio import interface as ui
from builder.studio.client import StudioClient
from builder.studio.tasks import TaskError, annotation_to_human, document_to_task
from schemas import Article

#: Default project title.
DEFAULT_PROJECT = "claimset"
#: Tasks per import call (Label Studio's own import batch is 500 tasks).
BATCH_SIZE = 500
#: Task fields read by push: no texts, no predictions, no per-task counts (Label Studio computes those per row,
#: which costs more than the rest of a no-change push); the counts come from two filtered listings instead.
_LIGHT_FIELDS = "id,meta,draft_exists"
#: Data Manager filter: tasks with at least one annotation or skip.
_TOUCHED = {"filters": {"conjunction": "or", "items": [
    {"filter": "filter:tasks:total_annotations", "operator": "greater", "type": "Number", "value": 0},
    {"filter": "filter:tasks:cancelled_annotations", "operator": "greater", "type": "Number", "value": 0},
]}}
#: Data Manager filter: tasks without any prediction (an import cut short, or predictions deleted by hand).
_NO_PREDICTION = {"filters": {"conjunction": "and", "items": [
    {"filter": "filter:tasks:total_predictions", "operator": "equal", "type": "Number", "value": 0},
]}}


# --- results ------------------------------------------------------------------------------------------------


@dataclass
class PushResult:
    """What :func:`push` did (or, with ``dry_run``, would do), by article id."""

    project_id: int | None
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    needs_review: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    config_updated: bool = False
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.config_updated)

    def summary(self) -> str:
        verb = "would push" if self.dry_run else "pushed"
        return (f"{verb} to project {self.project_id if self.project_id is not None else '(new)'}: "
                f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                f"{len(self.needs_review)} changed but annotated (need review)"
                + (f", {len(self.duplicates)} with several tasks" if self.duplicates else ""))

    def lines(self) -> list[str]:
        """One line per article that changes or needs attention (what ``--dry-run`` lists)."""
        out = [f"create {a}" for a in self.created] + [f"update {a}" for a in self.updated]
        out += [f"needs review {a}: the article changed but a human annotated its task; task left as it is"
                for a in self.needs_review]
        out += [f"duplicate {a}: several tasks for this article; the oldest is used" for a in self.duplicates]
        if self.config_updated:
            out.insert(0, "update the project's labeling interface")
        return out


@dataclass
class PullResult:
    """What :func:`pull` wrote (or, with ``dry_run``, would write)."""

    project_id: int
    files: list[WriteResult] = field(default_factory=list)
    annotations: int = 0
    skipped: int = 0
    stale: list[str] = field(default_factory=list)
    unknown_articles: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        counts = defaultdict(int)
        for f in self.files:
            counts[f.action] += 1
        verb = "would write" if self.dry_run else "wrote"
        return (f"pulled {self.annotations} annotations ({self.skipped} skipped) from project {self.project_id}; "
                f"{verb} {counts['created']} new and {counts['updated']} changed files, "
                f"{counts['unchanged']} unchanged; {len(self.stale)} stale")

    def lines(self) -> list[str]:
        out = [f"{f.action} {f.path}" for f in self.files if f.action != "unchanged"]
        out += [f"stale {a}: the task text differs from the article now; kept and flagged" for a in self.stale]
        out += [f"unknown article {a}: not in the corpus; annotations kept" for a in self.unknown_articles]
        return out


# --- the project --------------------------------------------------------------------------------------------


def find_project(client: StudioClient, project: int | str) -> dict | None:
    """The project by id (an int or a string of digits) or by title; ``None`` when no project has that title.

    Raises:
        StudioError: when a project id does not exist.
    """
    if isinstance(project, int) or (isinstance(project, str) and project.isdigit()):
        found = client.project(int(project))
        if found is None:
            raise StudioError(f"Label Studio at {client.url}: project {project} does not exist")
        return found
    return client.find_project(project)


def _project_updates(found: dict, config: str, model_version: str) -> dict:
    """What must change so the project shows our interface and our predictions as pre-annotations."""
    updates = {}
    if (found.get("label_config") or "").strip() != config.strip():  # the server strips the config
        updates["label_config"] = config
    if found.get("model_version") != model_version:
        updates["model_version"] = model_version
    return updates


def _create_project(client: StudioClient, title: str, config: str, model_version: str) -> dict:
    return client.create_project(title, config, model_version=model_version, show_collab_predictions=True,
                                 description=_DESCRIPTION)


#: How a complete push marks the project (in its description): the fingerprint of the whole corpus pushed.
_MARK = re.compile(r"(?:; )?last complete push: corpus fingerprint ([0-9a-f]{64})")
_DESCRIPTION = "claimset review (made by claimset sync push)"


def corpus_fingerprint(fingerprints: Mapping[str, str]) -> str:
    """sha256 of every (article id, document fingerprint) pair, in article id order."""
    h = hashlib.sha256()
    for article_id in sorted(fingerprints):
        h.update(f"{article_id}\x1f{fingerprints[article_id]}\x1e".encode("utf-8"))
    return h.hexdigest()


def _in_sync(found: dict, corpus: str, n: int) -> bool:
    """Whether the project is exactly as the last complete push of this corpus left it: its mark names this
    corpus, and it holds one task and one prediction per article (tasks or predictions deleted by hand, an
    import cut short, or another corpus pushed since all break this, and the full comparison runs)."""
    mark = _MARK.search(found.get("description") or "")
    return (mark is not None and mark.group(1) == corpus and found.get("task_number") == n
            and found.get("total_predictions_number") == n)


# --- push ---------------------------------------------------------------------------------------------------


def _existing(client: StudioClient, project_id: int) -> dict[str, list[dict]]:
    """The project's tasks by article id (from ``meta``; tasks made by other tools: from ``data``), oldest first.

    Each task dict gets ``touched`` (a human annotated, skipped or drafted it) and ``predicted`` (it has a
    prediction).
    """
    by_article: dict[str, list[dict]] = defaultdict(list)
    foreign = False
    touched = {t["id"] for t in client.iter_tasks(project_id, include="id", query=_TOUCHED, page_size=1000)}
    bare = {t["id"] for t in client.iter_tasks(project_id, include="id", query=_NO_PREDICTION, page_size=1000)}
    for t in client.iter_tasks(project_id, include=_LIGHT_FIELDS, page_size=1000):
        article_id = (t.get("meta") or {}).get("article_id")
        if article_id:
            by_article[article_id].append(t)
        else:
            foreign = True
    if foreign:  # tasks imported without our meta: read their data once to find the article id
        known = {t["id"] for ts in by_article.values() for t in ts}
        for t in client.iter_tasks(project_id, include=_LIGHT_FIELDS + ",data", page_size=500):
            article_id = (t.get("data") or {}).get("article_id")
            if article_id and t["id"] not in known:
                by_article[str(article_id)].append(t)
    for tasks in by_article.values():
        tasks.sort(key=lambda t: t["id"])
        for t in tasks:
            t["touched"] = t["id"] in touched or bool(t.get("draft_exists"))
            t["predicted"] = t["id"] not in bare
    return by_article


def document_fingerprint(doc: Document, salt: bytes) -> str:
    """sha256 of everything a document's task is made from: ``salt`` (interface and model version), the
    article's text hash, title and source, and every record. Equal fingerprints mean an equal task, so a push
    builds (and validates) only the tasks it sends."""
    h = hashlib.sha256(salt)
    a = doc.article
    h.update("\x1f".join((a.article_id, a.text_sha256, a.title or "", a.source_file)).encode("utf-8"))
    for record in (*doc.mentions, *doc.claims, *doc.stances):
        h.update(b"\x1e" + record.model_dump_json().encode("utf-8"))
    return h.hexdigest()


def push(
    documents: Iterable[Document],
    *,
    client: StudioClient,
    project: int | str = DEFAULT_PROJECT,
    dry_run: bool = False,
    model_version: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    label_config: str | None = None,
    verify: bool = False,
) -> PushResult:
    """Push the predicted records of ``documents`` to a Label Studio project, one task per article.

    Every task to be sent is built and checked against the labeling interface before anything is written.

    Args:
        documents: Predicted documents (e.g. from :func:`builder.pipeline.predict`).
        client: The connection.
        project: Project id, or title (a project with this title is made when there is none).
        dry_run: Only list what would change.
        model_version: The predictions' ``model_version`` (default: the rules' version).
        batch_size: Tasks per import call.
        progress: Called with the number of tasks created or updated so far, after each batch.
        label_config: The labeling interface (default: :func:`builder.studio.interface.label_config`).
        verify: Always compare task by task. Without it, a project whose description carries the mark of a
            complete push of this very corpus, and which holds one task and one prediction per article, is
            reported unchanged without listing its tasks (listing costs about 1.5 ms per task on the server).

    Raises:
        TaskError: a document's prediction does not fit the interface (nothing has been written).
        StudioError: the server failed; the message says how far the push got. Re-running finishes it.
    """
    if model_version is None:
        from builder.annotate import RULES_VERSION

        model_version = RULES_VERSION
    config = label_config if label_config is not None else ui.label_config()
    salt = hashlib.sha256(f"{config}\x1f{model_version}".encode("utf-8")).digest()
    docs: dict[str, tuple[Document, str]] = {}
    for doc in documents:
        if doc.article_id in docs:
            raise StudioError(f"article {doc.article_id} ({doc.article.source_file}) appears twice in the corpus")
        docs[doc.article_id] = (doc, document_fingerprint(doc, salt))
    found = find_project(client, project)
    updates = _project_updates(found, config, model_version) if found else {}
    result = PushResult(project_id=found["id"] if found else None, dry_run=dry_run,
                        config_updated="label_config" in updates)
    corpus = corpus_fingerprint({a: fp for a, (_, fp) in docs.items()})
    if found and not updates and not verify and _in_sync(found, corpus, len(docs)):
        result.unchanged = list(docs)
        return result
    existing = _existing(client, found["id"]) if found else {}
    new: list[str] = []
    replace: list[tuple[int, str]] = []
    for article_id, (doc, fingerprint) in docs.items():
        tasks = existing.get(article_id)
        if not tasks:
            new.append(article_id)
            continue
        if len(tasks) > 1:
            result.duplicates.append(article_id)
        current = tasks[0]
        same = (current.get("meta") or {}).get("fingerprint") == fingerprint
        if same and current["predicted"]:
            result.unchanged.append(article_id)
        elif any(t["touched"] for t in tasks):
            result.needs_review.append(article_id)
        else:
            replace.append((current["id"], article_id))
    result.created, result.updated = list(new), [a for _, a in replace]
    if dry_run:
        return result
    payload: dict[str, dict] = {}  # built and validated before anything is written
    for article_id in [*new, *(a for _, a in replace)]:
        doc, fingerprint = docs[article_id]
        task = document_to_task(doc, model_version, warnings=result.warnings)
        task["meta"] = {"article_id": article_id, "text_sha256": doc.article.text_sha256,
                        "fingerprint": fingerprint, "model_version": model_version}
        payload[article_id] = task
    if found is None:
        found = _create_project(client, str(project), config, model_version)
        result.project_id = found["id"]
    elif updates:
        client.update_project(found["id"], **updates)
    total, done = len(new) + len(replace), 0
    for start in range(0, len(new), batch_size):
        batch = [payload[a] for a in new[start:start + batch_size]]
        _import_batch(client, found["id"], batch, done, total)
        done += len(batch)
        if progress:
            progress(done)
    for task_id, article_id in replace:
        try:
            _replace(client, task_id, payload[article_id])
        except StudioError as exc:
            raise StudioError(f"push stopped after {done} of {total} tasks (updating task {task_id} of "
                              f"{article_id}): {exc}; run the push again to finish") from None
        done += 1
        if progress and (done % batch_size == 0 or done == total):
            progress(done)
    _mark(client, found, corpus if not (result.needs_review or result.duplicates) else None)
    return result


def _mark(client: StudioClient, found: dict, corpus: str | None) -> None:
    """Write (or, with ``None``, remove) the complete-push mark in the project's description."""
    description = found.get("description") or ""
    kept = _MARK.sub("", description) or _DESCRIPTION
    wanted = f"{kept}; last complete push: corpus fingerprint {corpus}" if corpus else kept
    if wanted != description:
        client.update_project(found["id"], description=wanted)


def _import_batch(client: StudioClient, project_id: int, batch: list[dict], done: int, total: int) -> None:
    """Import one batch; when the answer is lost, import only what did not land (once), else fail clearly."""
    try:
        client.import_tasks(project_id, batch)
        return
    except RetryableError as first:
        failure = first
    except StudioError as refused:  # the server refused the batch: repeating it would not help
        raise StudioError(f"push stopped after {done} of {total} tasks: {refused}") from None
    try:  # did the batch land? (listing is a safe, retried call)
        present = _existing(client, project_id)
        missing = [t for t in batch if t["meta"]["article_id"] not in present]
        if missing:
            client.import_tasks(project_id, missing)
        return
    except StudioError as exc:
        failure = exc
    raise StudioError(f"push stopped after {done} of {total} tasks: {failure}; run the push again to finish "
                      "(it creates no duplicates)") from None


def _replace(client: StudioClient, task_id: int, task: dict) -> None:
    """Give an untouched task its new text and prediction. The fingerprint in ``meta`` is written last, so a
    push that dies in between leaves a task the next push replaces again."""
    for old in client.predictions(task_id):
        client.delete_prediction(old["id"])
    for prediction in task["predictions"]:
        client.create_prediction(task_id, prediction)
    client.update_task(task_id, data=task["data"], meta=task["meta"])


# --- pull ---------------------------------------------------------------------------------------------------


def pull(
    *,
    client: StudioClient,
    project: int | str = DEFAULT_PROJECT,
    annotations_dir: Path,
    articles: Mapping[str, Article] | Iterable[Article] | None = None,
    dry_run: bool = False,
    predicted: Mapping[str, Document] | None = None,
) -> PullResult:
    """Pull every annotation of the project into ``annotations/<article_id>.yaml``.

    Args:
        client: The connection.
        project: Project id or title.
        annotations_dir: The ``annotations/`` folder.
        articles: The current articles (by id, or as a list); annotations on a different text are flagged stale.
        dry_run: Write nothing; the result lists what would be written.
        predicted: Current predicted documents by article id (gives rule names to reviewed records).

    Raises:
        StudioError: the server failed (nothing half-written: each file is replaced atomically).
    """
    if articles is None:
        by_id: dict[str, Article] = {}
    elif isinstance(articles, Mapping):
        by_id = dict(articles)
    else:
        by_id = {a.article_id: a for a in articles}
    found = find_project(client, project)
    if found is None:
        raise StudioError(f"Label Studio at {client.url}: no project titled {project!r}")
    result = PullResult(project_id=found["id"], dry_run=dry_run)
    users = client.users()
    pulled: dict[str, list] = defaultdict(list)
    for task in client.iter_tasks(found["id"], fields="all", query=_TOUCHED, page_size=200):
        article_id = str((task.get("data") or {}).get("article_id") or "")
        article = by_id.get(article_id)
        for annotation in task.get("annotations") or []:
            who = annotation.get("completed_by")
            if isinstance(who, int) and who in users:
                annotation = {**annotation, "completed_by": users[who]}
            try:
                human = annotation_to_human(task, annotation, article,
                                            predicted=(predicted or {}).get(article_id), warnings=result.warnings)
            except TaskError as exc:
                result.warnings.append(f"{exc}; annotation not pulled")
                continue
            result.annotations += 1
            result.skipped += human.state != "submitted"
            if human.stale and article_id not in result.stale:
                result.stale.append(article_id)
            pulled[article_id].append(human)
        if article is None and article_id and by_id and article_id not in result.unknown_articles:
            result.unknown_articles.append(article_id)
    for article_id in sorted(pulled):
        path = annotation_path(annotations_dir, article_id)
        stored = read_annotation_file(path, by_id.get(article_id)) if path.exists() else []
        versions = combine_versions(stored, pulled[article_id])
        result.files.append(write_annotations(annotations_dir, article_id, versions, dry_run=dry_run))
    return result
